"""A note to a member that something they follow has new work: a case study, an event or a
discussion thread. The words are kept as they were when it was made, so the list needs no joins."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from members.models import User


class Subject(models.TextChoices):
    CASE_STUDY = "case_study", "Case study"
    EVENT = "event", "Event"
    THREAD = "thread", "Discussion"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_member(self, user: User) -> "NotificationQuerySet":
        return self.filter(user=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def newest_first(self) -> "NotificationQuerySet":
        return self.order_by("-created_at", "-pk")


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(max_length=16, choices=Subject.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    path = models.CharField(max_length=500, help_text="Where on the site the new work is.")
    reason = models.CharField(max_length=300, help_text="The name of what the member follows.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A retried task makes no second notification about the same thing.
            models.UniqueConstraint(fields=["user", "subject", "object_id"], name="notifications_once_per_subject"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="notifications_member_newest")]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} for {self.user}: {self.title}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
