"""Finding a co-author among the members by name (or their whole email address), in the authors
part of the submission form: offered as the author types (htmx) and, without JavaScript, listed
by the form's Find button. Each member found has a button that adds them when the form is saved.

Only members whose profile the author may see are offered (never hidden or deleted members,
never across a block either way: `User.objects.listed_for`), and never with their address.
"""

from typing import Any

from django import forms
from django.db.models import Max
from django.urls import reverse_lazy

from casestudies.library.models import CaseStudy, CaseStudyAuthor
from members.models import User

SUGGESTIONS = 10
PREFIX = "coauthor"
CANNOT_ADD = "Choose a member from the list offered: that one cannot be added. Search for them again by name."


def co_authors_offered(viewer: User, text: str) -> list[User]:
    """Up to SUGGESTIONS members the viewer may find by the text typed (at least 2 characters)."""
    if len(text.strip()) < 2:
        return []
    found = User.objects.listed_for(viewer).found_by(text)
    return list(found.only("id", "name", "job_title", "organisation")[:SUGGESTIONS])


class MemberSearchInput(forms.TextInput):
    """A search box whose matches htmx puts in the list below it as the author types."""

    def __init__(self) -> None:
        super().__init__(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "data-hx-get": reverse_lazy("casestudies:co_author_suggest"),
                "data-hx-trigger": "input changed delay:250ms, search",
                "data-hx-target": "#coauthor-found",
                "data-hx-swap": "innerHTML",
                "data-hx-sync": "this:replace",
                "aria-controls": "coauthor-found",
            }
        )


class CoAuthorFinder(forms.Form):
    """The search box and the member chosen from its results (sent by the result's own button)."""

    q = forms.CharField(
        label="Find a member by name",
        max_length=200,
        required=False,
        widget=MemberSearchInput(),
        help_text="Type part of their name, or their whole email address. Members' email addresses are never shown.",
    )
    add = forms.CharField(max_length=20, required=False)

    def __init__(self, data: Any = None, *, editor: User | None, case_study: CaseStudy | None) -> None:
        super().__init__(data, prefix=PREFIX)
        self.editor = editor
        self.case_study = case_study
        self.member: User | None = None
        self.found: list[User] | None = None

    def search(self) -> None:
        """Without JavaScript: the members matching the text typed, listed under the box."""
        text = (self.data.get(self.add_prefix("q")) or "").strip()[:200]
        self.found = co_authors_offered(self.editor, text) if self.editor is not None else []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        value = (cleaned.get("add") or "").strip()
        if not value or self.editor is None:
            return cleaned
        if value == str(self.editor.pk):
            self.add_error("q", "That is you: you are already one of its authors.")
            return cleaned
        # An id too long for the column finds nobody, rather than failing in the database.
        if value.isdigit() and len(value) < 18:
            self.member = User.objects.listed_for(self.editor).filter(pk=int(value)).only("id", "name").first()
        if self.member is None:
            self.add_error("q", CANNOT_ADD)
        return cleaned

    def refuse_listed(self, member_ids: set[int]) -> None:
        """Refuses the member chosen when the form's rows already list them."""
        if self.member is not None and self.member.pk in member_ids:
            self.add_error("q", f"{self.member.name} is already one of its authors.")
            self.member = None

    def save(self, case_study: CaseStudy) -> None:
        """Adds the member chosen at the end of the byline (the caller tells them by email)."""
        if self.member is None:
            return
        last = CaseStudyAuthor.objects.filter(case_study=case_study).aggregate(last=Max("position"))["last"]
        CaseStudyAuthor.objects.create(
            case_study=case_study, member=self.member, position=0 if last is None else last + 1
        )
