"""What a case study is made of besides its text: its outcome measures, its authors, its links and
its files. Each row belongs to one case study and is shown in its order there."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from casestudies.library.results import HIGHER, LOWER, Change, describe, with_unit
from casestudies.library.validators import ATTACHMENT_TYPES, sniff_content_type, validate_attachment


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
    case_study = models.ForeignKey("CaseStudy", on_delete=models.CASCADE, related_name="outcomes", db_index=False)
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
        """The change in words, by the one rule every surface uses (casestudies.library.results)."""
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


class CaseStudyAuthorQuerySet(models.QuerySet["CaseStudyAuthor"]):
    def shown(self) -> "CaseStudyAuthorQuerySet":
        """Authors a byline names: co-authors who are not members, and members whose account is
        open and who do not keep their profile hidden."""
        return self.filter(
            Q(member__isnull=True) | (Q(member__is_active=True) & ~Q(member__profile_visibility="hidden"))
        )


class CaseStudyAuthor(models.Model):
    """An author in the byline: a member of the portal, or a named co-author who is not a member."""

    case_study = models.ForeignKey("CaseStudy", on_delete=models.CASCADE, related_name="authors")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="case_study_authorships"
    )
    name = models.CharField(max_length=150, blank=True, help_text="For co-authors who are not members.")
    role = models.CharField(max_length=150, blank=True, help_text="Job title or part played, e.g. project lead.")
    position = models.PositiveSmallIntegerField(default=0)

    objects = CaseStudyAuthorQuerySet.as_manager()

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

    case_study = models.ForeignKey("CaseStudy", on_delete=models.CASCADE, related_name="links")
    title = models.CharField(max_length=200)
    url = models.URLField("address", max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    """A file shared with the case study. Its type is checked by content; type and size are stored on save."""

    case_study = models.ForeignKey("CaseStudy", on_delete=models.CASCADE, related_name="attachments")
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

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.file and not self.content_type:
            self.content_type = sniff_content_type(self.file) or ""
            self.size = self.file.size
        super().save(*args, **kwargs)

    @property
    def kind(self) -> str:
        return ATTACHMENT_TYPES.get(self.content_type, "File")
