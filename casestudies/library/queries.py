"""What the apps above read from the library. Their views read case studies, collections, topics
and organisations through these functions, never through the models (the import contract "Views
read other apps through their queries"); writes go through the features' services."""

from django.db.models import QuerySet

from casestudies.library import browse, counting, search
from casestudies.library.models import (
    CaseStudy,
    CaseStudyQuerySet,
    Collection,
    Organisation,
    OrganisationFormerSlug,
    Topic,
)
from casestudies.library.models.collections import CollectionQuerySet
from casestudies.library.models.taxonomy import OrganisationQuerySet
from members.models import Viewer


def published_case_studies() -> CaseStudyQuerySet:
    return CaseStudy.objects.published()


def collections() -> CollectionQuerySet:
    return Collection.objects.all()


def topics() -> QuerySet[Topic]:
    return Topic.objects.all()


def library_version() -> int:
    """Changes once any change to the library commits: figures kept about it carry it in their key."""
    return search.library_version()


def topics_by_published_work() -> list[tuple[int, str, str]]:
    """(id, slug, name) of every topic with published case studies, the most first, then by name.
    Read from the counts of the library's own unfiltered list, which the library's ledger keeps
    (casestudies/library/ledger.py)."""
    query = browse.LibraryQuery()
    found = counting.counts(browse.base_queryset(query), query)
    topic_counts = next(counted for counted in found.facets if counted.facet.model is Topic)
    pks = {slug: pk for pk, slug, _name in browse.terms(Topic)}
    ranked = sorted(topic_counts.values, key=lambda value: (-value.count, value.name))
    return [(pks[value.slug], value.slug, value.name) for value in ranked if value.count and value.slug in pks]


def organisations_with_page_for(viewer: Viewer) -> OrganisationQuerySet:
    return Organisation.objects.with_page_for(viewer)


def organisation_slug_now(former_slug: str) -> str | None:
    """The slug of the organisation that had `former_slug` before it was renamed or merged."""
    found: str | None = (
        OrganisationFormerSlug.objects.filter(slug=former_slug).values_list("organisation__slug", flat=True).first()
    )
    return found
