"""The library's sections of the home page: the featured collection, the latest case studies and the
most adapted ones."""

from django.db.models import Prefetch
from django.http import HttpRequest

from casestudies.library.models import CaseStudy, Collection, CollectionItem
from core.sections import Section

FEATURED_SIZE = 3
FEATURED_COLLECTION_SIZE = 3
LATEST_SIZE = 6
MOST_ADAPTED_SIZE = 3


def featured_case_studies(request: HttpRequest) -> Section | None:
    """The curators' picks, newest first: the first thing the home page shows after its welcome."""
    case_studies = list(CaseStudy.objects.published().featured().newest_first().for_cards()[:FEATURED_SIZE])
    if not case_studies:
        return None
    return Section("casestudies/includes/home_featured.html", {"case_studies": case_studies})


def featured_collection(request: HttpRequest) -> Section | None:
    items = (
        CollectionItem.objects.filter(case_study__in=CaseStudy.objects.published().values("pk"))
        .select_related("case_study")
        .prefetch_related("case_study__topics", "case_study__organisations")
    )
    collection = (
        Collection.objects.featured()
        .prefetch_related(Prefetch("items", queryset=items, to_attr="visible_items"))
        .first()
    )
    if collection is None or not collection.visible_items:
        return None
    return Section(
        "casestudies/includes/home_featured_collection.html",
        {"collection": collection, "items": collection.visible_items[:FEATURED_COLLECTION_SIZE]},
    )


def latest_case_studies(request: HttpRequest) -> Section | None:
    case_studies = list(CaseStudy.objects.published().newest_first().for_cards()[:LATEST_SIZE])
    if not case_studies:
        return None
    return Section(
        "casestudies/includes/home_latest.html",
        {"case_studies": case_studies},
        head_template="casestudies/includes/feed_link.html",
    )


def most_adapted(request: HttpRequest) -> Section | None:
    """The case studies most organisations are adapting: ideas that travel. Nothing until one is adapted."""
    case_studies = list(CaseStudy.objects.published().adapted().most_adapted_first()[:MOST_ADAPTED_SIZE])
    if not case_studies:
        return None
    return Section("casestudies/includes/home_most_adapted.html", {"case_studies": case_studies})
