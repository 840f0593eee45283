"""Forms for writing and reviewing case studies, and for curating the library.

The submission form is built from parts so other pages can reuse them (for example to start a
new case study from an existing one): `CaseStudyForm` holds the text and tags, the formsets hold
the repeatable rows, and `CaseStudyEditor` puts them together and saves the rows in order.
"""

from typing import Any

from django import forms
from django.forms.models import BaseInlineFormSet, inlineformset_factory

from members.models import User

from .models import (
    QUESTION_MAX_LENGTH,
    Adaptation,
    AuthorQuestion,
    AuthorReply,
    CaseStudy,
    CaseStudyAuthor,
    CaseStudyLink,
    Collection,
    CollectionItem,
    OutcomeMeasure,
    Topic,
)
from .services import REQUIRED_FOR_REVIEW, REQUIRED_RELATIONS, TERM_KINDS

SECTION_HELP = {
    "title": "Say what changed and where, e.g. “Shorter waits for hip surgery across five trusts”.",
    "summary": "Two or three sentences for people deciding whether to read on: the problem, what you did, "
    "and the result. Plain text, up to 600 characters.",
    "problem": "Who was affected and how, how you knew there was a problem (data, stories), and what "
    "made it hard. You can use Markdown: <code>**bold**</code>, lists with <code>- </code>, links as "
    "<code>[text](https://…)</code>.",
    "actions": "The changes you tested and how: the improvement approach, who took part, what you tried "
    "first and what you changed along the way.",
    "results": "What happened, with numbers where you have them (add the key ones as outcome measures "
    "below) and what patients, carers and staff said. Include what did not work.",
    "lessons": "What you would tell a team about to try the same: what helped, what got in the way, "
    "what you would do differently.",
    "next_steps": "How the work will be kept going or spread, and what you will measure next.",
}


