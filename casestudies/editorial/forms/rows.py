"""The repeatable rows of the submission form (co-authors, outcome measures, links), saved in the
order they are shown, and the most rows any list on a form takes."""

from typing import Any

from django import forms
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.functional import cached_property

from casestudies.library.models import CaseStudy, CaseStudyAuthor, CaseStudyLink, OutcomeMeasure
from members.models import User

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
