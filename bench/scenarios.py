"""What the benchmark measures beyond page loads: many members registering for one event at the
same moment, the emails that follows sent through the real Celery worker against plain smtplib,
and the worker's memory."""

import http.client
import os
import re
import secrets
import smtplib
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from importlib import import_module
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone

from .config import BASE_DIR
from .server import rss_mib

RUSH = 500
PLACES = 100


def signed_in_session(user) -> str:
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "members.backends.MemberBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def registration_rush(port: int) -> dict:
    """RUSH members press "Register" for an event with PLACES places at the same moment, over HTTP."""
    from events.models import Event, Registration
    from members.models import User

    members = list(User.objects.filter(is_active=True).order_by("id")[:RUSH])
    if len(members) < RUSH:
        return {"skipped": f"needs {RUSH} members, the data has {len(members)}"}
    starts = timezone.now() + timedelta(days=7)
    event = Event.objects.create(
        title="Benchmark: everyone registers at once",
        slug=f"bench-rush-{secrets.token_hex(4)}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        capacity=PLACES,
    )
    path = reverse("events:register", kwargs={"slug": event.slug})
    sessions = [signed_in_session(member) for member in members]
    statuses, timings, elapsed = _press_at_once(port, path, sessions)
    close_old_connections()
    registered = Registration.objects.filter(event=event, status=Registration.Status.REGISTERED).count()
    waitlisted = Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED).count()
    timings.sort()
    return {
        "members": RUSH,
        "places": PLACES,
        "registered": registered,
        "waitlisted": waitlisted,
        "correct": registered == PLACES and waitlisted == RUSH - PLACES,
        "errors": sum(1 for status in statuses if status != 303),
        "seconds": round(elapsed, 2),
        "rps": round(RUSH / elapsed, 1),
        "p50_ms": round(statistics.median(timings) * 1000, 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1] * 1000, 1),
        "event_path": event.get_absolute_url(),
    }


def _press_at_once(port: int, path: str, sessions: list[str]) -> tuple[list[int], list[float], float]:
    """Each session POSTs to path at the same moment: the statuses, each one's seconds, and the whole's."""
    csrf = secrets.token_hex(16)  # a 32-character secret: the form token may be the cookie's value itself
    body = urlencode({"csrfmiddlewaretoken": csrf})
    statuses: list[int] = []
    timings: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(len(sessions) + 1)

    def press(session_key: str) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        start.wait()
        began = time.perf_counter()
        try:
            connection.request(
                "POST",
                path,
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={csrf}",
                },
            )
            status = connection.getresponse().status
        except OSError:
            status = 0
        finally:
            connection.close()
        with lock:
            statuses.append(status)
            timings.append(time.perf_counter() - began)

    threads = [threading.Thread(target=press, args=(key,)) for key in sessions]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return statuses, timings, time.perf_counter() - began


def start_sink(port: int) -> subprocess.Popen:
    sink = subprocess.Popen(
        [sys.executable, "-m", "bench.smtpsink", str(port)], cwd=BASE_DIR, stdout=subprocess.PIPE, text=True
    )
    sink.stdout.readline()
    return sink


def smtplib_floor(messages: list[bytes], port: int) -> dict:
    """The same messages, prebuilt, over one plain SMTP connection."""
    began = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for message in messages:
            smtp.sendmail(settings.DEFAULT_FROM_EMAIL, ["someone@bench.example.org"], message)
    elapsed = time.perf_counter() - began
    return {"emails": len(messages), "seconds": round(elapsed, 2), "per_second": round(len(messages) / elapsed, 1)}


def procfile_worker_processes() -> int:
    """The worker's process count as Procfile.dev runs it, so the benchmark measures the same."""
    worker = next(line for line in (BASE_DIR / "Procfile.dev").read_text().splitlines() if line.startswith("worker:"))
    return int(re.search(r"--concurrency[= ](\d+)", worker).group(1))


WORKER_PROCESSES = procfile_worker_processes()


class Worker:
    """A real Celery worker, as Procfile.dev runs it, on the database under test."""

    def __enter__(self) -> "Worker":
        from qportal.celery import app

        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "qportal", "worker", "--concurrency", str(WORKER_PROCESSES),
             "--pool", "prefork", "--without-heartbeat", "--without-mingle", "--without-gossip",
             "--loglevel", "WARNING"],
            cwd=BASE_DIR, env=dict(os.environ),
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the Celery worker did not start")
        return self

    def memory(self) -> dict:
        return {"main": rss_mib(self.process.pid), "pool": [rss_mib(pid) for pid in _children(self.process.pid)]}

    def __exit__(self, *exc_info) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def wait_until_sent(emails, *, timeout: float) -> list:
    """Polls until every email in the queryset is sent; returns their sent times, in order."""
    from outbox.models import OutgoingEmail

    deadline = time.monotonic() + timeout
    while emails.exclude(status=OutgoingEmail.Status.SENT).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    return sorted(emails.filter(status=OutgoingEmail.Status.SENT).values_list("sent_at", flat=True))


