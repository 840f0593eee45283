"""What curators and members make from case studies: collections and bookmarks."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from casestudies.library.markdown import render_markdown_field
from casestudies.library.models.case_study import CaseStudy


class CollectionQuerySet(models.QuerySet["Collection"]):
    def featured(self) -> "CollectionQuerySet":
        return self.filter(featured=True)

    def with_published_items(self) -> "CollectionQuerySet":
        """Each collection's published case studies in order, as `published_items`, with what their cards show."""
        items = (
            CollectionItem.objects.filter(case_study__in=CaseStudy.objects.published().values("pk"))
            .select_related("case_study", "case_study__region")
            .prefetch_related("case_study__topics", "case_study__organisations")
        )
        return self.prefetch_related(Prefetch("items", queryset=items, to_attr="published_items"))


class Collection(models.Model):
    """A curated, ordered list of case studies with an introduction, made by curators.

    Collections are public; the case studies in them still follow CaseStudy visibility, so a
    page shows only the items `CaseStudy.objects.visible_to(user)` allows. At most one
    collection is featured on the home page.
    """

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    introduction = models.TextField(blank=True, help_text="Markdown.")
    introduction_html = models.TextField(blank=True, editable=False)
    featured = models.BooleanField(default=False, help_text="Shown on the home page. Only one can be featured.")
    case_studies: "models.ManyToManyField[CaseStudy, CollectionItem]" = models.ManyToManyField(
        CaseStudy, through="CollectionItem", related_name="collections"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["featured"], condition=Q(featured=True), name="collection_one_featured"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        render_markdown_field(self, "introduction", kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("casestudies:collection", kwargs={"slug": self.slug})


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="collection_items")
    position = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True, help_text="Why this one is in the collection.")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "case_study"], name="collectionitem_once"),
        ]

    def __str__(self) -> str:
        return f"{self.collection}: {self.case_study}"


class Bookmark(models.Model):
    """A member saved a case study to come back to (listed at /me/bookmarks/)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "case_study"], name="bookmark_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} saved {self.case_study}"
