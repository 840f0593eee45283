"""Adaptations: an organisation taking up a published case study and changing it to fit, so readers see
how good ideas spread. An adaptation may later point at the adapters' own case study ("adapted from")."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from casestudies.library.models import CaseStudy, Status

if TYPE_CHECKING:
    from members.models import User


class AdaptationStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    TESTING = "testing", "Testing"
    SPREADING = "spreading", "Spreading"
    DONE = "done", "Done"


class AdaptationQuerySet(models.QuerySet["Adaptation"]):
    def visible(self) -> "AdaptationQuerySet":
        """The one visibility rule: adaptations of published case studies that no curator has hidden."""
        return self.filter(hidden=False, case_study__status=Status.PUBLISHED)

    def by(self, user: "User") -> "AdaptationQuerySet":
        return self.filter(member=user) if user.is_authenticated else self.none()


class Adaptation(models.Model):
    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="adaptations")
    # Empty once the member who recorded it has deleted their account: the organisation's adaptation
    # stays, as others count it and link to it (casestudies.data_rights).
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="adaptations"
    )
    organisation = models.CharField(max_length=200, help_text="The organisation adopting or adapting the idea.")
    changes = models.TextField(
        "what you are changing", max_length=500, help_text="A sentence on what you are doing differently."
    )
    status = models.CharField(max_length=20, choices=AdaptationStatus.choices, default=AdaptationStatus.PLANNING)
    # The adapters' own case study telling how it went; shown as "Adapted from" once it is published.
    adapted_as = models.OneToOneField(
        CaseStudy,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adapted_from",
        verbose_name="your case study of the adaptation",
    )
    hidden = models.BooleanField(default=False, help_text="Hidden by a curator, for example as bogus.")
    hidden_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdaptationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case_study", "member"], name="adaptation_once_per_member"),
            models.CheckConstraint(condition=~Q(adapted_as=models.F("case_study")), name="adaptation_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} adapting {self.case_study}"

    def clean(self) -> None:
        super().clean()
        if self.hidden and not self.hidden_reason.strip():
            raise ValidationError({"hidden_reason": "Say why the adaptation is hidden; its member sees the reason."})

    @property
    def published_case_study(self) -> CaseStudy | None:
        """The adapters' own case study, only once it is published (drafts never show)."""
        if self.adapted_as is not None and self.adapted_as.status == Status.PUBLISHED:
            return self.adapted_as
        return None
