"""Case studies: one piece of improvement work, told in structured sections.

A case study moves draft -> submitted -> changes requested | published -> archived (or
declined). This module keeps only the record and its reads; the moves between statuses and
their side effects (emails, published_at) are services.
"""

import math
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject, Mod
from django.urls import reverse
from django.utils import timezone

from casestudies.markdown import count_words, render_markdown
from casestudies.results import HIGHER, LOWER, Change, describe, with_unit
from casestudies.validators import ATTACHMENT_TYPES, sniff_content_type, validate_attachment, validate_cover_image
from members.permissions import acts_as_curator

from .taxonomy import CareSetting, ImprovementApproach, Organisation, Region, Topic

if TYPE_CHECKING:
    from members.models import User

WORDS_READ_PER_MINUTE = 200


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"
    DECLINED = "declined", "Declined"


class Evidence(models.TextChoices):
    """What a case study's results rest on, best first; kept by casestudies.series.evidence_refresh."""

    SUSTAINED = "sustained-improvement", "Sustained improvement shown"
    SERIES = "data-over-time", "Data over time"
    BEFORE_AFTER = "before-and-after", "Before and after only"


class Licence(models.TextChoices):
    """Licences curators may set on a case study; the default lets anyone reuse it with credit."""

    CC_BY_4 = "CC-BY-4.0", "Creative Commons Attribution 4.0 International"
    CC_BY_SA_4 = "CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0 International"
    CC_BY_NC_4 = "CC-BY-NC-4.0", "Creative Commons Attribution-NonCommercial 4.0 International"
    CC_BY_NC_SA_4 = "CC-BY-NC-SA-4.0", "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International"
    ALL_RIGHTS_RESERVED = "all-rights-reserved", "All rights reserved: ask the authors before reusing it"


LICENCE_URLS = {
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA_4: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC_4: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC_BY_NC_SA_4: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
}


# Statuses in which the authors may change the text.
EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)

# The structured sections, in reading order: (Markdown field, heading shown on the page).
SECTIONS = [
    ("problem", "The problem and its context"),
    ("actions", "What we did"),
    ("results", "Results and impact"),
    ("lessons", "Lessons learned"),
    ("next_steps", "What next"),
]


# A fixed, even sample of the library for estimating how many case studies a broad search finds.
# Each case study falls in one of SAMPLE_BUCKETS buckets, (id x 633) mod 1024: multiplying by
# an odd number near 1024 / golden ratio spreads consecutive ids evenly over the buckets, so the
# case studies in the lowest k buckets are about k / 1024 of the library, old and new alike.
SAMPLE_BUCKETS = 1024
SAMPLE_SPREAD = 633
SAMPLE_BUCKET = Mod(models.F("id") * SAMPLE_SPREAD, SAMPLE_BUCKETS, output_field=models.IntegerField())


class TitleVector(models.Func):
    """The title alone as a tsvector (the expression of an index, so it is never stored)."""

    template = "to_tsvector('english'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