class CaseStudyForm(forms.ModelForm):
    """The text, tags and dates of a case study.

    A draft may be saved with parts missing; with `require_complete=True` (when the author asks
    for review) every part curators need is required, and each missing one is named.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CaseStudy
        fields = [
            "title",
            "summary",
            "problem",
            "actions",
            "results",
            "lessons",
            "next_steps",
            "topics",
            "care_settings",
            "approaches",
            "organisations",
            "region",
            "started_on",
            "ended_on",
            "cover_image",
            "cover_image_alt",
        ]
        labels = {
            "problem": "The problem and its context",
            "actions": "What you did",
            "results": "Results and impact",
            "lessons": "Lessons learned",
            "next_steps": "What next",
            "care_settings": "Care settings",
            "approaches": "Improvement approaches",
        }
        help_texts = SECTION_HELP
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 8}),
            "actions": forms.Textarea(attrs={"rows": 8}),
            "results": forms.Textarea(attrs={"rows": 8}),
            "lessons": forms.Textarea(attrs={"rows": 6}),
            "next_steps": forms.Textarea(attrs={"rows": 4}),
            "topics": forms.CheckboxSelectMultiple,
            "care_settings": forms.CheckboxSelectMultiple,
            "approaches": forms.CheckboxSelectMultiple,
            "organisations": forms.CheckboxSelectMultiple,
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, require_complete: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.require_complete = require_complete
        self.fields["summary"].required = False
        self.fields["region"].empty_label = "Not given"
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.require_complete:
            for field, named in REQUIRED_FOR_REVIEW:
                value = cleaned.get(field)
                empty = not value if field in REQUIRED_RELATIONS else not str(value or "").strip()
                if empty and field not in self.errors:
                    self.add_error(field, f"Add {named} before submitting for review.")
        return cleaned


class RowsFormSet(BaseInlineFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this row"


class OrderedInlineFormSet(RowsFormSet):
    """Rows saved in the order shown; blank rows are ignored and ticked rows removed."""

    # Where the rows' positions start; the author list of a new case study starts after its creator.
    first_position = 0

    def save_in_order(self, case_study: CaseStudy) -> None:
        position = self.first_position
        for form in self.forms:
            row = form.instance
            if self._should_delete_form(form):
                if row.pk:
                    row.delete()
                continue
            if not row.pk and not form.has_changed():
                continue
            row = form.save(commit=False)
            row.case_study = case_study
            row.position = position
            row.save()
            position += 1


OutcomeMeasureFormSet = inlineformset_factory(
    CaseStudy,
    OutcomeMeasure,
    formset=OrderedInlineFormSet,
    fields=["label", "before", "after", "unit", "benefit"],
    labels={
        "label": "What was measured",
        "before": "Before",
        "after": "After",
        "unit": "Unit",
        "benefit": "Who benefits",
    },
    extra=2,
    can_delete=True,
)


class CaseStudyLinkForm(forms.ModelForm):
    url = forms.URLField(
        label="Web address", max_length=500, assume_scheme="https", help_text="The full address, starting https://"
    )

    class Meta:
        model = CaseStudyLink
        fields = ["title", "url"]


CaseStudyLinkFormSet = inlineformset_factory(
    CaseStudy, CaseStudyLink, form=CaseStudyLinkForm, formset=OrderedInlineFormSet, extra=2, can_delete=True
)


class CoAuthorForm(forms.ModelForm):
    """One author in the byline: a member (found by email address, who can then edit the case
    study too) or a named co-author who is not a member."""

    email = forms.EmailField(
        label="Member's email address",
        required=False,
        help_text="If they are a member, they can edit the case study with you.",
    )

    class Meta:
        model = CaseStudyAuthor
        fields = ["name", "role"]
        labels = {"name": "Name, if they are not a member", "role": "Role"}
        help_texts = {"name": "", "role": "Job title or part played, e.g. project lead."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.member_id and not self.is_bound:
            self.initial["email"] = self.instance.member.email  # type: ignore[union-attr]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        email, name = cleaned.get("email"), (cleaned.get("name") or "").strip()
        if email:
            member = User.objects.with_email(email).filter(is_active=True).first()
            if member is None:
                self.add_error(
                    "email", "No member has this address. Write their name instead to credit them without an account."
                )
            else:
                self.instance.member = member
                cleaned["name"] = ""
        elif name:
            self.instance.member = None
        elif self.has_changed() and not self.cleaned_data.get("DELETE"):
            self.add_error("name", "Give their name, or a member's email address.")
        return cleaned


class AuthorsFormSet(OrderedInlineFormSet):
    """The byline. The member editing cannot take themself off it, and nobody is listed twice."""

    def __init__(self, *args: Any, editor: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editor = editor
        self.creating = self.instance.pk is None
        self.first_position = 1 if self.creating else 0

    def get_queryset(self):
        return super().get_queryset().select_related("member")

    def clean(self) -> None:
        super().clean()
        members: list[int] = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            if form.instance.member_id and (form.has_changed() or form.instance.pk):
                members.append(form.instance.member_id)
        if len(members) != len(set(members)):
            raise forms.ValidationError("A member is listed more than once as an author.")
        if self.editor is None:
            return
        if self.creating and self.editor.pk in members:
            raise forms.ValidationError("You are already an author: list only your co-authors here.")
        if not self.creating and self.editor.pk not in members:
            raise forms.ValidationError(
                "You cannot take yourself off the authors. Ask a co-author to do it if you need to."
            )


CoAuthorFormSet = inlineformset_factory(
    CaseStudy, CaseStudyAuthor, form=CoAuthorForm, formset=AuthorsFormSet, extra=2, can_delete=True
)


class CaseStudyEditor:
    """The whole submission form: the case study's fields plus its authors, outcome measures and links."""

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        instance: CaseStudy | None = None,
        require_complete: bool = False,
        initial: dict[str, Any] | None = None,
        editor: User | None = None,
    ) -> None:
        parent = instance if instance is not None else CaseStudy()
        self.form = CaseStudyForm(data, files, instance=instance, require_complete=require_complete, initial=initial)
        self.authors = CoAuthorFormSet(data, instance=parent, prefix="authors", editor=editor)
        self.outcomes = OutcomeMeasureFormSet(data, instance=parent, prefix="outcomes")
        self.links = CaseStudyLinkFormSet(data, instance=parent, prefix="links")

    @property
    def formsets(self) -> list[OrderedInlineFormSet]:
        return [self.authors, self.outcomes, self.links]

    def is_valid(self) -> bool:
        # Every part is validated, so every problem is shown at once.
        results = [self.form.is_valid(), *(formset.is_valid() for formset in self.formsets)]
        return all(results)

    @property
    def submitted_version(self) -> int | None:
        return self.form.cleaned_data.get("version")

    def save_rows(self, case_study: CaseStudy) -> None:
        for formset in self.formsets:
            formset.instance = case_study
            formset.save_in_order(case_study)

    def errors(self) -> list[tuple[str, str]]:
        """(message, id of the field to jump to) for the error summary, in page order."""
        found = [(str(error), "") for error in self.form.non_field_errors()]
        for field in self.form.visible_fields():
            found += [(f"{field.label}: {error}", field.auto_id) for error in field.errors]
        for formset, row_name in ((self.authors, "Author"), (self.outcomes, "Outcome measure"), (self.links, "Link")):
            found += [(str(error), "") for error in formset.non_form_errors()]
            for number, form in enumerate(formset.forms, start=1):
                found += [(f"{row_name} {number}: {error}", "") for error in form.non_field_errors()]
                for field in form.visible_fields():
                    found += [(f"{row_name} {number}, {field.label}: {error}", field.auto_id) for error in field.errors]
        return found


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="Everyone on the conversation sees it: the authors and the curators.",
    )


