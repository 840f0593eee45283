"""Which kept pages each of the library's rows is shown on (core.page_cache), and so retires.

Dependencies: LIBRARY for every page that lists case studies or counts them (the library and its
facets, collections, the home page's sections); case_study(slug) for one case study's own pages;
author(member id) for what a member's home shows of their own work in any status (with the
questions and adaptations of it, casestudies.spread.page_keys). Rows no kept page shows
(bookmarks, review messages, the audit trail) retire nothing.
"""

from collections.abc import Iterable

from django.db.models.signals import post_delete, pre_save

from casestudies.library import taxonomy
from casestudies.library.models import (
    Attachment,
    CaseStudy,
    CaseStudyAuthor,
    CaseStudyLink,
    Collection,
    CollectionItem,
    MeasurePoint,
    Organisation,
    OutcomeMeasure,
    Status,
    SynonymGroup,
)
from casestudies.library.search import published_changed
from core.page_cache import EVERYWHERE, retire, watch

LIBRARY = "library"


def case_study(slug: str) -> str:
    return f"case-study:{slug}"


def author(member_id: int) -> str:
    return f"author:{member_id}"


def authors_of(*case_study_ids: int | None) -> list[str]:
    """The author(member id) dependencies of these case studies' member authors."""
    ids = [pk for pk in case_study_ids if pk is not None]
    members = CaseStudyAuthor.objects.filter(case_study_id__in=ids, member__isnull=False).values_list("member_id")
    return [author(member_id) for (member_id,) in members.distinct()]


def _case_study_changed(instance: CaseStudy) -> Iterable[str]:
    # A draft is on no kept page but its authors' homes; a published one is on the lists too. A
    # revision is merged into its published original, whose save retires its pages. A revision
    # is saved before its authors are copied onto it (with no signal): its original's are its own.
    authors = authors_of(instance.pk, instance.revision_of_id)
    if instance.status == Status.PUBLISHED and not instance.revision_of_id:
        return (LIBRARY, case_study(instance.slug), *authors)
    return authors


def _author_changed(row: CaseStudyAuthor) -> Iterable[str]:
    return (*part_of(row.case_study_id), *([author(row.member_id)] if row.member_id else []))


def status_moved(moved: CaseStudy, *, maybe_was_published: bool) -> None:
    """Retires the pages of a case study whose status a review step changed with a bare UPDATE
    (which sends no signal); one that may have left the library is on pages everywhere."""
    retire(*authors_of(moved.pk, moved.revision_of_id))
    if moved.revision_of_id:
        return
    if maybe_was_published and moved.status != Status.PUBLISHED:
        retire(EVERYWHERE, LIBRARY, case_study(moved.slug))
        published_changed()
    elif moved.status == Status.PUBLISHED:
        retire(LIBRARY, case_study(moved.slug))


def part_of(case_study_id: int | None) -> Iterable[str]:
    """The pages a published case study's parts are shown on."""
    shown = CaseStudy.objects.filter(pk=case_study_id, status=Status.PUBLISHED).values_list("slug", flat=True)
    return [dependency for slug in shown for dependency in (LIBRARY, case_study(slug))]


def _before_case_study_saved(sender, instance: CaseStudy, raw: bool = False, **kwargs) -> None:
    """A case study leaving the library, or moving address, is on pages that do not depend on it
    (others' related case studies, lineage, collections): those are all retired, which is rare."""
    if raw or instance.pk is None or instance.revision_of_id:
        return
    before = CaseStudy.objects.filter(pk=instance.pk).values("status", "slug").first()
    if before is None or before["status"] != Status.PUBLISHED:
        return
    if instance.status != Status.PUBLISHED or instance.slug != before["slug"]:
        retire(EVERYWHERE, LIBRARY, case_study(before["slug"]))
    if instance.status != Status.PUBLISHED:
        # Its vector is refreshed once saved, but as a draft's, which retires nothing.
        published_changed()


def _case_study_deleted(sender, instance: CaseStudy, **kwargs) -> None:
    if instance.status == Status.PUBLISHED and not instance.revision_of_id:
        retire(EVERYWHERE)


def _point_changed(point: MeasurePoint) -> Iterable[str]:
    measures = OutcomeMeasure.objects.filter(pk=point.measure_id).values_list("case_study_id", flat=True)
    return [dependency for case_study_id in measures for dependency in part_of(case_study_id)]


RULES = {
    CaseStudy: _case_study_changed,
    OutcomeMeasure: lambda row: part_of(row.case_study_id),
    CaseStudyAuthor: _author_changed,
    CaseStudyLink: lambda row: part_of(row.case_study_id),
    Attachment: lambda row: part_of(row.case_study_id),
    MeasurePoint: _point_changed,
    Collection: lambda row: (LIBRARY,),
    CollectionItem: lambda row: (LIBRARY,),
    SynonymGroup: lambda row: (LIBRARY,),
    # Terms are named on cards and pages everywhere.
    **{term: lambda row: (EVERYWHERE,) for term in (*taxonomy.MODELS, Organisation)},
}


def connect() -> None:
    watch(RULES)
    pre_save.connect(_before_case_study_saved, sender=CaseStudy, dispatch_uid="page_cache_case_study_leaving")
    post_delete.connect(_case_study_deleted, sender=CaseStudy, dispatch_uid="page_cache_case_study_deleted")


def retire_library() -> None:
    """For a change to what the lists show made with a bare UPDATE (featuring), which sends no signal."""
    retire(LIBRARY)
