"""What the benchmark measures beyond page loads: many members registering for one event at the
same moment, the emails that follows sent through the real Celery worker against plain smtplib,
and the worker's memory."""

import http.client
import os
import secrets
import smtplib
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone

from .config import BASE_DIR
from .server import rss_mib

RUSH = 500
PLACES = 100


def signed_in_session(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
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
    csrf = secrets.token_hex(16)  # a 32-character secret: the form token may be the cookie's value itself
    body = urlencode({"csrfmiddlewaretoken": csrf})
    sessions = [signed_in_session(member) for member in members]
    statuses: list[int] = []
    timings: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(RUSH + 1)

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
    elapsed = time.perf_counter() - began
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


def worker_sends(email_ids: list[int], *, timeout: float = 600) -> dict:
    """Starts a real Celery worker (as the Procfile does), lets it send the queued outbox rows,
    and reports the rate from the first to the last sent and the worker's resident size."""
    from outbox.models import OutgoingEmail

    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "qportal", "worker", "--concurrency", "2", "--pool", "prefork",
         "--without-heartbeat", "--without-mingle", "--without-gossip", "--loglevel", "WARNING"],
        cwd=BASE_DIR, env=dict(os.environ),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + timeout
        pending = OutgoingEmail.objects.filter(pk__in=email_ids).exclude(status=OutgoingEmail.Status.SENT)
        while pending.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        sent = OutgoingEmail.objects.filter(pk__in=email_ids, status=OutgoingEmail.Status.SENT)
        times = sorted(sent.values_list("sent_at", flat=True))
        children = _children(worker.pid)
        memory = {"main": rss_mib(worker.pid), "pool": [rss_mib(pid) for pid in children]}
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    span = (times[-1] - times[0]).total_seconds() if len(times) > 1 else 0
    return {
        "emails": len(email_ids),
        "sent": len(times),
        "seconds": round(span, 2),
        "per_second": round((len(times) - 1) / span, 1) if span else None,
        "worker_rss_mib": memory,
    }


def _children(pid: int) -> list[int]:
    path = f"/proc/{pid}/task/{pid}/children"
    try:
        with open(path) as listing:
            return [int(child) for child in listing.read().split()]
    except OSError:
        return []


def email_throughput(event_path: str, port: int) -> dict:
    """The emails the rush wrote to the outbox, through the worker and through plain smtplib."""
    from outbox.models import OutgoingEmail
    from outbox.services import render_email

    ids = list(OutgoingEmail.objects.filter(context__event_path=event_path).values_list("pk", flat=True))
    prebuilt = [
        render_email(email).message().as_bytes(linesep="\r\n") for email in OutgoingEmail.objects.filter(pk__in=ids)
    ]
    sink = start_sink(port)
    try:
        floor = smtplib_floor(prebuilt, port)
        through_worker = worker_sends(ids)
    finally:
        sink.terminate()
        sink.wait(timeout=30)
    share = through_worker["per_second"] / floor["per_second"] if through_worker["per_second"] else None
    return {"smtplib_floor": floor, "worker": through_worker, "share_of_floor": round(share, 3) if share else None}
