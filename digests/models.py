"""How often each member wants the digest, what it mutes, and where it is up to. What it follows
is the member's follows (members.Follow), shared with the home page."""

from datetime import datetime, time

from django.conf import settings
from django.db import models
from django.utils import timezone


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    DAILY = "daily", "Daily"
    OFF = "off", "Never: no digest"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class DigestPreferenceQuerySet(models.QuerySet["DigestPreference"]):
    def due(self, *, now: datetime) -> "DigestPreferenceQuerySet":
        """Preferences whose next digest time has come (in UTC, worked out from the member's timezone)."""
        return self.exclude(frequency=Frequency.OFF).filter(next_due_at__lte=now, user__is_active=True)


class DigestPreference(models.Model):
    """One member's digest settings. `next_due_at` is the next digest's time in UTC, worked out
    from the member's day, time and timezone; `covered_until` is where the last digest ended,
    so each digest holds what is new since then and nothing twice."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference")
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY)
    weekday = models.PositiveSmallIntegerField(
        "day", choices=Weekday.choices, default=Weekday.MONDAY, help_text="For a weekly digest."
    )
    send_time = models.TimeField("time", default=time(8, 0), help_text="In your timezone.")
    muted_groups = models.ManyToManyField("groups.Group", blank=True, related_name="+")
    chosen_at = models.DateTimeField(
        null=True, blank=True, help_text="When the member first saved these settings; empty: not asked yet."
    )
    covered_until = models.DateTimeField(default=timezone.now)
    first_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the member's first digest was written; empty: their next one is the first.",
    )
    next_due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DigestPreferenceQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["next_due_at"], name="digests_next_due_idx")]

    def __str__(self) -> str:
        return f"Digest settings of {self.user}"
