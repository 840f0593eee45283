from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.models import Event, Registration
from outbox.models import OutgoingEmail
from tests.events.factories import EventFactory, RegistrationFactory
from tests.groups.factories import GroupFactory, member_of
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def emails(template: str, user=None) -> list[OutgoingEmail]:
    rows = OutgoingEmail.objects.filter(template_name=template)
    return list(rows.filter(recipient=user) if user else rows)


def test_a_member_registers_and_is_emailed_the_joining_link():
    event = EventFactory(capacity=2)
    user = UserFactory()

    registration = services.registration_create(event=event, user=user)

    assert registration.is_registered
    [email] = emails("event_registered", user)
    assert email.context["joining_url"] == event.joining_url
    assert email.stream == "event_notices"


def test_when_the_event_is_full_the_member_joins_the_waitlist_with_their_position_and_no_link():
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    first, second = UserFactory(), UserFactory()

    services.registration_create(event=event, user=first)
    waiting = services.registration_create(event=event, user=second)

    assert waiting.is_waitlisted
    assert services.waitlist_position(waiting) == 2
    [email] = emails("event_waitlisted", second)
    assert email.context["position"] == 2
    assert email.context["joining_url"] == ""


def test_waitlisted_member_is_promoted_and_emailed_when_a_place_frees_up():
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event).user
    first = services.registration_create(event=event, user=UserFactory())
    second = services.registration_create(event=event, user=UserFactory())

    services.registration_cancel(event=event, user=holder)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_registered
    assert second.is_waitlisted
    assert services.waitlist_position(second) == 1
    [email] = emails("event_promoted", first.user)
    assert email.context["joining_url"] == event.joining_url
    assert not emails("event_promoted", second.user)


def test_leaving_the_waitlist_promotes_nobody():
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, waitlisted=True)

    services.registration_cancel(event=event, user=waiting.user)

    holder.refresh_from_db()
    assert holder.is_registered
    assert Registration.objects.registered().filter(event=event).count() == 1
    assert not emails("event_promoted")


def test_registering_twice_is_refused_with_a_message():
    event = EventFactory()
    user = UserFactory()
    services.registration_create(event=event, user=user)

    with pytest.raises(services.EventError, match="already registered"):
        services.registration_create(event=event, user=user)


def test_cancelling_twice_is_refused_with_a_message():
    registration = RegistrationFactory()
    services.registration_cancel(event=registration.event, user=registration.user)

    with pytest.raises(services.EventError, match="not registered"):
        services.registration_cancel(event=registration.event, user=registration.user)


def test_a_member_who_cancelled_can_register_again():
    registration = RegistrationFactory()
    services.registration_cancel(event=registration.event, user=registration.user)

    again = services.registration_create(event=registration.event, user=registration.user)

    assert again.pk == registration.pk
    assert again.is_registered


