"""Real Celery workers, a real broker and a real SMTP server: nothing is lost and nothing is
marked sent that was not handed to the mail server."""

import os
import signal

import pytest
from django.db import transaction

from outbox import services
from outbox.models import OutgoingEmail, Stream
from outbox.services import email_enqueue, outbox_sweep
from tests.members.factories import UserFactory
from tests.processes import start_worker, stop, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


NOTICE = {"subject": "A notice", "paragraphs": ["Something happened."], "action_path": "/me/", "action_label": "See it"}


def worker_for(task_queue, smtp_server, *extra_args):
    return start_worker(
        task_queue.name, extra_args=extra_args, EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_server.port)
    )


def status_of(email):
    email.refresh_from_db()
    return email.status


def test_an_email_written_while_redis_was_down_is_sent_by_the_sweep_once_it_is_back(
    task_queue, smtp_server, broker_down
):
    user = UserFactory()
    with transaction.atomic():
        email = email_enqueue(to=user, template="notice", context=NOTICE, stream=Stream.DIGEST, key="k")
    assert status_of(email) == OutgoingEmail.Status.PENDING

    broker_back = broker_down
    broker_back()
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=email.created_at - services.SWEEP_GRACE)
    worker = worker_for(task_queue, smtp_server)
    try:
        assert outbox_sweep() == [email.pk]
        wait_for(lambda: status_of(email) == OutgoingEmail.Status.SENT, timeout=90, what="the worker to send it")
    finally:
        stop(worker)
    assert [message["To"] for message in smtp_server.messages] == [user.email]


def test_a_worker_killed_between_sending_and_marking_leaves_the_email_for_the_sweep(task_queue, smtp_server):
    user = UserFactory()
    # The worker runs the task in its own process (solo pool), so killing it stops the task
    # after the mail server has accepted the message and before the row is marked sent.
    worker = worker_for(task_queue, smtp_server, "--pool", "solo")
    smtp_server.on_message = lambda message: os.kill(worker.pid, signal.SIGKILL)
    try:
        with transaction.atomic():
            email = email_enqueue(to=user, template="notice", context=NOTICE, stream=Stream.DIGEST, key="k")
        wait_for(lambda: worker.poll() is not None, timeout=90, what="the worker to be killed")
    finally:
        stop(worker)
    assert status_of(email) == OutgoingEmail.Status.SENDING, "never marked sent"
    assert len(smtp_server.messages) == 1

    smtp_server.on_message = None
    assert outbox_sweep() == [], "a worker may still be talking to the mail server"
    past = email.claimed_at - services.sending_lease()
    OutgoingEmail.objects.filter(pk=email.pk).update(claimed_at=past)
    second_worker = worker_for(task_queue, smtp_server)
    try:
        assert outbox_sweep() == [email.pk]
        wait_for(lambda: status_of(email) == OutgoingEmail.Status.SENT, timeout=90, what="the email to be sent again")
    finally:
        stop(second_worker)

    first, second = smtp_server.messages
    assert first["Message-ID"] == second["Message-ID"] == email.message_id, "receivers can drop the duplicate"
    assert email.attempts == 2
