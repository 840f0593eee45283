"""Helpers for tests that start real processes (a Celery worker, the whole site) or race two threads."""

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.db import connection, transaction

ROOT = Path(__file__).resolve().parent.parent

T = TypeVar("T")


def wait_for(condition: Callable[[], object], *, timeout: float = 30, interval: float = 0.1, what: str = "") -> object:
    """Polls until `condition` returns something truthy; fails the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or condition}")
        time.sleep(interval)


def someone_waits_for_a_lock() -> bool:
    """Whether a connection to the test database is waiting for a lock another one holds."""
    with connection.cursor() as cursor:
        # Inside a transaction the statistics views keep showing their first snapshot otherwise.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def race(
    first: Callable[[], T],
    second: Callable[[], T],
    *,
    first_commits_when: Callable[[], object] | None = None,
    what: str,
) -> tuple[T, T]:
    """Runs `first` in a transaction in one thread and, once it has run, `second` in another, each on its
    own connection. `first` commits only when `first_commits_when()` holds (by default once `second` has
    returned), so `second` meets the rows `first` holds. Returns both results."""
    first_has_run = threading.Event()
    results: dict[str, T] = {}

    def run_first() -> None:
        with transaction.atomic():
            results["first"] = first()
            first_has_run.set()
            wait_for(first_commits_when or (lambda: "second" in results), what=what)
        connection.close()

    def run_second() -> None:
        first_has_run.wait(timeout=30)
        results["second"] = second()
        connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results["first"], results["second"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url() -> str:
    """The DATABASE_URL of the database the tests are using (pytest-django's test database)."""
    params = connection.get_connection_params()
    host = params.get("host") or ""
    port = params.get("port") or ""
    user = params.get("user") or ""
    password = params.get("password") or ""
    auth = f"{user}:{password}@" if password else f"{user}@"
    if host.startswith("/"):
        return f"postgresql://{auth}/{settings.DATABASES['default']['NAME']}?host={host}"
    return f"postgresql://{auth}{host}:{port}/{settings.DATABASES['default']['NAME']}"


def process_environment(**overrides: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = test_database_url()
    env.update(overrides)
    return env


def start_worker(queue: str, *, extra_args: tuple[str, ...] = (), **env: str) -> subprocess.Popen:
    """Starts a real Celery worker on the test database, consuming only `queue`."""
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "qportal", "worker",
            "--queues", queue, "--concurrency", "1", "--pool", "prefork",
            "--without-heartbeat", "--without-mingle", "--without-gossip", "--loglevel", "INFO",
            *extra_args,
        ],
        cwd=ROOT,
        env=process_environment(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip


def stop(process: subprocess.Popen, timeout: float = 20) -> str:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.stdout.read() if process.stdout else ""
