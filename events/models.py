"""Events that group moderators (or curators, for the site) run, and who comes to them.

Who may see an event is decided in one place, `EventQuerySet.visible_to`: an event is visible
wherever its group is (site events are public). The joining link is a field like any other, so
every template and export that is not for a registered attendee must leave it out; the event
page asks `Event.shows_joining_link_to` and calendars never include it.
"""

import secrets
import uuid
import zoneinfo
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import DateTimeRangeField
from django.contrib.postgres.indexes import GistIndex
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone

from casestudies.library.markdown import render_markdown_field
from groups.models import Group, reader_membership
from members.models import Viewer, validate_timezone


class Kind(models.TextChoices):
    WEBINAR = "webinar", "Webinar"
    WORKSHOP = "workshop", "Workshop"
    MEETUP = "meetup", "Meetup"
    CONFERENCE = "conference", "Conference"


class Format(models.TextChoices):
    ONLINE = "online", "Online"
    IN_PERSON = "in_person", "In person"
    HYBRID = "hybrid", "Hybrid (in person and online)"


def time_span() -> Func:
    """An event's time as a range, [start, end): what the index of events in progress holds."""
    return Func(F("starts_at"), F("ends_at"), function="TSTZRANGE", output_field=DateTimeRangeField())


class EventQuerySet(models.QuerySet["Event"]):
    def visible_to(self, user: Viewer) -> "EventQuerySet":
        """Site events for everyone; a group's events wherever the group is visible to the user."""
        return self.filter(Q(group__isnull=True) | Q(group__in=Group.objects.visible_to(user)))

    def upcoming(self, *, now: datetime | None = None) -> "EventQuerySet":
        """Events that have not ended yet, soonest first."""
        return self.filter(ends_at__gt=now or timezone.now()).order_by("starts_at", "pk")

    def next_few(self, count: int, *, now: datetime | None = None) -> list["Event"]:
        """The first `count` of upcoming(): those in progress, then those still to start (an event
        ends after it starts). Each is one index read, where upcoming() in start order reads past
        every event that has ended, as the planner cannot know that ended events start earliest."""
        now = now or timezone.now()
        started = list(self.alias(span=time_span()).filter(span__contains=now).order_by("starts_at", "pk")[:count])
        if len(started) == count:
            return started
        return started + list(self.filter(starts_at__gt=now).order_by("starts_at", "pk")[: count - len(started)])

    def past(self, *, now: datetime | None = None) -> "EventQuerySet":
        """Events that have ended, latest first."""
        return self.filter(ends_at__lte=now or timezone.now()).order_by("-starts_at", "-pk")

    def scheduled(self) -> "EventQuerySet":
        return self.filter(status=Event.Status.SCHEDULED)

    def for_group(self, group: Group) -> "EventQuerySet":
        return self.filter(group=group)

    def site_events(self) -> "EventQuerySet":
        return self.filter(group__isnull=True)

    def between(self, start: datetime | None, end: datetime | None) -> "EventQuerySet":
        queryset = self
        if start is not None:
            queryset = queryset.filter(ends_at__gte=start)
        if end is not None:
            queryset = queryset.filter(starts_at__lt=end)
        return queryset

    def with_counts(self) -> "EventQuerySet":
        """Adds registered_count and waitlisted_count, each one subquery whatever the size. In SQL:
        the ORM's two correlated subqueries took longer to build and compile (about 1 ms on an
        event's page) than to run."""
        return self.annotate(
            registered_count=_registrations_counted(Registration.Status.REGISTERED),
            waitlisted_count=_registrations_counted(Registration.Status.WAITLISTED),
        )

    def registered_for(self, user: Viewer) -> "EventQuerySet":
        """Events the user holds a place at (not waitlisted, not cancelled)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(registrations__user=user, registrations__status=Registration.Status.REGISTERED)

    def with_reader(self, user: Viewer) -> "EventQuerySet":
        """Adds the reader's registration, and their membership of the event's group (for the
        group's reader states, Group.membership_for), so that an event's page reads them at once.
        In SQL, as groups.models.reader_membership, for the same reason."""
        if user is None or not user.is_authenticated:
            return self
        registration = (
            "SELECT jsonb_build_object('pk', id, 'status', status, 'waitlisted_at', waitlisted_at) "
            'FROM events_registration WHERE event_id = "events_event"."id" AND user_id = %s'
        )
        return self.annotate(
            reader_id=models.Value(user.pk),
            reader_registration=RawSQL(registration, (user.pk,), output_field=models.JSONField()),  # noqa: S611
            group_reader_membership=reader_membership(user, '"events_event"."group_id"'),
        )

    def for_listing(self) -> "EventQuerySet":
        return self.select_related("group").prefetch_related("topics").with_counts()


def _registrations_counted(status: str) -> RawSQL:
    """The outer event's registrations with `status`, counted."""
    # The tables are named by this code, never input; the status is a parameter.
    sql = (
        f"SELECT COUNT(*) FROM {Registration._meta.db_table} "  # noqa: S608
        f'WHERE event_id = "{Event._meta.db_table}"."id" AND status = %s'
    )
    return RawSQL(sql, (str(status),), output_field=models.IntegerField())  # noqa: S611


def new_event_uid() -> str:
    return f"{uuid.uuid4()}@{settings.SITE_DOMAIN}"


class Event(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        help_text="Empty for an event that the site itself runs (made by curators).",
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.CharField(max_length=240, blank=True, help_text="One sentence shown in lists of events.")
    description = models.TextField(blank=True, help_text="What happens and who it is for. Markdown.")
    description_html = models.TextField(blank=True, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.WEBINAR)
    format = models.CharField(max_length=16, choices=Format.choices, default=Format.ONLINE)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    timezone = models.CharField(
        max_length=64,
        default="Europe/London",
        validators=[validate_timezone],
        help_text="Where the event happens; its times are shown in this timezone too.",
    )
    venue = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True)
    joining_url = models.URLField(
        "online joining link",
        max_length=500,
        blank=True,
        help_text="Shown only to registered attendees, on the event page and in their emails.",
    )
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Empty for no limit.")
    registration_closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: registration closes when the event starts."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_message = models.TextField(blank=True)
    topics = models.ManyToManyField("casestudies.Topic", blank=True, related_name="events")
    # RFC 5545: the UID never changes and SEQUENCE grows with every change calendars must see.
    uid = models.CharField(max_length=255, unique=True, default=new_event_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="events_ends_after_start"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0), name="events_capacity_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["group", "starts_at"], name="events_group_starts_idx"),
            # Each batch of digests reads the events announced in its window.
            models.Index(fields=["created_at"], name="events_created_idx"),
            # The events in progress (EventQuerySet.next_few).
            GistIndex(time_span(), name="events_time_span_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        render_markdown_field(self, "description", kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def zoneinfo(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return self.format in (Format.ONLINE, Format.HYBRID)

    @property
    def has_venue(self) -> bool:
        return self.format in (Format.IN_PERSON, Format.HYBRID)

    @property
    def closes_at(self) -> datetime:
        return self.registration_closes_at or self.starts_at

    def is_open_for_registration(self, *, now: datetime | None = None) -> bool:
        return not self.is_cancelled and (now or timezone.now()) < self.closes_at

    def has_ended(self, *, now: datetime | None = None) -> bool:
        return self.ends_at <= (now or timezone.now())


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def registered(self) -> "RegistrationQuerySet":
        return self.filter(status=Registration.Status.REGISTERED)

    def waitlisted(self) -> "RegistrationQuerySet":
        return self.filter(status=Registration.Status.WAITLISTED)

    def active(self) -> "RegistrationQuerySet":
        """Registered or on the waitlist: people the event's notices go to."""
        return self.filter(status__in=[Registration.Status.REGISTERED, Registration.Status.WAITLISTED])

    def in_waitlist_order(self) -> "RegistrationQuerySet":
        return self.waitlisted().order_by("waitlisted_at", "pk")

    def for_attendee_list(self) -> "RegistrationQuerySet":
        return self.select_related("user").order_by("status", "waitlisted_at", "registered_at", "pk")


class Registration(models.Model):
    """A member's place at an event, or their place in its waitlist. One row per member and event:
    cancelling and registering again reuse it."""

    class Status(models.TextChoices):
        REGISTERED = "registered", "Registered"
        WAITLISTED = "waitlisted", "On the waitlist"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations")
    status = models.CharField(max_length=16, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    registered_at = models.DateTimeField(null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The start time each reminder was sent for: a moved event is reminded of again.
    day_reminder_for = models.DateTimeField(null=True, blank=True, editable=False)
    hour_reminder_for = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_one_registration_per_member"),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="events_waitlisted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "waitlisted_at"], name="events_registration_status_idx")]

    def __str__(self) -> str:
        return f"{self.user} at {self.event} ({self.get_status_display()})"

    @property
    def is_registered(self) -> bool:
        return self.status == self.Status.REGISTERED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a member's personal calendar of the events they registered for."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_calendar")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("events:personal_calendar", kwargs={"token": self.token})
