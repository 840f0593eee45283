"""Case studies: one piece of improvement work, told in structured sections.

A case study moves draft -> submitted -> changes requested | published -> archived (or
declined). This module keeps only the record and its reads; the moves between statuses and
their side effects (emails, published_at) are services.
"""

import math
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from casestudies.library.markdown import count_words, render_markdown
from casestudies.library.models.choices import (
    EDITABLE_STATUSES,
    LICENCE_URLS,
    SECTIONS,
    Evidence,
    Licence,
    Status,
)
from casestudies.library.models.parts import Benefit, OutcomeMeasure
from casestudies.library.models.queries import SAMPLE_BUCKET, CaseStudyQuerySet, TitleVector
from casestudies.library.models.taxonomy import CareSetting, ImprovementApproach, Organisation, Region, Topic
from casestudies.library.validators import (
    validate_cover_image,
)

if TYPE_CHECKING:
    pass

WORDS_READ_PER_MINUTE = 200


class CaseStudy(models.Model):
    """One piece of improvement work: what the problem was, what was done, what happened, what was learned.

    Markdown fields (summary is plain text) are rendered to sanitised HTML in the matching
    `*_html` field on save. `search_vector` is kept up to date by casestudies.library.search (it also
    draws on the organisations and taxonomy, so it is refreshed when those links change).
    """

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.TextField(max_length=600, help_text="Two or three sentences: the problem and the result.")

    problem = models.TextField("the problem and its context", blank=True)
    actions = models.TextField("what was done", blank=True)
    results = models.TextField("results and impact", blank=True)
    lessons = models.TextField("lessons learned", blank=True)
    next_steps = models.TextField("what next", blank=True)
    problem_html = models.TextField(blank=True, editable=False)
    actions_html = models.TextField(blank=True, editable=False)
    results_html = models.TextField(blank=True, editable=False)
    lessons_html = models.TextField(blank=True, editable=False)
    next_steps_html = models.TextField(blank=True, editable=False)

    organisations = models.ManyToManyField(Organisation, blank=True, related_name="case_studies")
    topics = models.ManyToManyField(Topic, blank=True, related_name="case_studies")
    care_settings = models.ManyToManyField(CareSetting, blank=True, related_name="case_studies")
    approaches = models.ManyToManyField(
        ImprovementApproach, blank=True, related_name="case_studies", verbose_name="improvement approaches"
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="case_studies")

    started_on = models.DateField("project started", null=True, blank=True)
    ended_on = models.DateField("project ended", null=True, blank=True, help_text="Leave empty if the work goes on.")

    cover_image = models.ImageField(
        upload_to="case-studies/covers/%Y/%m/", blank=True, validators=[validate_cover_image]
    )
    cover_image_alt = models.CharField(
        "cover image description",
        max_length=250,
        blank=True,
        help_text="What the image shows, for people who cannot see it.",
    )
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    featured = models.BooleanField(default=False, help_text="Curators' pick, shown first where space is short.")
    # How many organisations adapt it, counting adaptations no curator has hidden. Kept by
    # casestudies.spread.services.adaptations under a lock on this row, so the library can sort by it from an index.
    adaptation_count = models.PositiveIntegerField(default=0, editable=False)
    # From the outcome measures and their series (blank with no measures); the library's evidence facet.
    evidence = models.CharField(max_length=24, choices=Evidence.choices, blank=True, default="", editable=False)
    licence = models.CharField(
        max_length=32,
        choices=Licence.choices,
        default=Licence.CC_BY_4,
        help_text="Set by curators; shown on the page and in the open data API and export.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_case_studies",
        help_text="Who started the record; authors are listed separately.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    # Review. A published case study is revised through a separate record (`revision_of` points at
    # the live one) that goes through review while the live one stays published; publishing the
    # revision copies it onto the live record and removes it.
    revision_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="revisions",
        help_text="The published case study this is a proposed revision of.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="When it last went into the review queue.")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies_to_review",
        limit_choices_to={"is_staff": True},
        help_text="The curator who has taken this submission.",
    )
    # Optimistic locking: every change bumps it, and a save made from an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    search_vector = SearchVectorField(null=True, editable=False)

    objects = CaseStudyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "case studies"
        ordering = ["-published_at", "-id"]
        indexes = [
            # Case studies are written rarely and searched often: no pending list, so every search
            # reads the index alone and the planner always costs it fairly.
            GinIndex(fields=["search_vector"], name="casestudy_search_gin", fastupdate=False),
            models.Index(fields=["status", "-published_at"], name="casestudy_status_published"),
            # The library's default order (newest_first) over published case studies, read from the
            # index in order: without it every list page sorts the whole library.
            models.Index(
                models.F("published_at").desc(nulls_last=True),
                models.F("id").desc(),
                condition=Q(status=Status.PUBLISHED),
                name="casestudy_published_newest",
            ),
            # What the library's counts read of every published case study (casestudies.library.counting),
            # read from this narrow index alone rather than from the whole table's rows.
            models.Index(
                fields=["id"],
                include=["region", "evidence"],
                condition=Q(status=Status.PUBLISHED),
                name="casestudy_published_facets",
            ),
            # The "most adapted" order (most_adapted_first) over published case studies, likewise.
            models.Index(
                models.F("adaptation_count").desc(),
                models.F("published_at").desc(nulls_last=True),
                models.F("id").desc(),
                condition=Q(status=Status.PUBLISHED),
                name="casestudy_published_adapted",
            ),
            # The same order over the curators' picks alone, which a first digest offers first.
            models.Index(
                models.F("adaptation_count").desc(),
                models.F("published_at").desc(nulls_last=True),
                models.F("id").desc(),
                condition=Q(status=Status.PUBLISHED, featured=True),
                name="casestudy_published_picks",
            ),
            # A broad search counts its matches in a sample (in_sample) and ranks the newest of
            # them with those whose title matches (casestudies.library.search.ranking_candidates).
            # Not partial: the planner reads the statistics of an index's expression only when the
            # index covers the whole table, and it needs them to see how small a sample is.
            models.Index(SAMPLE_BUCKET, name="casestudy_sample_bucket"),
            GinIndex(
                TitleVector("title"),
                condition=Q(status=Status.PUBLISHED),
                name="casestudy_title_search",
                fastupdate=False,
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="casestudy_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["revision_of"], condition=Q(revision_of__isnull=False), name="casestudy_one_open_revision"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        for name, _heading in SECTIONS:
            setattr(self, f"{name}_html", render_markdown(getattr(self, name)))
        words = count_words(self.summary, *(getattr(self, name) for name, _ in SECTIONS))
        self.reading_minutes = max(1, math.ceil(words / WORDS_READ_PER_MINUTE))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            # Derived fields follow their sources even on a partial save.
            derived = {f"{name}_html" for name, _ in SECTIONS if name in update_fields}
            if derived or {"summary"} & set(update_fields):
                derived.add("reading_minutes")
            kwargs["update_fields"] = set(update_fields) | derived
        elif not self._state.adding and not kwargs.get("force_insert"):
            # A full save writes every field, the adaptation count too: it is read afresh under the
            # row's lock (which casestudies.spread.services.adaptations takes to change it), so a
            # copy read earlier (an edit form, the admin) cannot put back an older count.
            with transaction.atomic(using=kwargs.get("using") or router.db_for_write(CaseStudy, instance=self)):
                self.adaptation_count = (
                    CaseStudy.objects.select_for_update().filter(pk=self.pk).values_list("adaptation_count", flat=True)
                ).first() or 0
                super().save(*args, **kwargs)
            return
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("casestudies:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_revision(self) -> bool:
        return self.revision_of_id is not None

    @property
    def is_editable(self) -> bool:
        """Authors change a case study only while it is with them, not while a curator has it."""
        return self.status in EDITABLE_STATUSES

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    def attribution(self, site_name: str) -> str:
        """The credit line reusers are asked to give (reads the prefetched byline, or the authors)."""
        byline = getattr(self, "byline", None)
        authors = ", ".join(author.display_name for author in (self.authors.all() if byline is None else byline))
        year = f" ({self.published_at.year})" if self.published_at else ""
        by = f" by {authors}" if authors else ""
        return f"“{self.title}”{by}, {site_name}{year}. {self.get_licence_display()}."

    def sections(self) -> list[tuple[str, str]]:
        """(heading, sanitised HTML) of each section that has text, in reading order."""
        return [(heading, getattr(self, f"{name}_html")) for name, heading in SECTIONS if getattr(self, name).strip()]

    @property
    def headline(self) -> "OutcomeMeasure | None":
        """The first outcome measure, from the `with_headline` annotation when there is one."""
        if hasattr(self, "headline_outcome"):
            return OutcomeMeasure(**self.headline_outcome) if self.headline_outcome else None
        return self.outcomes.first()

    def outcomes_by_benefit(self) -> list[tuple[str, list["OutcomeMeasure"]]]:
        """(lens label, its outcome measures) for each lens that has any, in the lenses' order."""
        grouped: dict[str, list[OutcomeMeasure]] = {value: [] for value in Benefit.values}
        for outcome in self.outcomes.all():
            grouped.setdefault(outcome.benefit, []).append(outcome)
        return [(Benefit(value).label, rows) for value, rows in grouped.items() if rows]

    def clean(self) -> None:
        super().clean()
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "The project cannot end before it started."})
        if self.cover_image and not self.cover_image_alt.strip():
            raise ValidationError({"cover_image_alt": "Describe the cover image for people who cannot see it."})
