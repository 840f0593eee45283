"""The library's vocabulary: the facets people filter by, and the organisations behind the work.

Curators manage these in the admin; each term has a slug used in addresses such as
/case-studies/?topic=patient-flow.
"""

from django.db import models
from django.urls import reverse


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


class Organisation(models.Model):
    """A trust, practice, council, charity or other body that took part in the work."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=220, unique=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
