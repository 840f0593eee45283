from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from events import services
from events.models import Event
from events.tasks import send_event_reminders
from outbox.models import OutgoingEmail
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def reminders(user=None):
    rows = OutgoingEmail.objects.filter(template_name="event_reminder")
    return list(rows.filter(recipient=user) if user else rows)


def starting_in(delta: timedelta, **kwargs) -> Event:
    starts = timezone.now() + delta
    return EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=1), **kwargs)


def test_registered_attendees_get_the_day_reminder_once_with_the_joining_link():
    event = starting_in(timedelta(hours=20))
    attendee = RegistrationFactory(event=event).user
    RegistrationFactory(event=event, waitlisted=True)
    RegistrationFactory(event=event, cancelled=True)

    assert services.reminders_send() == services.RemindersSent(day=1, hour=0)
    assert services.reminders_send() == services.RemindersSent(day=0, hour=0)

    [email] = reminders()
    assert email.recipient == attendee
    assert email.context["soon"] == "tomorrow"
    assert email.context["joining_url"] == event.joining_url


def test_each_attendee_gets_the_day_and_the_hour_reminder_exactly_once_as_time_passes():
    event = starting_in(timedelta(hours=23))
    attendee = RegistrationFactory(event=event).user
    now = timezone.now()

    for minutes in range(0, 23 * 60, 5):  # the beat job every five minutes, until the start
        services.reminders_send(now=now + timedelta(minutes=minutes))
    services.reminders_send(now=now + timedelta(hours=22, minutes=59))  # and once more, late

    sent = sorted(email.context["soon"] for email in reminders(attendee))
    assert sent == ["in an hour", "tomorrow"]


def test_an_event_near_its_start_gets_only_the_hour_reminder():
    event = starting_in(timedelta(minutes=40))
    RegistrationFactory(event=event)

    assert services.reminders_send() == services.RemindersSent(day=0, hour=1)


def test_a_moved_event_is_reminded_of_again_for_its_new_time():
    event = starting_in(timedelta(hours=20))
    RegistrationFactory(event=event)
    services.reminders_send()
    event = Event.objects.get(pk=event.pk)
    event.starts_at += timedelta(hours=2)
    event.ends_at += timedelta(hours=2)
    services.event_update(event=event)

    assert services.reminders_send() == services.RemindersSent(day=1, hour=0)
    assert len(reminders()) == 2


def test_cancelled_and_far_off_events_get_no_reminder():
    RegistrationFactory(event=starting_in(timedelta(hours=20), cancelled=True))
    RegistrationFactory(event=starting_in(timedelta(days=3)))

    assert services.reminders_send() == services.RemindersSent()
    assert reminders() == []


def test_a_registration_whose_reminder_was_recorded_by_another_run_is_not_reminded_again():
    """A second job that read the same registration before the first one recorded it."""
    registration = RegistrationFactory(event=starting_in(timedelta(hours=20)))
    services.reminders_send()

    assert services._remind(registration_id=registration.pk, name="day", field="day_reminder_for") == 0
    assert len(reminders()) == 1


def test_the_reminder_job_is_in_the_beat_schedule_and_runs_the_service():
    entry = settings.CELERY_BEAT_SCHEDULE["events-reminders"]
    assert entry["task"] == send_event_reminders.name
    RegistrationFactory(event=starting_in(timedelta(minutes=30)))

    send_event_reminders.apply()

    assert len(reminders()) == 1
