"""The addresses organisations had before a curator merged them into another, so that a link to
an old organisation page still leads somewhere (the page itself is the people app's)."""

from django.db import models

from .taxonomy import Organisation


class OrganisationFormerSlug(models.Model):
    slug = models.SlugField(max_length=220, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="former_slugs")

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"{self.slug} → {self.organisation}"
