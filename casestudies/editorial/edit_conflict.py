"""Two tabs (or two co-authors) editing the same draft: when a save is refused because the case
study changed since the form was opened, the person sees, for each field of the form that differs,
the saved text beside the text they tried to save, with the words that differ marked (the
review's own comparison), and chooses to save theirs over it or take the saved one."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from casestudies.editorial.forms.case_study import CaseStudyEditor
from casestudies.editorial.review_diff import LIST_FIELDS, TEXT_FIELDS, FieldChange, review_changes, review_snapshot
from casestudies.library.models import CaseStudy, CaseStudyAuthor

KEY_BY_LABEL = {label: key for key, label in [*TEXT_FIELDS, *LIST_FIELDS]}


@dataclass
class FieldConflict:
    key: str
    change: FieldChange  # the text tried, with the words that differ from the saved text marked
    saved: Any  # the saved text, or the saved list of items


def saved_case_study(pk: int) -> CaseStudy:
    """The case study as it is now saved, with what the comparison reads."""
    return (
        CaseStudy.objects.select_related("region")
        .prefetch_related(
            Prefetch("authors", queryset=CaseStudyAuthor.objects.select_related("member").order_by("position", "id")),
            "outcomes",
            "links",
            "organisations",
            "topics",
            "care_settings",
            "approaches",
        )
        .get(pk=pk)
    )


def edit_conflicts(editor: CaseStudyEditor, saved: CaseStudy) -> list[FieldConflict]:
    """Each field of the form whose text (valid, as it was sent) differs from the saved one."""
    before = review_snapshot(saved)
    after = before | tried(editor)
    return [
        FieldConflict(key=KEY_BY_LABEL[change.label], change=change, saved=before[KEY_BY_LABEL[change.label]])
        for change in review_changes(before, after)
    ]


def tried(editor: CaseStudyEditor) -> dict[str, Any]:
    """What the form sent, as the review snapshot names it; only the parts this form has."""
    cleaned = editor.form.cleaned_data
    values: dict[str, Any] = {key: cleaned[key] or "" for key, _label in TEXT_FIELDS[:7] if key in cleaned}
    if "region" in cleaned:
        values["region"] = cleaned["region"].name if cleaned["region"] else ""
    for key in ("started_on", "ended_on"):
        if key in cleaned:
            values[key] = cleaned[key].isoformat() if cleaned[key] else ""
    for key in ("organisations", "topics", "care_settings", "approaches"):
        if key in cleaned:
            values[key] = sorted(str(term) for term in cleaned[key])
    if cleaned.get("new_organisation") and "organisations" in values:
        values["organisations"] = sorted([*values["organisations"], " ".join(cleaned["new_organisation"].split())])
    for key, formset, shown in (
        ("authors", editor.authors, author_line),
        ("outcomes", editor.outcomes, str),
        ("links", editor.links, lambda link: f"{link.title} ({link.url})"),
    ):
        if formset is not None:
            values[key] = [shown(form.instance) for form in kept_rows(formset)]
    if editor.finder is not None and editor.finder.member is not None:
        values["authors"].append(editor.finder.member.name)
    return values


def kept_rows(formset) -> list:
    return [
        form
        for form in formset.forms
        if hasattr(form, "cleaned_data")
        and not form.cleaned_data.get("DELETE")
        and (form.instance.pk or form.has_changed())
    ]


def author_line(author: CaseStudyAuthor) -> str:
    return f"{author.display_name} ({author.role})" if author.role else author.display_name
