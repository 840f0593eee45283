"""The waitlist's order is the order in which registrations took the event's lock, so the position
each member is told is their real one, and places that free up go to them in that order."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from events import services
from events.models import Event, Registration
from outbox.models import OutgoingEmail
from outbox.services import render_email
from tests.events.factories import EventFactory, RegistrationFactory
from tests.members.factories import UserFactory


def told_position(user) -> int:
    email = OutgoingEmail.objects.get(recipient=user, template_name="event_waitlisted")
    return email.context["position"]


def real_position(event, user) -> int | None:
    return services.waitlist_position(Registration.objects.get(event=event, user=user))


def wait_until_another_connection_waits_for_a_lock(deadline_seconds: float = 10) -> None:
    """Polls PostgreSQL until some other session of this database is waiting for a row lock."""
    deadline = time.monotonic() + deadline_seconds
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("The other registration never waited for the event's lock")


def in_thread(job) -> threading.Thread:
    errors: list[BaseException] = []

    def run():
        try:
            job()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.errors = errors
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_a_member_who_takes_the_lock_later_is_told_the_later_place_even_if_they_asked_first():
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    asked_first, locked_first = UserFactory(), UserFactory()

    with transaction.atomic():
        # Holding the event's lock: the first member's registration starts and waits for it...
        Event.objects.select_for_update().get(pk=event.pk)
        waiting = in_thread(
            lambda: services.registration_create(event=Event.objects.get(pk=event.pk), user=asked_first)
        )
        wait_until_another_connection_waits_for_a_lock()
        # ...while the second member, who asked later, takes it first.
        services.registration_create(event=event, user=locked_first)
    waiting.join(timeout=30)

    assert not waiting.is_alive()
    assert waiting.errors == []
    assert (told_position(locked_first), real_position(event, locked_first)) == (1, 1)
    assert (told_position(asked_first), real_position(event, asked_first)) == (2, 2)


@pytest.mark.django_db(transaction=True)
def test_many_joining_a_full_waitlist_at_once_are_each_told_their_real_position():
    event = EventFactory(capacity=2)
    RegistrationFactory.create_batch(2, event=event)
    people = UserFactory.create_batch(16)
    barrier = threading.Barrier(len(people))

    def register(user):
        barrier.wait()
        services.registration_create(event=event, user=user)

    threads = [in_thread(lambda user=user: register(user)) for user in people]
    for thread in threads:
        thread.join(timeout=60)

    assert all(not thread.is_alive() and thread.errors == [] for thread in threads)
    told = {user.pk: told_position(user) for user in people}
    real = {user.pk: real_position(event, user) for user in people}
    assert told == real
    assert sorted(told.values()) == list(range(1, len(people) + 1))


@pytest.mark.django_db
def test_a_newcomer_joins_at_the_back_even_if_their_servers_clock_runs_behind():
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    earlier, later = UserFactory(), UserFactory()
    now = timezone.now()

    services.registration_create(event=event, user=earlier, now=now)
    services.registration_create(event=event, user=later, now=now - timedelta(seconds=5))

    assert [told_position(earlier), told_position(later)] == [1, 2]
    assert [real_position(event, earlier), real_position(event, later)] == [1, 2]


@pytest.mark.django_db
def test_when_someone_ahead_leaves_the_next_member_is_promoted_and_told_so_and_the_rest_move_up():
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event).user
    first, second, third = UserFactory.create_batch(3)
    for user in (first, second, third):
        services.registration_create(event=event, user=user)

    services.registration_cancel(event=event, user=second)
    services.registration_cancel(event=event, user=holder)

    assert Registration.objects.get(event=event, user=first).is_registered
    promoted = OutgoingEmail.objects.get(recipient=first, template_name="event_promoted")
    assert "as you were next on the waitlist, it is yours" in render_email(promoted).body
    assert real_position(event, third) == 1
