"""Fixtures for tests that use the real Redis broker: a queue of the test's own, and a broker
that is down."""

import base64
import json
import uuid

import pytest
import redis
from celery import current_app
from django.conf import settings

from tests.processes import free_port


@pytest.fixture
def task_queue():
    """Routes tasks sent by this test to a queue of its own on the real broker, and reads
    back the email ids waiting in it."""
    app = current_app._get_current_object()
    queue = Queue(f"test-outbox-{uuid.uuid4().hex}")
    default = app.conf.task_default_queue
    app.conf.task_default_queue = queue.name
    try:
        yield queue
    finally:
        app.conf.task_default_queue = default
        queue.redis.delete(queue.name)


def broker_as_redis_url() -> str:
    """The broker's address as redis-py names it: a unix socket "unix://...?db=N", where Celery's
    says "redis+socket://...?virtual_host=N" (qportal/settings.py)."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis+socket://"):
        return url
    return url.replace("redis+socket://", "unix://", 1).replace("virtual_host=", "db=")


class Queue:
    def __init__(self, name: str) -> None:
        self.name = name
        self.redis = redis.Redis.from_url(broker_as_redis_url())

    def email_ids(self) -> list:
        """The first argument of each task waiting here, oldest first (kombu's Redis format):
        an email id for send_email, a list of ids for a batch task."""
        ids = []
        for raw in reversed(self.redis.lrange(self.name, 0, -1)):
            message = json.loads(raw)
            args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
            ids.append(args[0])
        return ids


@pytest.fixture
def broker_down():
    """Points this process's Celery producer at a port where nothing listens, as if Redis were down."""
    app = current_app._get_current_object()
    url = app.conf.broker_url

    def use(broker_url: str) -> None:
        app.conf.broker_url = broker_url
        # The producer pools were made for the old address; drop them so the next send connects anew.
        app._pool = None
        app.amqp._producer_pool = None

    use(f"redis://127.0.0.1:{free_port()}/0")
    try:
        yield lambda: use(url)
    finally:
        use(url)
