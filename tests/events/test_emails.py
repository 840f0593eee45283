from datetime import timedelta

import pytest

from events import services
from events.models import Event
from outbox.models import OutgoingEmail
from outbox.services import render_email
from tests.events.factories import EventFactory, RegistrationFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_event_email_renders_with_the_title_unescaped_and_the_link_only_for_attendees():
    event = EventFactory(title="Flow & safety <live>", capacity=1, joining_url="https://meet.example.org/r-1")
    attendee, waiting = UserFactory(), UserFactory()
    services.registration_create(event=event, user=attendee)
    services.registration_create(event=event, user=waiting)
    changed = Event.objects.get(pk=event.pk)
    changed.starts_at += timedelta(hours=1)
    changed.ends_at += timedelta(hours=1)
    services.event_update(event=changed)
    services.registration_cancel(event=event, user=attendee)  # promotes the waiting member
    services.event_cancel(event=event, message="Sorry & goodbye")

    templates = set()
    for email in OutgoingEmail.objects.all():
        message = render_email(email)
        templates.add(email.template_name)
        assert "Flow & safety <live>" in message.subject
        assert "Flow & safety <live>" in message.body
        holds_place = email.template_name in ("event_registered", "event_promoted", "event_changed")
        assert ("https://meet.example.org/r-1" in message.body) == holds_place, email.template_name
    assert templates == {"event_registered", "event_waitlisted", "event_changed", "event_promoted", "event_cancelled"}


def test_the_reminder_email_renders_with_the_joining_link():
    registration = RegistrationFactory(event=EventFactory(joining_url="https://meet.example.org/r-2"))
    event = registration.event
    event.starts_at = event.starts_at - timedelta(days=6, hours=23, minutes=30)
    event.ends_at = event.starts_at + timedelta(hours=1)
    event.save()

    services.reminders_send()

    message = render_email(OutgoingEmail.objects.get(template_name="event_reminder"))
    assert "starts in an hour" in message.subject
    assert "https://meet.example.org/r-2" in message.body
