"""The library's vocabulary: the facets people filter by, and the organisations behind the work.

Curators manage these in the admin; each term has a slug used in addresses such as
/case-studies/?topic=patient-flow.
"""

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from members.models import User


class Term(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(blank=True, help_text="One or two sentences, shown on filtered lists.")

    # The query-string parameter of /case-studies/ that filters by this kind of term.
    facet_parameter: str = ""

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('casestudies:list')}?{self.facet_parameter}={self.slug}"


class Topic(Term):
    """What the work was about: patient flow, workforce wellbeing, medicines safety, ..."""

    facet_parameter = "topic"

    class Meta(Term.Meta):
        pass


class CareSetting(Term):
    """Where care happens: acute hospital, primary care, mental health, community, care home, ..."""

    facet_parameter = "setting"

    class Meta(Term.Meta):
        pass


class ImprovementApproach(Term):
    """How the work was done: PDSA, Lean, Virginia Mason Production System, experience-based co-design, ..."""

    facet_parameter = "approach"

    class Meta(Term.Meta):
        pass


class Region(Term):
    """Where the work took place; "National" for work across the whole country."""

    facet_parameter = "region"

    class Meta(Term.Meta):
        pass


# Words people add or leave out when they name the same organisation ("Leeds Teaching Hospitals NHS
# Trust", "leeds teaching hospitals"): left out of the key that names are matched by.
ORGANISATION_NOISE_WORDS = frozenset(
    {"nhs", "trust", "foundation", "ft", "the", "of", "and", "for", "ltd", "limited", "plc", "cic", "uk"}
)


def organisation_key(name: str) -> str:
    """The name as matched: lower case, accents and punctuation gone, noise words left out.
    Done in Python, as the database has no unaccent extension."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().replace("&", " and "))
    plain = "".join(character for character in decomposed if not unicodedata.combining(character))
    words = re.findall(r"[a-z0-9]+", plain)
    kept = [word for word in words if word not in ORGANISATION_NOISE_WORDS]
    return " ".join(kept or words)[:200]


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def confirmed(self) -> "OrganisationQuerySet":
        return self.filter(confirmed=True)

    def unconfirmed(self) -> "OrganisationQuerySet":
        return self.filter(confirmed=False)

    def with_page_for(self, viewer: "User | AnonymousUser | None") -> "OrganisationQuerySet":
        """Organisations whose page the viewer may open: confirmed ones, any named on published
        work, and unconfirmed ones only to whoever added them and to curators."""
        if getattr(viewer, "is_curator", False):
            return self
        shown = Q(confirmed=True) | Q(pk__in=self.filter(case_studies__status="published").values("pk"))
        if viewer is not None and viewer.is_authenticated:
            shown |= Q(created_by=viewer)
        return self.filter(shown)

    def named(self, name: str) -> "OrganisationQuerySet":
        """Organisations whose name matches regardless of case, punctuation and noise words; confirmed first."""
        return self.filter(key=organisation_key(name)).order_by("-confirmed", "id")

    def matching(self, text: str) -> "OrganisationQuerySet":
        """Organisations with a word starting with each word typed, as people type a name:
        exact matches first, then confirmed ones, then by name."""
        key = organisation_key(text)
        if not key:
            return self.none()
        queryset = self
        for word in key.split():
            queryset = queryset.filter(Q(key__startswith=word) | Q(key__contains=f" {word}"))
        exact = Case(When(key=key, then=Value(0)), default=Value(1), output_field=models.IntegerField())
        return queryset.order_by(exact, "-confirmed", "name")


class Organisation(models.Model):
    """A trust, practice, council, charity or other body that took part in the work.

    Members add organisations the portal has not seen as they name them; those stay unconfirmed
    until a curator confirms them or merges them into the one already known.
    """

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=220, unique=True)
    website = models.URLField(blank=True)
    key = models.CharField(max_length=200, db_index=True, editable=False, default="", help_text="The name as matched.")
    confirmed = models.BooleanField(default=True, help_text="Checked by a curator (or added by one).")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.key = organisation_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "key"}
        super().save(*args, **kwargs)
