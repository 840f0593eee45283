"""Many people registering for the last places at the same moment, each in their own database
connection and transaction, as separate web requests would."""

import threading

import pytest
from django.db import connection

from events import services
from events.models import Registration
from tests.events.factories import EventFactory, RegistrationFactory
from tests.members.factories import UserFactory

PEOPLE = 12


def run_together(jobs) -> list[BaseException]:
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job):
        try:
            barrier.wait()
            job()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_many_people_registering_at_once_for_the_last_places_never_overfill_the_event():
    event = EventFactory(capacity=5)
    RegistrationFactory.create_batch(2, event=event)
    people = UserFactory.create_batch(PEOPLE)

    errors = run_together([lambda user=user: services.registration_create(event=event, user=user) for user in people])

    assert errors == []
    registrations = Registration.objects.filter(event=event)
    assert registrations.registered().count() == 5
    assert registrations.waitlisted().count() == PEOPLE - 3
    positions = sorted(services.waitlist_position(r) for r in registrations.waitlisted())
    assert positions == list(range(1, PEOPLE - 3 + 1))


@pytest.mark.django_db(transaction=True)
def test_cancellations_and_registrations_at_once_keep_the_event_exactly_full():
    event = EventFactory(capacity=4)
    holders = [RegistrationFactory(event=event).user for _ in range(4)]
    newcomers = UserFactory.create_batch(8)

    errors = run_together(
        [lambda user=user: services.registration_cancel(event=event, user=user) for user in holders]
        + [lambda user=user: services.registration_create(event=event, user=user) for user in newcomers]
    )

    assert errors == []
    registrations = Registration.objects.filter(event=event)
    assert registrations.registered().count() == 4
    assert registrations.waitlisted().count() == 4