def rate(times: list) -> float | None:
    span = (times[-1] - times[0]).total_seconds() if len(times) > 1 else 0
    return round((len(times) - 1) / span, 1) if span else None


def prebuilt(emails, *, count: int, sample: int = 500) -> list[bytes]:
    """`count` ready-made messages, cycling through a sample of the real ones rendered once."""
    from outbox.services import render_email

    rendered = [render_email(email).message().as_bytes(linesep="\r\n") for email in emails[:sample]]
    return [rendered[index % len(rendered)] for index in range(count)] if rendered else []


def rush_emails(event_path: str, port: int) -> dict:
    """The emails the rush wrote to the outbox: sent by the worker, against plain smtplib."""
    from outbox.models import OutgoingEmail

    emails = OutgoingEmail.objects.filter(context__event_path=event_path)
    times = wait_until_sent(emails, timeout=300)
    floor = smtplib_floor(prebuilt(emails.select_related("recipient"), count=len(times)), port)
    per_second = rate(times)
    return {
        "smtplib_floor": floor,
        "worker": {"sent": len(times), "per_second": per_second, "processes": WORKER_PROCESSES},
        "share_of_floor": round(per_second / floor["per_second"], 3) if per_second else None,
    }


def digest_round(port: int, *, timeout: float = 900) -> dict:
    """Every member's digest composed and sent through the worker, from the scheduling job on."""
    from digests.models import DigestPreference, Frequency
    from digests.services import digests_schedule
    from outbox.models import OutgoingEmail, Stream

    now = timezone.now()
    # Each run sends the same round: the last run's digests are forgotten and everyone is due again.
    OutgoingEmail.objects.filter(stream=Stream.DIGEST).delete()
    receiving = DigestPreference.objects.exclude(frequency=Frequency.OFF)
    receiving.update(covered_until=now - timedelta(days=7), next_due_at=now - timedelta(minutes=1))
    # The last round's emails and settings stay behind as dead rows until vacuumed, which a
    # server whose autovacuum is off or behind would leave to slow the next round down.
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {OutgoingEmail._meta.db_table}, {DigestPreference._meta.db_table}")
    members = receiving.count()
    began = time.perf_counter()
    queued = digests_schedule()
    deadline = time.monotonic() + timeout
    # Due as of the round's start: a member whose next digest time passes during the round is
    # due again, but for the next run of the scheduling job, not for this round.
    while DigestPreference.objects.due(now=now).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    emails = OutgoingEmail.objects.filter(stream=Stream.DIGEST)
    times = wait_until_sent(emails, timeout=max(1, deadline - time.monotonic()))
    elapsed = time.perf_counter() - began
    written = emails.count()
    floor = smtplib_floor(prebuilt(emails.select_related("recipient"), count=written), port)
    per_second = round(len(times) / elapsed, 1) if elapsed else None
    return {
        "members": members,
        "worker_processes": WORKER_PROCESSES,
        "queued": queued,
        "written": written,
        "sent": len(times),
        "seconds": round(elapsed, 1),
        "per_second": per_second,
        "smtplib_floor": floor,
        "share_of_floor": round(per_second / floor["per_second"], 3) if per_second else None,
    }


def digest_rounds(port: int, *, rounds: int) -> dict:
    """Several rounds of digests, each against its own smtplib floor, reported as the median."""
    return median_round([digest_round(port) for _ in range(rounds)])


def median_round(rounds: list[dict]) -> dict:
    """The median of each figure of the rounds, each round's share of its floor taken first (the
    floor moves with the machine as the round does); every round is kept beside them."""
    median = statistics.median
    return {
        **rounds[0],
        "seconds": round(median(each["seconds"] for each in rounds), 1),
        "per_second": round(median(each["per_second"] for each in rounds), 1),
        "smtplib_floor": {
            "emails": rounds[0]["smtplib_floor"]["emails"],
            "per_second": round(median(each["smtplib_floor"]["per_second"] for each in rounds), 1),
        },
        "share_of_floor": round(median(each["share_of_floor"] for each in rounds), 3),
        "rounds": rounds,
    }


def _children(pid: int) -> list[int]:
    path = f"/proc/{pid}/task/{pid}/children"
    try:
        with open(path) as listing:
            return [int(child) for child in listing.read().split()]
    except OSError:
        return []
