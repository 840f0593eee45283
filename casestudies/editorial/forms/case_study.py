"""The submission form, and the message form of the review thread.

The submission form is built from parts so other pages can reuse them (for example to start a
new case study from an existing one): `CaseStudyForm` holds the text and tags, the formsets hold
the repeatable rows, and `CaseStudyEditor` puts them together and saves the rows in order.
"""

from typing import Any

from django import forms
from django.forms.models import modelform_factory

from casestudies.editorial.co_authors import CoAuthorFinder
from casestudies.editorial.forms.rows import (
    CaseStudyLinkFormSet,
    CoAuthorFormSet,
    OrderedInlineFormSet,
    OutcomeMeasureFormSet,
    OwnRoleForm,
)
from casestudies.editorial.services.submission import REQUIRED_FOR_REVIEW, REQUIRED_RELATIONS
from casestudies.library import taxonomy
from casestudies.library.models import CaseStudy, Organisation
from members.forms import OrganisationInput
from members.models import User, validate_organisation_name

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
    # Longer than the column, so an over-long name gets a message rather than being cut off by the browser.
    new_organisation = forms.CharField(
        label="Add an organisation",
        max_length=500,
        required=False,
        validators=[validate_organisation_name],
        widget=OrganisationInput,
        help_text="Start typing and choose it from the list if it is there. If it is not, give its full name and "
        "it is added when you save. Capitals, punctuation and words such as “NHS” and “Trust” do not matter.",
    )

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
            **{kind.relation: kind.plural for kind in taxonomy.KINDS if kind.many},
        }
        help_texts = SECTION_HELP
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 8}),
            "actions": forms.Textarea(attrs={"rows": 8}),
            "results": forms.Textarea(attrs={"rows": 8}),
            "lessons": forms.Textarea(attrs={"rows": 6}),
            "next_steps": forms.Textarea(attrs={"rows": 4}),
            **dict.fromkeys(taxonomy.MANY_RELATIONS, forms.CheckboxSelectMultiple),
            "organisations": forms.CheckboxSelectMultiple,
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, require_complete: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.require_complete = require_complete
        # A step of the form has only some of the fields.
        if "summary" in self.fields:
            self.fields["summary"].required = False
        if "region" in self.fields:
            self.fields["region"].empty_label = "Not given"
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        if "organisations" in self.fields:
            self.fields["organisations"].label = "Organisations that did the work"
            self.fields["organisations"].help_text = "Untick one to take it off."
            self.offer_organisations([])

    def offer_organisations(self, found: list[Organisation]) -> None:
        """Shows as boxes only the organisations chosen (and any found by a search), never the
        whole list; any organisation may still be chosen by its id."""
        field = self.fields["organisations"]
        if self.is_bound:
            name = self.add_prefix("organisations")
            posted = self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name) or []
            wanted = [value for value in posted if str(value).isdigit()]
        else:
            initial = self.initial.get("organisations") or []
            wanted = [getattr(value, "pk", value) for value in initial]
        chosen = list(Organisation.objects.filter(pk__in=wanted).only("id", "name")) if wanted else []
        extra = [organisation for organisation in found if organisation not in chosen]
        field.widget.choices = [(organisation.pk, organisation.name) for organisation in chosen + extra]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.require_complete:
            for field, named in REQUIRED_FOR_REVIEW:
                value = cleaned.get(field)
                empty = not value if field in REQUIRED_RELATIONS else not str(value or "").strip()
                if empty and field not in self.errors:
                    self.add_error(field, f"Add {named} before submitting for review.")
        return cleaned


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
        fields: list[str] | None = None,
        rows: tuple[str, ...] = ("authors", "outcomes", "links"),
    ) -> None:
        """`fields` and `rows` choose a part of the form (a step); by default it is all of it."""
        parent = instance if instance is not None else CaseStudy()
        form_class = (
            CaseStudyForm if fields is None else modelform_factory(CaseStudy, form=CaseStudyForm, fields=fields)
        )
        self.form = form_class(data, files, instance=instance, require_complete=require_complete, initial=initial)
        # Only a new case study asks for the starter's role here; afterwards it is their row among the authors.
        self.own = (
            OwnRoleForm(data, prefix="me", initial={"role": getattr(editor, "job_title", "")})
            if instance is None
            else None
        )
        self.authors = (
            CoAuthorFormSet(data, instance=parent, prefix="authors", editor=editor) if "authors" in rows else None
        )
        self.outcomes = OutcomeMeasureFormSet(data, instance=parent, prefix="outcomes") if "outcomes" in rows else None
        self.links = CaseStudyLinkFormSet(data, instance=parent, prefix="links") if "links" in rows else None
        self.finder = CoAuthorFinder(data, editor=editor, case_study=instance) if "authors" in rows else None

    @property
    def formsets(self) -> list[OrderedInlineFormSet]:
        return [formset for formset in (self.authors, self.outcomes, self.links) if formset is not None]

    def is_valid(self) -> bool:
        # Every part is validated, so every problem is shown at once.
        results = [self.form.is_valid(), *(formset.is_valid() for formset in self.formsets)]
        if self.own is not None:
            results.append(self.own.is_valid())
        if self.finder is not None and self.authors is not None:
            results.append(self.finder.is_valid())
            self.finder.refuse_listed(self.authors.listed_members())
            results.append(not self.finder.errors)
        return all(results)

    @property
    def own_role(self) -> str:
        return self.own.cleaned_data.get("role", "").strip() if self.own is not None else ""

    @property
    def submitted_version(self) -> int | None:
        return self.form.cleaned_data.get("version")

    def save_rows(self, case_study: CaseStudy) -> None:
        for formset in self.formsets:
            formset.instance = case_study
            formset.save_in_order(case_study)
        if self.finder is not None:
            self.finder.save(case_study)

    def changed_parts(self) -> list[str]:
        """What a save changed, named as the form names it (for the history)."""
        names = [
            "organisations" if name == "new_organisation" else str(self.form.fields[name].label or name).lower()
            for name in self.form.changed_data
            if name != "version"
        ]
        for formset, named in ((self.authors, "authors"), (self.outcomes, "outcome measures"), (self.links, "links")):
            if formset is not None and formset.has_changed():
                names.append(named)
        if self.finder is not None and self.finder.member is not None and "authors" not in names:
            names.append("authors")
        return names

    def errors(self) -> list[tuple[str, str]]:
        """(message, id of the field to jump to) for the error summary, in page order."""
        found = [(str(error), "") for error in self.form.non_field_errors()]
        for field in self.form.visible_fields():
            found += [(f"{field.label}: {error}", field.auto_id) for error in field.errors]
        if self.own is not None:
            found += [(f"{field.label}: {error}", field.auto_id) for field in self.own for error in field.errors]
        if self.finder is not None:
            found += [(f"Co-author: {error}", self.finder["q"].auto_id) for error in self.finder["q"].errors]
        for formset, row_name in (
            (self.authors, "Co-author"),
            (self.outcomes, "Outcome measure"),
            (self.links, "Link"),
        ):
            if formset is None:
                continue
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