class CaseStudyQuerySet(models.QuerySet["CaseStudy"]):
    def published(self) -> "CaseStudyQuerySet":
        return self.filter(status=Status.PUBLISHED)

    def in_sample(self, buckets: int) -> "CaseStudyQuerySet":
        """The case studies in the lowest `buckets` of SAMPLE_BUCKETS: about buckets / SAMPLE_BUCKETS of them."""
        return self.alias(sample_bucket=SAMPLE_BUCKET).filter(sample_bucket__lt=buckets)

    def authored_by(self, user: "User") -> "CaseStudyQuerySet":
        """Case studies that list the member as an author (without duplicates)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Exists(CaseStudyAuthor.objects.filter(case_study=OuterRef("pk"), member=user)))

    def visible_to(self, user: "User") -> "CaseStudyQuerySet":
        """The one visibility rule: published ones for everyone, a member's own in any status, all for
        curators (with two-factor authentication, as curator pages ask)."""
        if acts_as_curator(user):
            return self.all()
        if not user.is_authenticated:
            return self.published()
        own = Exists(CaseStudyAuthor.objects.filter(case_study=OuterRef("pk"), member=user))
        return self.filter(Q(status=Status.PUBLISHED) | own)

    def featured(self) -> "CaseStudyQuerySet":
        return self.filter(featured=True)

    def awaiting_review(self) -> "CaseStudyQuerySet":
        """The curators' queue: submitted case studies (new ones and revisions), longest waiting first."""
        return self.filter(status=Status.SUBMITTED).order_by(models.F("submitted_at").asc(nulls_first=True), "id")

    def assigned_to(self, user: "User") -> "CaseStudyQuerySet":
        return self.filter(reviewer=user)

    def unassigned(self) -> "CaseStudyQuerySet":
        return self.filter(reviewer__isnull=True)

    def newest_first(self) -> "CaseStudyQuerySet":
        return self.order_by(models.F("published_at").desc(nulls_last=True), "-id")

    def oldest_first(self) -> "CaseStudyQuerySet":
        return self.order_by(models.F("published_at").asc(nulls_last=True), "id")

    def most_adapted_first(self) -> "CaseStudyQuerySet":
        """Most visible adaptations first; among equals the newest, then by id, so pages never shuffle."""
        return self.order_by("-adaptation_count", models.F("published_at").desc(nulls_last=True), "-id")

    def adapted(self) -> "CaseStudyQuerySet":
        """Case studies with at least one visible adaptation."""
        return self.filter(adaptation_count__gt=0)

    def _with_any(self, through: type[models.Model], field: str, slugs: list[str]) -> "CaseStudyQuerySet":
        # Exists keeps one row per case study however many of the slugs match (OR within a facet).
        if not slugs:
            return self
        return self.filter(Exists(through.objects.filter(casestudy_id=OuterRef("pk"), **{f"{field}__slug__in": slugs})))

    def for_topics(self, slugs: list[str]) -> "CaseStudyQuerySet":
        return self._with_any(CaseStudy.topics.through, "topic", slugs)

    def for_care_settings(self, slugs: list[str]) -> "CaseStudyQuerySet":
        return self._with_any(CaseStudy.care_settings.through, "caresetting", slugs)

    def for_approaches(self, slugs: list[str]) -> "CaseStudyQuerySet":
        return self._with_any(CaseStudy.approaches.through, "improvementapproach", slugs)

    def for_benefits(self, lenses: list[str]) -> "CaseStudyQuerySet":
        """Case studies with at least one outcome measure seen through any of the lenses."""
        if not lenses:
            return self
        return self.filter(Exists(OutcomeMeasure.objects.filter(case_study_id=OuterRef("pk"), benefit__in=lenses)))

    def for_evidence(self, kinds: list[str]) -> "CaseStudyQuerySet":
        return self.filter(evidence__in=kinds) if kinds else self

    def for_regions(self, slugs: list[str]) -> "CaseStudyQuerySet":
        return self.filter(region__slug__in=slugs) if slugs else self

    def with_card_data(self) -> "CaseStudyQuerySet":
        """Everything a card in a list shows, in a fixed number of queries."""
        return self.select_related("region").prefetch_related("topics", "organisations").with_headline()

    def with_headline(self) -> "CaseStudyQuerySet":
        """Adds the first outcome measure as `headline_outcome`, in the same query (cards and digests show it)."""
        first = (
            OutcomeMeasure.objects.filter(case_study_id=OuterRef("pk"))
            .order_by("position", "id")
            .values(json=JSONObject(label="label", before="before", after="after", unit="unit", better="better"))[:1]
        )
        return self.annotate(headline_outcome=Subquery(first, output_field=models.JSONField()))

    def only_card_columns(self) -> "CaseStudyQuerySet":
        """Reads only the columns a card shows: ranking a search sorts every matching row, and
        whole rows (every section of the text) made that sort ten times slower."""
        return self.only(
            "id",
            "title",
            "slug",
            "summary",
            "published_at",
            "reading_minutes",
            "status",
            "region",
            "adaptation_count",
            "evidence",
            "featured",
        )

    def for_cards(self) -> "CaseStudyQuerySet":
        return self.with_card_data().only_card_columns()


