"""Writes with side effects: creating, changing and cancelling events, registering and cancelling
places, promoting the waitlist, reminders and calendar feed addresses.

Every write that changes who holds a place locks the event's row first (`_lock`), so that
concurrent registrations and cancellations for one event run one after another and the number of
places taken never passes the capacity. Emails are written to the outbox in the same transaction.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from groups.models import Visibility
from members.models import User
from outbox.models import Stream
from outbox.services import email_enqueue

from . import news
from .calendars import calendar_bytes
from .models import CalendarFeed, Event, Registration
from .times import describe


class EventError(Exception):
    """A request that cannot be done as asked; the message says why, for the person who asked,
    and `field` names the form field it is about, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# The fields calendars and attendees see change when these do (SEQUENCE is bumped on any of them).
CALENDAR_FIELDS = [
    "title", "summary", "description", "kind", "format", "starts_at", "ends_at", "timezone",
    "venue", "address", "joining_url", "capacity", "registration_closes_at",
]  # fmt: skip
# Attendees are emailed when the time or the place changes.
NOTIFIED_FIELDS = {
    "starts_at": "Time",
    "ends_at": "Time",
    "timezone": "Time",
    "format": "Format",
    "venue": "Venue",
    "address": "Address",
    "joining_url": "Joining link",
}

REMINDERS = {
    # name: (how long before the start it is due, the registration field that records it)
    "day": (timedelta(days=1), "day_reminder_for"),
    "hour": (timedelta(hours=1), "hour_reminder_for"),
}


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


# Addresses under /events/ that an event's slug must not take.
RESERVED_SLUGS = {"new", "calendar"}


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200].strip("-") or "event"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or Event.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _email_context(event: Event, user: User, **extra: Any) -> dict[str, Any]:
    return {
        "name": user.get_short_name(),
        "event_title": event.title,
        "event_path": event.get_absolute_url(),
        "when": describe(event.starts_at, event.ends_at, user.zoneinfo),
        "where": ", ".join(part for part in [event.venue, event.address.replace("\n", ", ")] if part),
        "is_online": event.is_online,
        "group_name": event.group.name if event.group is not None else "",
        "calendar_path": reverse("events:calendar", args=[event.slug]),
        **extra,
    }


# Emails that give someone a place carry the event's calendar file, to add in one click.
WITH_CALENDAR_FILE = {"event_registered", "event_promoted"}


def _notify(event: Event, registration: Registration, template: str, key: str, **extra: Any) -> None:
    # The joining link goes only to people who hold a place.
    joining_url = event.joining_url if registration.is_registered and event.is_online else ""
    if template in WITH_CALENDAR_FILE:
        ics = calendar_bytes([event], name=event.title).decode()
        extra["attachments"] = [{"filename": f"{event.slug}.ics", "content": ics, "mimetype": "text/calendar"}]
    email_enqueue(
        to=registration.user,
        template=template,
        context=_email_context(event, registration.user, joining_url=joining_url, **extra),
        stream=Stream.EVENT_NOTICES,
        key=key,
    )


# --- Events -----------------------------------------------------------------------------------


@transaction.atomic
def event_create(*, event: Event, topics: Any = (), by: User) -> Event:
    """Saves a new event (of event.group, or of the site) with a unique slug. No email."""
    if event.starts_at <= timezone.now():
        raise EventError("The event must start in the future.")
    event.slug = _unique_slug(event.title)
    event.created_by = by
    event.status = Event.Status.SCHEDULED
    event.save()
    event.topics.set(topics)
    news.event_created.send(sender=Event, event_id=event.pk)
    return event