def test_registration_is_refused_after_the_closing_time():
    event = EventFactory(registration_closes_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(services.EventError, match="closed"):
        services.registration_create(event=event, user=UserFactory())


def test_a_cancelled_event_takes_no_registrations():
    event = EventFactory(cancelled=True)

    with pytest.raises(services.EventError, match="cancelled"):
        services.registration_create(event=event, user=UserFactory())


def test_only_members_register_for_events_of_a_group_that_is_not_open():
    event = EventFactory(group=GroupFactory(by_request=True))

    with pytest.raises(services.EventError, match="members of the group"):
        services.registration_create(event=event, user=UserFactory())
    assert services.registration_create(event=event, user=member_of(event.group)).is_registered


def test_anyone_signed_in_registers_for_open_group_and_site_events():
    assert services.registration_create(event=EventFactory(), user=UserFactory()).is_registered
    assert services.registration_create(event=EventFactory(site=True), user=UserFactory()).is_registered


def test_cancelling_an_event_keeps_it_and_emails_everyone_registered_or_waitlisted():
    event = EventFactory(capacity=1)
    registered = RegistrationFactory(event=event).user
    waiting = RegistrationFactory(event=event, waitlisted=True).user
    gone = RegistrationFactory(event=event, cancelled=True).user

    services.event_cancel(event=event, message="The speaker is ill; we will rearrange.")

    event.refresh_from_db()
    assert event.is_cancelled
    assert event.sequence == 1
    assert {e.recipient for e in emails("event_cancelled")} == {registered, waiting}
    assert emails("event_cancelled", gone) == []
    assert emails("event_cancelled", registered)[0].context["message"] == "The speaker is ill; we will rearrange."
    with pytest.raises(services.EventError, match="already been cancelled"):
        services.event_cancel(event=event, message="again")


def test_changing_the_time_emails_registered_people_what_changed_and_bumps_the_sequence():
    event = EventFactory()
    registered = RegistrationFactory(event=event).user
    waiting = RegistrationFactory(event=event, waitlisted=True).user
    event = Event.objects.get(pk=event.pk)
    event.starts_at += timedelta(hours=2)
    event.ends_at += timedelta(hours=2)

    told = services.event_update(event=event)

    assert told == ["Time"]
    event.refresh_from_db()
    assert event.sequence == 1
    [email] = emails("event_changed")
    assert email.recipient == registered
    assert email.context["changes"] == ["Time"]
    assert emails("event_changed", waiting) == []


def test_changing_the_time_with_nobody_registered_tells_nobody():
    event = EventFactory()
    RegistrationFactory(event=event, waitlisted=True)
    event = Event.objects.get(pk=event.pk)
    event.starts_at += timedelta(hours=2)
    event.ends_at += timedelta(hours=2)

    assert services.event_update(event=event) == []
    assert not emails("event_changed")


def test_changing_only_the_title_bumps_the_sequence_without_email():
    event = EventFactory()
    RegistrationFactory(event=event)
    event = Event.objects.get(pk=event.pk)
    event.title = "A better title"

    assert services.event_update(event=event) == []
    event.refresh_from_db()
    assert event.sequence == 1
    assert not emails("event_changed")


def test_saving_without_changes_keeps_the_sequence():
    event = EventFactory()
    services.event_update(event=Event.objects.get(pk=event.pk))
    event.refresh_from_db()
    assert event.sequence == 0


def test_capacity_below_the_number_registered_is_refused_and_nothing_changes():
    event = EventFactory(capacity=3)
    RegistrationFactory.create_batch(3, event=event)
    event = Event.objects.get(pk=event.pk)
    event.capacity = 2

    with pytest.raises(services.EventError, match="cannot be less than 3"):
        services.event_update(event=event)
    assert Event.objects.get(pk=event.pk).capacity == 3


def test_raising_the_capacity_promotes_people_from_the_waitlist_in_order():
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    first = RegistrationFactory(event=event, waitlisted=True, waitlisted_at=timezone.now() - timedelta(hours=2))
    second = RegistrationFactory(event=event, waitlisted=True, waitlisted_at=timezone.now() - timedelta(hours=1))
    event = Event.objects.get(pk=event.pk)
    event.capacity = 2

    services.event_update(event=event)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_registered
    assert second.is_waitlisted


def test_a_cancelled_event_cannot_be_changed():
    event = EventFactory(cancelled=True)
    event.title = "New"
    with pytest.raises(services.EventError, match="cancelled"):
        services.event_update(event=event)


def test_new_events_get_a_unique_slug_that_never_shadows_an_address():
    first = services.event_create(event=EventFactory.build(title="New", group=None), by=UserFactory())
    second = services.event_create(event=EventFactory.build(title="New", group=None), by=UserFactory())

    assert first.slug != "new"
    assert second.slug not in ("new", first.slug)


def test_an_event_cannot_be_created_in_the_past():
    event = EventFactory.build(group=None, starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(services.EventError, match="future"):
        services.event_create(event=event, by=UserFactory())
