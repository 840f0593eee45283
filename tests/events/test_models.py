from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory
from tests.groups.factories import GroupFactory, member_of
from tests.members.factories import UserFactory
from tests.members.mfa import turn_on_totp

pytestmark = pytest.mark.django_db


def test_site_and_public_group_events_are_visible_to_visitors_but_private_group_events_are_not():
    site = EventFactory(site=True)
    public = EventFactory()
    private = EventFactory(group=GroupFactory(private=True))

    assert set(Event.objects.visible_to(None)) == {site, public}
    assert set(Event.objects.visible_to(UserFactory())) == {site, public}
    assert private not in Event.objects.visible_to(UserFactory())


def test_private_group_events_are_visible_to_its_members_and_curators():
    private = EventFactory(group=GroupFactory(private=True))

    assert private in Event.objects.visible_to(member_of(private.group))
    curator = UserFactory(is_staff=True)
    turn_on_totp(curator)  # curators see private groups only with two-factor authentication on
    assert private in Event.objects.visible_to(curator)


def test_upcoming_lists_events_that_have_not_ended_soonest_first_and_past_the_rest_latest_first():
    now = timezone.now()
    later = EventFactory(starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=1))
    soon = EventFactory(starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=1))
    happening = EventFactory(starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(minutes=30))
    old = EventFactory(starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=9) + timedelta(hours=1))
    older = EventFactory(starts_at=now - timedelta(days=20), ends_at=now - timedelta(days=20) + timedelta(hours=1))

    assert list(Event.objects.upcoming()) == [happening, soon, later]
    assert list(Event.objects.past()) == [old, older]


@pytest.mark.parametrize("count", [1, 2, 3, 4, 6])
def test_next_few_are_the_first_of_upcoming_with_events_in_progress_first(count):
    now = timezone.now()
    EventFactory(starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1))
    EventFactory(starts_at=now - timedelta(hours=2), ends_at=now)  # ended just now
    long_running = EventFactory(starts_at=now - timedelta(days=5), ends_at=now + timedelta(days=5))
    started = EventFactory(starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(minutes=30))
    soon = EventFactory(starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=1))
    later = EventFactory(starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=1))

    assert Event.objects.next_few(count, now=now) == [long_running, started, soon, later][:count]
    assert Event.objects.next_few(count, now=now) == list(Event.objects.upcoming(now=now)[:count])


def test_with_counts_counts_places_and_waitlist_separately():
    event = EventFactory(capacity=2)
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, waitlisted=True)
    RegistrationFactory(event=event, cancelled=True)

    counted = Event.objects.with_counts().get(pk=event.pk)

    assert (counted.registered_count, counted.waitlisted_count) == (2, 1)


def test_registered_for_lists_only_events_where_the_member_holds_a_place():
    user = UserFactory()
    registered = RegistrationFactory(user=user).event
    RegistrationFactory(user=user, waitlisted=True)
    RegistrationFactory(user=user, cancelled=True)

    assert list(Event.objects.registered_for(user)) == [registered]


def test_an_event_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        EventFactory(ends_at=timezone.now())


def test_a_member_has_one_registration_per_event():
    registration = RegistrationFactory()
    with pytest.raises(IntegrityError):
        RegistrationFactory(event=registration.event, user=registration.user, status=Registration.Status.CANCELLED)


def test_description_is_rendered_and_sanitised_on_save():
    event = EventFactory(description="**Bring data** <script>alert(1)</script>")

    assert "<strong>Bring data</strong>" in event.description_html
    assert "<script>" not in event.description_html


def test_registration_closes_at_the_start_unless_a_closing_time_is_set():
    event = EventFactory()
    assert event.closes_at == event.starts_at

    event.registration_closes_at = event.starts_at - timedelta(days=1)
    assert event.closes_at == event.starts_at - timedelta(days=1)
