"""The sweep queues again what was lost: rows written while the broker was down, retries whose
task vanished, rows a dead worker was holding. Each row is claimed by one worker only."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from outbox import services
from outbox.models import OutgoingEmail, Stream
from outbox.services import claim, email_enqueue, email_send, outbox_sweep
from tests.members.factories import UserFactory
from tests.processes import race, someone_waits_for_a_lock


def enqueue(user, key):
    return email_enqueue(to=user, template="test_notice", context={"name": "Ada"}, stream=Stream.DIGEST, key=key)


def age(*emails, by=services.SWEEP_GRACE):
    """Moves emails into the past, as if their task had been lost a while ago."""
    past = timezone.now() - by - timedelta(seconds=1)
    OutgoingEmail.objects.filter(pk__in=[email.pk for email in emails]).update(next_attempt_at=past, claimed_at=past)


def create(n=1):
    return OutgoingEmail.objects.create(
        to_address=f"{n}@example.org", stream=Stream.DIGEST, template_name="test_notice", idempotency_key=f"k{n}"
    )


@pytest.mark.django_db(transaction=True)
def test_an_email_written_while_the_broker_is_down_waits_and_the_sweep_queues_it(broker_down, task_queue):
    with transaction.atomic():
        email = enqueue(UserFactory(), "notice-1")

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING, "the change and its email are saved all the same"
    assert task_queue.email_ids() == []

    broker_back = broker_down
    broker_back()
    age(email)
    assert outbox_sweep() == [email.pk]
    assert task_queue.email_ids() == [email.pk]


@pytest.mark.django_db(transaction=True)
def test_a_fresh_email_is_left_to_its_own_task(task_queue):
    with transaction.atomic():
        email = enqueue(UserFactory(), "notice-1")

    assert task_queue.email_ids() == [email.pk], "queued once, after commit"
    assert outbox_sweep() == []
    assert task_queue.email_ids() == [email.pk]


@pytest.mark.django_db(transaction=True)
def test_a_sweep_does_not_queue_twice_what_an_earlier_sweep_just_queued(task_queue):
    email = create()
    age(email)

    assert outbox_sweep() == [email.pk]
    assert outbox_sweep() == []
    assert task_queue.email_ids() == [email.pk]


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_queue_each_email_once(task_queue):
    emails = [create(n) for n in range(5)]
    age(*emails)
    # The first sweep's rows stay locked until its transaction commits, so the second sweep runs
    # while the first is still in the middle of its work.
    first, second = race(outbox_sweep, outbox_sweep, what="the second sweep")

    assert sorted(first) == sorted(email.pk for email in emails)
    assert second == []
    assert sorted(task_queue.email_ids()) == sorted(email.pk for email in emails)


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_one_email_at_once_cannot_both_win():
    email = create()

    def claim_it():
        return claim(email.pk)

    # The first claim commits only once the second is blocked on this row's lock.
    first, second = race(
        claim_it, claim_it, first_commits_when=someone_waits_for_a_lock, what="the second claim to wait for the row"
    )

    assert first is not None
    assert second is None
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENDING
    assert email.attempts == 1


@pytest.mark.django_db
def test_an_email_a_dead_worker_was_holding_is_queued_again_with_the_same_message_id(smtp_server):
    email = enqueue(UserFactory(), "notice-1")
    claim(email.pk)
    age(email, by=services.sending_lease() / 2)
    assert outbox_sweep() == [], "it may still be sending"

    age(email, by=services.sending_lease())
    assert outbox_sweep() == [email.pk]

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert "worker stopped while sending" in email.last_error
    email_send(email_id=email.pk)
    [message] = smtp_server.messages
    assert message["Message-ID"] == email.message_id


@pytest.mark.django_db
def test_an_email_that_kept_losing_its_worker_ends_as_failed():
    email = enqueue(UserFactory(), "notice-1")
    OutgoingEmail.objects.filter(pk=email.pk).update(attempts=services.MAX_ATTEMPTS - 1)
    claim(email.pk)
    age(email, by=services.sending_lease())

    assert outbox_sweep() == []

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == services.MAX_ATTEMPTS


@pytest.mark.django_db
def test_a_retry_whose_task_vanished_is_queued_once_its_time_has_come(smtp_server):
    smtp_server.refuse.add("gone@example.org")
    email = enqueue(UserFactory(email="gone@example.org"), "notice-1")
    email_send(email_id=email.pk)
    email.refresh_from_db()

    assert outbox_sweep() == []
    age(email)
    assert outbox_sweep() == [email.pk]


def test_beat_runs_the_sweep_every_minute():
    from django.conf import settings

    from outbox.tasks import sweep_outbox

    entry = settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]
    assert entry["schedule"] == 60.0
    assert entry["task"] == sweep_outbox.name