@transaction.atomic
def event_update(*, event: Event, topics: Any = None) -> list[str]:
    """Saves the changed event, bumps its calendar SEQUENCE, emails registered attendees what
    changed about the time or place, and fills any places a larger capacity frees. Returns the
    names of what changed that attendees were told about: none when nobody holds a place."""
    before = _lock(event)
    if before.is_cancelled:
        raise EventError("This event has been cancelled, so it cannot be changed.")
    taken = before.registrations.registered().count()
    if event.capacity is not None and event.capacity < taken:
        raise EventError(
            f"{taken} people are already registered, so the capacity cannot be less than {taken}. "
            "Ask some of them to cancel first.",
            field="capacity",
        )
    changed = [field for field in CALENDAR_FIELDS if getattr(before, field) != getattr(event, field)]
    topics_changed = topics is not None and {t.pk for t in topics} != set(before.topics.values_list("pk", flat=True))
    if not changed and not topics_changed:
        return []
    event.sequence = before.sequence + 1
    event.save()
    if topics is not None:
        event.topics.set(topics)
    notified = list(dict.fromkeys(NOTIFIED_FIELDS[field] for field in changed if field in NOTIFIED_FIELDS))
    told = list(event.registrations.registered().select_related("user")) if notified else []
    if told:
        what_before = describe(before.starts_at, before.ends_at, before.zoneinfo)
        for registration in told:
            _notify(
                event,
                registration,
                "event_changed",
                key=f"event-changed:{event.pk}:{event.sequence}:{registration.user_id}",
                changes=notified,
                when_before=what_before,
            )
    _promote_waitlist(event)
    return notified if told else []


@transaction.atomic
def event_cancel(*, event: Event, message: str) -> Event:
    """Cancels the event (it stays visible, marked cancelled) and emails everyone registered or
    waitlisted, with the moderator's message."""
    event = _lock(event)
    if event.is_cancelled:
        raise EventError("This event has already been cancelled.")
    event.status = Event.Status.CANCELLED
    event.cancelled_at = timezone.now()
    event.cancellation_message = message
    event.sequence += 1
    event.save(update_fields=["status", "cancelled_at", "cancellation_message", "sequence", "updated_at"])
    for registration in event.registrations.active().select_related("user"):
        email_enqueue(
            to=registration.user,
            template="event_cancelled",
            context=_email_context(event, registration.user, message=message),
            stream=Stream.EVENT_NOTICES,
            key=f"event-cancelled:{event.pk}:{registration.user_id}",
        )
    return event


# --- Registrations ----------------------------------------------------------------------------


def may_register(event: Event, user: User) -> bool:
    """Anyone signed in for site events and open groups; active members for other groups."""
    if not user.is_authenticated or not user.is_active:
        return False
    group = event.group
    if group is None or group.visibility == Visibility.OPEN:
        return True
    return group.is_member(user)


@transaction.atomic
def registration_create(*, event: Event, user: User, now: datetime | None = None) -> Registration:
    """Gives the member a place, or a place on the waitlist when the event is full, and emails
    them which (with the joining link for a place at an online event)."""
    # The clock is read once the event is locked, so that the waitlist's order (waitlisted_at)
    # is the order in which registrations took the lock, and the position told is the real one.
    event = _lock(event)
    now = now or timezone.now()
    if event.is_cancelled:
        raise EventError("This event has been cancelled, so it takes no registrations.")
    if not event.is_open_for_registration(now=now):
        raise EventError("Registration for this event has closed.")
    if not may_register(event, user):
        raise EventError("Only members of the group can register for this event. Join the group first.")
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.is_registered:
        raise EventError("You are already registered for this event.")
    if registration is not None and registration.is_waitlisted:
        raise EventError("You are already on the waitlist for this event.")
    registration = registration or Registration(event=event, user=user)
    registration.cancelled_at = None
    taken = event.registrations.registered().count()
    if event.capacity is None or taken < event.capacity:
        registration.status = Registration.Status.REGISTERED
        registration.registered_at = now
        registration.waitlisted_at = None
    else:
        registration.status = Registration.Status.WAITLISTED
        registration.waitlisted_at = _after_the_waitlist(event, now)
        registration.registered_at = None
    registration.save()
    stamp = now.isoformat()
    if registration.is_registered:
        _notify(event, registration, "event_registered", key=f"event-registered:{registration.pk}:{stamp}")
    else:
        _notify(
            event,
            registration,
            "event_waitlisted",
            key=f"event-waitlisted:{registration.pk}:{stamp}",
            position=waitlist_position(registration),
        )
    return registration


