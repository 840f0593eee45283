"""What the apps above read from the library. Their views read case studies, collections, topics
and organisations through these functions, never through the models (the import contract "Views
read other apps through their queries"); writes go through the features' services."""

from django.db.models import QuerySet

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


def organisations_with_page_for(viewer: Viewer) -> OrganisationQuerySet:
    return Organisation.objects.with_page_for(viewer)


def organisation_slug_now(former_slug: str) -> str | None:
    """The slug of the organisation that had `former_slug` before it was renamed or merged."""
    found: str | None = (
        OrganisationFormerSlug.objects.filter(slug=former_slug).values_list("organisation__slug", flat=True).first()
    )
    return found
