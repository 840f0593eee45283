"""Every email the portal sends is first a row here, written in the same transaction as the
change that causes it; a Celery task then sends it and marks it sent."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class Stream(models.TextChoices):
    """What an email is about. Members can opt out of every stream but account security."""

    ACCOUNT = "account", "Account security"
    DIGEST = "digest", "Digest of what is new"
    REVIEW_DECISIONS = "review_decisions", "Review decisions on your case studies"
    GROUP_REQUESTS = "group_requests", "Group membership requests and invitations"
    THREAD_REPLIES = "thread_replies", "Replies in discussions you follow"
    EVENT_NOTICES = "event_notices", "Event registrations, changes and reminders"
    MESSAGES = "messages", "Questions from other members about your case studies"

    @property
    def in_a_sentence(self) -> str:
        """What a member of the stream gets, to follow "you get": "the digest of what is new"."""
        if self == Stream.DIGEST:
            return "the digest of what is new"
        return f"emails about {self.label[0].lower()}{self.label[1:]}"

    @classmethod
    def optional(cls) -> list["Stream"]:
        return [stream for stream in cls if stream != cls.ACCOUNT]


class OutgoingEmailQuerySet(models.QuerySet["OutgoingEmail"]):
    def pending(self) -> "OutgoingEmailQuerySet":
        return self.filter(status=OutgoingEmail.Status.PENDING)

    def forgotten(self, *, before: datetime) -> "OutgoingEmailQuerySet":
        """Pending rows whose task should have run by `before` (it was lost, or the broker was down)."""
        return self.filter(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=before)

    def stuck_sending(self, *, claimed_before: datetime) -> "OutgoingEmailQuerySet":
        """Rows claimed by a worker that stopped before marking them sent or failed."""
        return self.filter(status=OutgoingEmail.Status.SENDING, claimed_at__lte=claimed_before)


class EmailContextField(models.JSONField):
    """The JSON an email is rendered from. Having a placeholder of its own makes Django insert
    many rows as a list of VALUES instead of as arrays through UNNEST: psycopg escapes every quote
    of every document in an array in Python, which took half the time of writing a batch of
    digests, where libpq quotes a plain parameter in C."""

    def get_placeholder(self, value: Any, compiler: Any, connection: Any) -> str:
        return "%s"


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Not sent (opted out)"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="outgoing_emails"
    )
    to_address = models.EmailField(max_length=254)
    stream = models.CharField(max_length=32, choices=Stream.choices)
    template_name = models.CharField(max_length=100, help_text="templates/emails/<name>.subject.txt|.txt|.html")
    context = EmailContextField(default=dict, blank=True)
    idempotency_key = models.CharField(
        max_length=200, help_text="The same key is never sent twice, however often it is written."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    next_attempt_at = models.DateTimeField(
        default=timezone.now, help_text="Not sent before this; the sweep sends it if no task has by then."
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        # Every email's row is written once and updated twice (claimed, then sent), so it keeps
        # only the indexes its queries use: the status indexes below serve every lookup by status,
        # and the key is unique through a constraint, which, unlike unique=True, adds no second
        # index for LIKE searches that nothing makes.
        constraints = [models.UniqueConstraint(fields=["idempotency_key"], name="outbox_one_email_per_key")]
        indexes = [
            models.Index(fields=["status", "created_at"], name="outbox_status_created_idx"),
            models.Index(fields=["status", "next_attempt_at"], name="outbox_status_next_idx"),
        ]
        verbose_name = "outgoing email"

    def __str__(self) -> str:
        return f"{self.template_name} to {self.to_address} ({self.get_status_display()})"


class StreamOptOut(models.Model):
    """A member does not want email of this stream."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs")
    stream = models.CharField(max_length=32, choices=Stream.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "stream"], name="outbox_one_opt_out_per_stream")]

    def __str__(self) -> str:
        return f"{self.user} opted out of {self.get_stream_display()}"
