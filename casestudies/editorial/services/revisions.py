"""Revisions of a published case study: a draft copy that its authors change while the published
one stays as it was, merged into it when a curator publishes the revision."""

from collections.abc import Iterable
from typing import Any, TypeVar, cast

from django.db import models, transaction

from casestudies.editorial.models import AuditEntry, ReviewMessage
from casestudies.editorial.services.audit import audit_record
from casestudies.editorial.services.errors import ReviewError
from casestudies.editorial.services.submission import unique_slug
from casestudies.library import taxonomy
from casestudies.library.models import (
    SECTIONS,
    CaseStudy,
    CaseStudyAuthor,
    CaseStudyLink,
    MeasurePoint,
    OutcomeMeasure,
    Status,
)
from casestudies.library.search import search_vectors_refresh
from casestudies.library.series import evidence_refresh
from members.models import User

# A case study's part copied row by row: its authors, outcome measures and links.
Row = TypeVar("Row", CaseStudyAuthor, OutcomeMeasure, CaseStudyLink)

# Fields copied between a published case study and its revision.
CONTENT_FIELDS = [
    "title",
    "summary",
    *(name for name, _heading in SECTIONS),
    "region",
    "started_on",
    "ended_on",
    "cover_image",
    "cover_image_alt",
]

TAXONOMY_RELATIONS = ["organisations", *taxonomy.MANY_RELATIONS]


@transaction.atomic
def case_study_revision_start(*, case_study: CaseStudy, by: User) -> CaseStudy:
    """Returns the open revision of a published case study, making one (a draft copy) if there is
    none. The published case study is not touched; audit entry."""
    live = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if live.status != Status.PUBLISHED:
        raise ReviewError("Only a published case study is revised; edit this one directly.")
    existing = live.revisions.first()
    if existing is not None:
        return existing
    revision = CaseStudy(
        revision_of=live,
        slug=unique_slug(f"{live.slug}-revision"),
        status=Status.DRAFT,
        created_by=by,
        **_content(live),
    )
    revision.save()
    for relation in TAXONOMY_RELATIONS:
        getattr(revision, relation).set(getattr(live, relation).all())
    _copy_rows(source=live, target=revision)
    audit_record(by=by, action=AuditEntry.Action.REVISION_STARTED, subject=live.title, case_study=live)
    return revision


def revision_merge(*, revision: CaseStudy) -> CaseStudy:
    # Only a revision is merged, so it has an original.
    live = CaseStudy.objects.select_for_update().get(pk=cast(int, revision.revision_of_id))
    for field, value in _content(revision).items():
        setattr(live, field, value)
    live.version += 1
    live.save()
    for relation in TAXONOMY_RELATIONS:
        getattr(live, relation).set(getattr(revision, relation).all())
    _copy_rows(source=revision, target=live)
    # The conversation and history of the revision become part of the live record's.
    ReviewMessage.objects.filter(case_study=revision).update(case_study=live)
    AuditEntry.objects.filter(case_study=revision).update(case_study=live)
    revision.delete()
    return live


def _content(case_study: CaseStudy) -> dict[str, Any]:
    """The content fields' values, with files by stored name so two records can share one file."""
    values = {field: getattr(case_study, field) for field in CONTENT_FIELDS}
    values["cover_image"] = case_study.cover_image.name
    return values


def revision_changes(revision: CaseStudy) -> list[str]:
    """The names of the content fields in which a revision differs from its published original."""
    live = revision.revision_of
    if live is None:
        return []
    return [
        str(cast("models.Field[Any, Any]", CaseStudy._meta.get_field(field)).verbose_name)
        for field in CONTENT_FIELDS
        if _comparable(revision, field) != _comparable(live, field)
    ]


def _comparable(case_study: CaseStudy, field: str) -> Any:
    if field == "region":
        return case_study.region_id
    if field == "cover_image":
        return case_study.cover_image.name
    return getattr(case_study, field)


def _copy_rows(*, source: CaseStudy, target: CaseStudy) -> None:
    """Replaces the target's authors, outcome measures and links with copies of the source's."""
    _copy_model_rows(CaseStudyAuthor, ["member_id", "name", "role", "position"], source=source, target=target)
    measures = ["label", "before", "after", "unit", "benefit", "better", "change_from", "position"]
    rows, copies = _copy_model_rows(OutcomeMeasure, measures, source=source, target=target)
    _copy_series(pairs=zip(rows, copies, strict=True))
    _copy_model_rows(CaseStudyLink, ["title", "url", "position"], source=source, target=target)
    # bulk_create sends no signals; the outcome labels are part of the search vector.
    search_vectors_refresh(case_study_ids=[target.pk])
    evidence_refresh(case_study_ids=[target.pk])


def _copy_model_rows(
    model: type[Row], fields: list[str], *, source: CaseStudy, target: CaseStudy
) -> tuple[list[Row], list[Row]]:
    """Replaces the target's rows of `model` with copies of the source's `fields`: (the source's, the copies)."""
    model._default_manager.filter(case_study=target).delete()
    rows = list(model._default_manager.filter(case_study=source))
    copies = model._default_manager.bulk_create(
        model(case_study=target, **{field: getattr(row, field) for field in fields}) for row in rows
    )
    return rows, copies


def _copy_series(*, pairs: Iterable[tuple[OutcomeMeasure, OutcomeMeasure]]) -> None:
    """Each measure's points go with it into the copy (bulk_create on PostgreSQL returns the new ids)."""
    new_id = {source.pk: copy.pk for source, copy in pairs}
    MeasurePoint.objects.bulk_create(
        MeasurePoint(measure_id=new_id[point.measure_id], on=point.on, value=point.value, note=point.note)
        for point in MeasurePoint.objects.filter(measure_id__in=new_id)
    )
