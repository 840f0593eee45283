"""Forms for writing and reviewing case studies, and for curating the library.

The submission form is built from parts so other pages can reuse them (for example to start a
new case study from an existing one): `CaseStudyForm` holds the text and tags, the formsets hold
the repeatable rows, and `CaseStudyEditor` puts them together and saves the rows in order.
"""

from typing import Any

from django import forms
from django.forms.models import BaseInlineFormSet, inlineformset_factory, modelform_factory
from django.utils.functional import cached_property

from casestudies.editorial.services.review import REQUIRED_FOR_REVIEW, REQUIRED_RELATIONS
from casestudies.library.models import CaseStudy, CaseStudyAuthor, CaseStudyLink, Organisation, OutcomeMeasure
from casestudies.spread.models import QUESTION_MAX_LENGTH, Adaptation, AuthorQuestion, AuthorReply
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


# The most rows each list on a form takes. A form never builds more rows than this, whatever
# its TOTAL_FORMS says, so a hostile count costs no more than an honest full list.
MAX_AUTHORS = 20
MAX_OUTCOME_MEASURES = 20
MAX_LINKS = 20
MAX_COLLECTION_ITEMS = 100


def row_limits(most: int) -> dict[str, Any]:
    return {"max_num": most, "validate_max": True, "absolute_max": most}


class KnownRowField(forms.ModelChoiceField):
    """A row's id, found among the rows the formset has read rather than read again one by one,
    so a sent form costs the same few queries however many rows it has."""

    def __init__(self, *args: Any, rows: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        try:
            return self.rows[int(value)]
        except (KeyError, TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class RowsFormSet(BaseInlineFormSet):
    default_error_messages = {
        "too_many_forms": "This list takes at most %(num)d rows. Remove some and try again.",
        "too_few_forms": "This list needs at least %(num)d rows.",
    }

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this row"
        name = self.model._meta.pk.name
        field = form.fields.get(name)
        if self.is_bound and isinstance(field, forms.ModelChoiceField):
            if not hasattr(self, "known_rows"):
                self.known_rows = {row.pk: row for row in self.get_queryset()}
            form.fields[name] = KnownRowField(
                field.queryset, initial=field.initial, required=False, widget=field.widget, rows=self.known_rows
            )


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
    **row_limits(MAX_OUTCOME_MEASURES),
)


class CaseStudyLinkForm(forms.ModelForm):
    url = forms.URLField(
        label="Web address", max_length=500, assume_scheme="https", help_text="The full address, starting https://"
    )

    class Meta:
        model = CaseStudyLink
        fields = ["title", "url"]


CaseStudyLinkFormSet = inlineformset_factory(
    CaseStudy,
    CaseStudyLink,
    form=CaseStudyLinkForm,
    formset=OrderedInlineFormSet,
    extra=2,
    can_delete=True,
    **row_limits(MAX_LINKS),
)


class CoAuthorForm(forms.ModelForm):
    """One author in the byline: a member (found by email address, or chosen from a search by
    name; they can then edit the case study too) or a named co-author who is not a member. A
    member's row never shows their address to the other authors: it keeps its member."""

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

    def __init__(self, *args: Any, editor: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editor = editor
        self.listed_email = self.instance.member.email.lower() if self.instance.member_id else ""  # type: ignore[union-attr]

    @cached_property
    def changed_data(self) -> list[str]:
        # A member's row is sent without an address (or with the member's own): not a change.
        email = (self.data.get(self.add_prefix("email")) or "").strip().lower() if self.is_bound else ""
        unchanged = self.listed_email and email in {"", self.listed_email}
        return [name for name in super().changed_data if not (name == "email" and unchanged)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        email, name = cleaned.get("email"), (cleaned.get("name") or "").strip()
        if email and email.lower() == self.listed_email:
            cleaned["name"] = ""  # the member the row lists already
        elif email:
            found = User.objects.with_email(email).filter(is_active=True)
            # Nobody adds a member across a block, either way; the message does not tell of it.
            member = (found.unblocked(self.editor) if self.editor is not None else found).first()
            if member is None:
                self.add_error(
                    "email", "No member has this address. Write their name instead to credit them without an account."
                )
            else:
                self.instance.member = member
                cleaned["name"] = ""
        elif name:
            self.instance.member = None
        elif self.instance.member_id:
            pass  # a member's row, sent without their address
        elif self.has_changed() and not self.cleaned_data.get("DELETE"):
            self.add_error("name", "Give their name, or a member's email address.")
        return cleaned


class AuthorsFormSet(OrderedInlineFormSet):
    """The byline. The member editing cannot take themself off it, and nobody is listed twice."""

    def __init__(self, *args: Any, editor: User | None = None, **kwargs: Any) -> None:
        # Given here rather than in get_queryset(), which Django calls once per row: a new
        # queryset from there was read again for every row.
        kwargs.setdefault("queryset", CaseStudyAuthor.objects.select_related("member"))
        kwargs.setdefault("form_kwargs", {"editor": editor})
        super().__init__(*args, **kwargs)
        self.editor = editor
        self.creating = self.instance.pk is None
        self.first_position = 1 if self.creating else 0

    def clean(self) -> None:
        super().clean()
        members: list[int] = []
        names: set[str] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            member_id = form.instance.member_id
            if member_id and (form.has_changed() or form.instance.pk):
                # Each problem is put on the row's own field, so the summary leads to it.
                if self.creating and self.editor is not None and member_id == self.editor.pk:
                    form.add_error("email", "That is you: you are already listed first, with your own role above.")
                elif member_id in members:
                    form.add_error("email", "This member is already listed as an author.")
                members.append(member_id)
            elif not member_id and form.cleaned_data.get("name"):
                name = " ".join(form.cleaned_data["name"].split()).casefold()
                if name in names:
                    form.add_error("name", "This person is already listed as an author.")
                names.add(name)
        if self.editor is not None and not self.creating and self.editor.pk not in members:
            raise forms.ValidationError(
                "You cannot take yourself off the authors. Ask a co-author to do it if you need to."
            )

    def listed_members(self) -> set[int]:
        """The members the rows list once saved (valid rows, not ticked for removal)."""
        return {
            form.instance.member_id
            for form in self.forms
            if hasattr(form, "cleaned_data") and form.instance.member_id and not self._should_delete_form(form)
        }


CoAuthorFormSet = inlineformset_factory(
    CaseStudy,
    CaseStudyAuthor,
    form=CoAuthorForm,
    formset=AuthorsFormSet,
    extra=2,
    can_delete=True,
    **row_limits(MAX_AUTHORS),
)


class OwnRoleForm(forms.Form):
    """The role of the member starting a case study, who is its first author."""

    role = forms.CharField(
        label="Your role in the work",
        max_length=150,
        required=False,
        help_text="Shown beside your name, e.g. project lead or ward manager. It starts as your job title.",
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
