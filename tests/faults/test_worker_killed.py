"""A worker killed with SIGKILL in the middle of a digest round, against a slow mail server: at
most one duplicate per killed process (the message it was handing over), none lost, and what it
left is sent again by the sweep within two minutes of the restart."""

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from digests import services as digests
from outbox import services as outbox
from outbox.models import OutgoingEmail, Stream
from tests.casestudies.factories import CaseStudyFactory, TopicFactory
from tests.digests.factories import DigestPreferenceFactory
from tests.processes import start_worker, stop, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

MEMBERS = 60  # two send batches (outbox.SEND_BATCH is 50), sent by two worker processes at once
PROCESSES = 2
KILL_AT = 12  # the message the mail server is accepting when the worker is killed
# The sweep runs every minute (CELERY_BEAT_SCHEDULE["outbox-sweep"]).
SWEEP_EVERY = timedelta(minutes=1)


def worker_processes(worker: subprocess.Popen) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, text=True, check=False)
    return [worker.pid, *(int(pid) for pid in children.stdout.split())]


def kill_all(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def digests_due(count: int) -> None:
    topic = TopicFactory()
    CaseStudyFactory(topics=[topic], published_at=timezone.now() - timedelta(days=10))
    for _ in range(count):
        DigestPreferenceFactory(topics=[topic], covered_until=timezone.now() - timedelta(days=14))


def test_a_worker_killed_mid_digest_leaves_at_most_one_duplicate_per_process_and_loses_none(task_queue, smtp_server):
    digests_due(MEMBERS)
    env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port), "CELERY_TASK_DEFAULT_QUEUE": task_queue.name}
    worker = start_worker(task_queue.name, extra_args=("--concurrency", str(PROCESSES)), **env)
    killed = threading.Event()

    def slow_server_that_kills_the_worker(message) -> None:
        # A slow mail server: each message takes a moment to accept, so both processes are mid-send.
        time.sleep(0.05)
        if len(smtp_server.messages) == KILL_AT:
            kill_all(worker_processes(worker))
            killed.set()

    smtp_server.on_message = slow_server_that_kills_the_worker
    try:
        assert digests.digests_schedule() == MEMBERS
        wait_for(killed.is_set, timeout=120, what="the worker to be killed mid-round")
        wait_for(lambda: worker.poll() is not None, what="the worker to die")
    finally:
        stop(worker)
    smtp_server.on_message = None

    rows = OutgoingEmail.objects.filter(stream=Stream.DIGEST)
    assert rows.count() == MEMBERS
    # Each killed process held one small group, not its whole batch.
    sending = rows.filter(status=OutgoingEmail.Status.SENDING).count()
    assert 0 < sending <= outbox.CLAIM_GROUP * PROCESSES
    restarted_at = timezone.now()

    # Time passes as it would before the sweep that runs two minutes after the restart: every
    # claim's lease has run out and every unclaimed row waited its grace. Both fit in two minutes.
    assert outbox.sending_lease() + SWEEP_EVERY <= timedelta(minutes=2)
    assert timedelta(minutes=2) >= outbox.SWEEP_GRACE + SWEEP_EVERY
    rows.filter(status=OutgoingEmail.Status.SENDING).update(claimed_at=restarted_at - outbox.sending_lease())
    rows.filter(status=OutgoingEmail.Status.PENDING).update(next_attempt_at=restarted_at - outbox.SWEEP_GRACE)

    second = start_worker(task_queue.name, **env)
    try:
        swept = outbox.outbox_sweep()
        assert sorted(swept) == sorted(rows.exclude(status=OutgoingEmail.Status.SENT).values_list("pk", flat=True))
        wait_for(
            lambda: not rows.exclude(status=OutgoingEmail.Status.SENT).exists(),
            timeout=120,
            what="every digest to be sent",
        )
    finally:
        log = stop(second)

    copies = Counter(message["Message-ID"] for message in smtp_server.messages)
    assert set(copies) == set(rows.values_list("message_id", flat=True)), "none lost"
    duplicates = sum(count - 1 for count in copies.values())
    assert duplicates <= PROCESSES, log
    # A member's mail system can drop the second copy: it carries the same Message-ID.
    assert all(count <= 2 for count in copies.values())
