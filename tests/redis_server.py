"""A Redis server of the test's own, on a free port, that the test may stop, freeze and start again
(the shared one other tests and helpers use is never touched)."""

import signal
import subprocess
from pathlib import Path

import pytest
import redis
from celery import current_app

from tests.processes import free_port, wait_for


class OwnRedis:
    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        try:
            return redis.Redis(port=self.port, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self.answers, timeout=10, what="the test's Redis server to answer")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def freeze(self) -> None:
        """Stops it answering but keeps what it holds, as a network partition would."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)


def point_celery_at(broker_url: str) -> None:
    app = current_app._get_current_object()
    app.conf.broker_url = broker_url
    # The producer pools were made for the old address; drop them so the next send connects anew.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def own_redis(settings, tmp_path):
    """Starts a Redis server and points the site's cache and Celery's broker at it."""
    server = OwnRedis(tmp_path)
    server.start()
    original_broker = current_app.conf.broker_url
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": server.url},
    }
    settings.CELERY_BROKER_URL = server.url
    settings.CACHE_RETRY_SECONDS = 0
    point_celery_at(server.url)
    try:
        yield server
    finally:
        if server.process is not None and server.process.poll() is None:
            server.thaw()
        server.stop()
        point_celery_at(original_broker)
