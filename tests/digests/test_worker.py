"""A real worker killed halfway through a digest batch: nothing is written, nothing is skipped."""

import os
import signal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from digests import services
from members.models import Follow, FollowKind
from outbox.models import OutgoingEmail, Stream
from tests.casestudies.factories import CaseStudyFactory, TopicFactory
from tests.digests.factories import DigestPreferenceFactory
from tests.processes import someone_waits_for_a_lock, start_worker, stop, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def someone_else_holds_digest_settings() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks JOIN pg_class ON pg_class.oid = pg_locks.relation "
            "WHERE pg_class.relname = 'digests_digestpreference' AND pg_locks.pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_while_writing_a_batch_leaves_the_members_due_and_the_next_run_sends_once(
    task_queue, smtp_server
):
    preferences = [DigestPreferenceFactory() for _ in range(3)]
    for preference in preferences:
        topic = TopicFactory()
        Follow.objects.create(user=preference.user, kind=FollowKind.TOPIC, object_id=topic.pk)
        CaseStudyFactory(topics=[topic], published_at=preference.covered_until)
    # The worker queues the digests' emails itself, on the test's queue.
    smtp = {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "CELERY_TASK_DEFAULT_QUEUE": task_queue.name,
    }
    worker = start_worker(task_queue.name, extra_args=("--pool", "solo"), **smtp)
    try:
        # Holding a lock on the outbox makes the worker stop just where it writes the digests,
        # with the batch composed and its members locked; it is killed there.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE outbox_outgoingemail IN SHARE ROW EXCLUSIVE MODE")
            assert services.digests_schedule() == 3
            wait_for(someone_waits_for_a_lock, timeout=90, what="the worker to reach the outbox")
            os.kill(worker.pid, signal.SIGKILL)
            wait_for(lambda: worker.poll() is not None, what="the worker to die")
    finally:
        stop(worker)
    # PostgreSQL rolls the dead worker's transaction back when it finds its client gone.
    wait_for(lambda: not someone_else_holds_digest_settings(), what="the dead worker's transaction to end")
    assert not OutgoingEmail.objects.exists()
    assert sorted(services.due_preference_ids(now=timezone.now())) == sorted(p.pk for p in preferences)

    second = start_worker(task_queue.name, **smtp)
    try:
        services.digests_schedule()
        services.digests_schedule()  # as if a second beat ran by mistake
        wait_for(lambda: len(smtp_server.messages) >= 3, timeout=90, what="the digests to be sent")
        wait_for(lambda: not services.due_preference_ids(now=timezone.now()), what="both batches to finish")
    finally:
        stop(second)
    assert OutgoingEmail.objects.filter(stream=Stream.DIGEST, status=OutgoingEmail.Status.SENT).count() == 3
    assert sorted(message["To"] for message in smtp_server.messages) == sorted(p.user.email for p in preferences)