class DecisionForm(forms.Form):
    PUBLISH = "publish"
    REQUEST_CHANGES = "request_changes"
    DECLINE = "decline"

    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        choices=[
            (PUBLISH, "Publish it"),
            (REQUEST_CHANGES, "Ask the authors for changes"),
            (DECLINE, "Decline it"),
        ],
    )
    message = forms.CharField(
        label="Message to the authors",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        required=False,
        help_text="Needed when you ask for changes or decline: say what to change, or why. "
        "It is emailed to the authors and kept in the conversation.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("decision") in {self.REQUEST_CHANGES, self.DECLINE} and not cleaned.get("message", "").strip():
            self.add_error("message", "Write a message to the authors: what to change, or why it is declined.")
        return cleaned


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label="Reviewer", queryset=User.objects.none(), required=False, empty_label="Nobody yet"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = User.objects.curators().order_by("name")


class CollectionForm(forms.ModelForm):
    class Meta:
        model = Collection
        fields = ["title", "slug", "introduction", "featured"]
        labels = {"slug": "Web address name", "featured": "Feature this collection on the home page"}
        help_texts = {
            "slug": "Lower-case words joined by hyphens, such as winter-pressures for the address "
            "/collections/winter-pressures/.",
            "introduction": "Why these case studies belong together. Markdown.",
        }
        widgets = {"introduction": forms.Textarea(attrs={"rows": 6})}

    def _get_validation_exclusions(self) -> set[str]:
        # Featuring this collection unfeatures the other one (services.collection_save), so the
        # one-featured constraint is not the curator's error to fix.
        return {*super()._get_validation_exclusions(), "featured"}


class CollectionItemForm(forms.ModelForm):
    class Meta:
        model = CollectionItem
        fields = ["case_study", "position", "note"]
        labels = {"case_study": "Case study", "position": "Order"}
        help_texts = {"position": "Lower numbers come first."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_study"].queryset = CaseStudy.objects.published().order_by("title")


CollectionItemFormSet = inlineformset_factory(
    Collection, CollectionItem, form=CollectionItemForm, formset=RowsFormSet, extra=3, can_delete=True
)


class CollectionEditor:
    """A collection and its ordered items, validated and saved together."""

    def __init__(self, data: Any = None, *, instance: Collection | None = None) -> None:
        self.form = CollectionForm(data, instance=instance)
        self.items = CollectionItemFormSet(data, instance=instance or Collection(), prefix="items")

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.items.is_valid()])

    def save_items(self, collection: Collection) -> bool:
        """Saves the items; returns whether any changed."""
        self.items.instance = collection
        changed = False
        for form in self.items.forms:
            if self.items._should_delete_form(form):
                if form.instance.pk:
                    form.instance.delete()
                    changed = True
                continue
            if not form.has_changed():
                continue
            item = form.save(commit=False)
            item.collection = collection
            item.save()
            changed = True
        return changed


class TermMergeForm(forms.Form):
    """Two terms of one kind: the first is folded into the second, which keeps every case study tagged."""

    source = forms.ModelChoiceField(label="Merge this term (it will be removed)", queryset=Topic.objects.none())
    target = forms.ModelChoiceField(label="Into this term (it is kept)", queryset=Topic.objects.none())

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, auto_id=f"id_{kind}_%s", **kwargs)
        terms = TERM_KINDS[kind].model.objects.order_by("name")
        for name in ("source", "target"):
            self.fields[name].queryset = terms

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("source") and cleaned.get("source") == cleaned.get("target"):
            self.add_error("target", "Choose a different term to merge into.")
        return cleaned


class AdaptationForm(forms.ModelForm):
    """What a member records when their organisation takes up a case study; `adapted_as` offers only their own."""

    class Meta:
        model = Adaptation
        fields = ["organisation", "changes", "status", "adapted_as"]
        widgets = {"changes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"adapted_as": "If you have written up your adaptation as a case study, link it here."}

    def __init__(self, *args: Any, member: User, case_study: CaseStudy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adapted_as"].queryset = (
            CaseStudy.objects.authored_by(member).exclude(pk=case_study.pk).filter(revision_of__isnull=True)
        )
        self.fields["adapted_as"].required = False
        self.fields["adapted_as"].empty_label = "Not yet"
        if not self.is_bound and member.organisation:
            self.initial.setdefault("organisation", member.organisation)


class AuthorQuestionForm(forms.ModelForm):
    """A question to the authors: plain text, shown to them as written and never as HTML."""

    class Meta:
        model = AuthorQuestion
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        # What the authors see is said once, above the form.
        help_texts = {"text": f"Up to {QUESTION_MAX_LENGTH:,} characters."}


class AuthorReplyForm(forms.ModelForm):
    class Meta:
        model = AuthorReply
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "text": f"Up to {QUESTION_MAX_LENGTH:,} characters. "
            "We email your reply with your name, but not your email address."
        }


class QuestionReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with this message?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the site's curators see your report.",
    )