class CaseStudy(models.Model):
    """One piece of improvement work: what the problem was, what was done, what happened, what was learned.

    Markdown fields (summary is plain text) are rendered to sanitised HTML in the matching
    `*_html` field on save. `search_vector` is kept up to date by casestudies.search (it also
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
    # casestudies.adaptations under a lock on this row, so the library can sort by it from an index.
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
            # The "most adapted" order (most_adapted_first) over published case studies, likewise.
            models.Index(
                models.F("adaptation_count").desc(),
                models.F("published_at").desc(nulls_last=True),
                models.F("id").desc(),
                condition=Q(status=Status.PUBLISHED),
                name="casestudy_published_adapted",
            ),
            # A broad search counts its matches in a sample (in_sample) and ranks the newest of
            # them with those whose title matches (casestudies.search.ranking_candidates).
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

    def save(self, *args, **kwargs) -> None:
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
            # The adaptation count is written only by casestudies.adaptations; a full save from a
            # copy read earlier (an edit form, the admin) must not put back an older count.
            # (Fields left unloaded by only() or defer() stay unsaved, as Django does by itself.)
            unloaded = self.get_deferred_fields() | {"adaptation_count"}
            kwargs["update_fields"] = [
                field.attname
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname not in unloaded
            ]
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
        """The credit line reusers are asked to give (reads the prefetched authors)."""
        authors = ", ".join(author.display_name for author in self.authors.all())
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


class Benefit(models.TextChoices):
    """The four lenses people use when making the case for an improvement: who gains from the change."""

    POPULATION = "population", "Population and patients"
    STAFF = "staff", "Staff"
    ORGANISATION = "organisation", "Organisation"
    SYSTEM = "system", "System"


class BetterDirection(models.TextChoices):
    HIGHER = HIGHER, "Higher is better"
    LOWER = LOWER, "Lower is better"
    UNSAID = "", "Not said"


class OutcomeMeasure(models.Model):
    """A key result, shown prominently: "Process lead time: 21 → 8 days, down 62%, better"."""

    # Indexed by outcome_case_study_order, which also gives a case study's measures in order.
    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="outcomes", db_index=False)
    label = models.CharField(max_length=150, help_text="What was measured, e.g. process lead time.")
    before = models.DecimalField(max_digits=14, decimal_places=2)
    after = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=40, blank=True, help_text="e.g. days, %, patients a week.")
    benefit = models.CharField(
        "who benefits",
        max_length=20,
        choices=Benefit.choices,
        default=Benefit.POPULATION,
        help_text="Population and patients: outcomes, experience, safety. Staff: time, wellbeing, retention. "
        "Organisation: productivity, cost, capacity. System: across organisational boundaries, demand avoided.",
    )
    better = models.CharField(
        "which way is better", max_length=6, choices=BetterDirection.choices, default=BetterDirection.UNSAID, blank=True
    )
    # Splits the series into the baseline (before it) and what came after; the chart's limits are
    # worked out again from here. Empty when the series has no change point.
    change_from = models.DateField(
        "the change began", null=True, blank=True, help_text="The date of the first point after the change began."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["benefit", "case_study"], name="outcome_benefit_case_study"),
            # The first measure of a case study (its headline on cards) is read from here, unsorted.
            models.Index(fields=["case_study", "position", "id"], name="outcome_case_study_order"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.result}"

    @property
    def result(self) -> Change:
        """The change in words, by the one rule every surface uses (casestudies.results)."""
        return describe(self.before, self.after, self.unit, self.better)

    @property
    def before_text(self) -> str:
        return with_unit(self.before, self.unit)

    @property
    def after_text(self) -> str:
        return with_unit(self.after, self.unit)

    @property
    def change_percent(self) -> int | float | None:
        """The relative change in per cent where it means something (not for measures in %, nor from zero)."""
        return self.result.relative_percent


class CaseStudyAuthor(models.Model):
    """An author in the byline: a member of the portal, or a named co-author who is not a member."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="authors")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="case_study_authorships"
    )
    name = models.CharField(max_length=150, blank=True, help_text="For co-authors who are not members.")
    role = models.CharField(max_length=150, blank=True, help_text="Job title or part played, e.g. project lead.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(name="")) | (Q(member__isnull=True) & ~Q(name="")),
                name="casestudyauthor_member_or_name",
            ),
            models.UniqueConstraint(fields=["case_study", "member"], name="casestudyauthor_member_once"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.member.name if self.member_id else self.name  # type: ignore[union-attr]

    @property
    def is_external(self) -> bool:
        return self.member_id is None


class CaseStudyLink(models.Model):
    """A resource elsewhere: a report, a toolkit, a video."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(max_length=200)
    url = models.URLField("address", max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    """A file shared with the case study. Its type is checked by content; type and size are stored on save."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="case-studies/attachments/%Y/%m/", validators=[validate_attachment])
    content_type = models.CharField(max_length=120, editable=False)
    size = models.PositiveBigIntegerField(default=0, editable=False)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.file and not self.content_type:
            self.content_type = sniff_content_type(self.file) or ""
            self.size = self.file.size
        super().save(*args, **kwargs)

    @property
    def kind(self) -> str:
        return ATTACHMENT_TYPES.get(self.content_type, "File")
