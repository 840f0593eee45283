import uuid

import pytest
from django.core.cache import cache

from core.tasks import ping
from tests.processes import start_worker, stop, wait_for

pytestmark = pytest.mark.slow


def test_a_task_sent_to_the_real_broker_is_run_by_a_real_worker(transactional_db):
    queue = f"test-{uuid.uuid4().hex}"
    token = uuid.uuid4().hex
    worker = start_worker(queue)
    try:
        ping.apply_async(args=[token], queue=queue)

        wait_for(lambda: cache.get(f"celery-ping:{token}") == "pong", timeout=60, what="the worker to run the task")
    finally:
        output = stop(worker)
    assert "ready" in output