@transaction.atomic
def registration_cancel(*, event: Event, user: User) -> Registration:
    """Cancels the member's place (or waitlist place); a freed place goes to the first person on
    the waitlist, who is emailed."""
    event = _lock(event)
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is None or registration.status == Registration.Status.CANCELLED:
        raise EventError("You are not registered for this event.")
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    _promote_waitlist(event)
    return registration


def _after_the_waitlist(event: Event, now: datetime) -> datetime:
    """`now`, or just after the last person on the waitlist where another machine's clock ran
    ahead of this one's: a newcomer always joins at the back. The caller holds the event's lock."""
    last = event.registrations.waitlisted().order_by("-waitlisted_at").values_list("waitlisted_at", flat=True).first()
    if last is not None and last >= now:
        return last + timedelta(microseconds=1)
    return now


def _promote_waitlist(event: Event) -> None:
    """Fills free places from the waitlist in order. The caller holds the event's lock."""
    if event.is_cancelled or event.has_ended():
        return
    waitlist = event.registrations.in_waitlist_order().select_related("user")
    if event.capacity is not None:
        free = event.capacity - event.registrations.registered().count()
        if free <= 0:
            return
        waitlist = waitlist[:free]
    now = timezone.now()
    for registration in waitlist:
        registration.status = Registration.Status.REGISTERED
        registration.registered_at = now
        registration.waitlisted_at = None
        registration.save(update_fields=["status", "registered_at", "waitlisted_at"])
        _notify(event, registration, "event_promoted", key=f"event-promoted:{registration.pk}:{now.isoformat()}")


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person on the waitlist."""
    if not registration.is_waitlisted:
        return None
    ahead = Registration.objects.waitlisted().filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk),
        event_id=registration.event_id,
    )
    return ahead.count() + 1


# --- Reminders --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemindersSent:
    day: int = 0
    hour: int = 0


def reminders_send(*, now: datetime | None = None) -> RemindersSent:
    """Emails each registered attendee a reminder a day and an hour before the event, each once.

    A reminder is recorded on the registration (with the start time it was for) in the same
    transaction that writes the email, and its outbox key is unique, so a job that runs twice,
    overlaps another or dies half-way never sends one twice; the next run sends what it missed.
    An event moved to another time is reminded of again.
    """
    now = now or timezone.now()
    sent = {}
    for name, (ahead, field) in REMINDERS.items():
        # The day reminder is for events more than an hour away; nearer ones get the hour one only.
        earliest = now + REMINDERS["hour"][0] if name == "day" else now
        due = Registration.objects.registered().filter(
            Q(**{f"{field}__isnull": True}) | ~Q(**{field: F("event__starts_at")}),
            event__status=Event.Status.SCHEDULED,
            event__starts_at__gt=earliest,
            event__starts_at__lte=now + ahead,
        )
        count = 0
        for registration_id in due.values_list("pk", flat=True):
            count += _remind(registration_id=registration_id, name=name, field=field)
        sent[name] = count
    return RemindersSent(**sent)


@transaction.atomic
def _remind(*, registration_id: int, name: str, field: str) -> int:
    registration = (
        Registration.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("event", "event__group", "user")
        .registered()
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or getattr(registration, field) == registration.event.starts_at:
        return 0
    event = registration.event
    _notify(
        event,
        registration,
        "event_reminder",
        key=f"event-reminder:{name}:{registration.pk}:{event.starts_at.isoformat()}",
        soon="in an hour" if name == "hour" else "tomorrow",
    )
    setattr(registration, field, event.starts_at)
    registration.save(update_fields=[field])
    return 1


# --- Calendar feeds ---------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_for(*, user: User) -> CalendarFeed:
    """The member's personal feed, made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """Gives the member's feed a new secret address; the old one stops working at once."""
    feed = calendar_feed_for(user=user)
    feed.token = CalendarFeed._meta.get_field("token").get_default()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed
