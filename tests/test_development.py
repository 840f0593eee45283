"""`make run`: one address to open, used by every email link, and each email the worker sends
shown readably on the terminal."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction

from outbox.models import OutgoingEmail, Stream
from outbox.services import email_enqueue
from qportal.devservices import development_address
from tests.broker import task_queue  # noqa: F401 (a fixture)
from tests.members.factories import UserFactory
from tests.processes import process_environment, start_worker, stop, wait_for

ROOT = Path(__file__).resolve().parent.parent


def test_make_run_serves_and_links_to_one_address_on_localhost():
    [web] = [line for line in (ROOT / "Procfile.dev").read_text().splitlines() if line.startswith("web:")]

    assert development_address("8000") == "http://localhost:8000"
    assert "runserver localhost:$PORT" in web


def development_setting(name: str) -> str:
    env = process_environment(DEBUG="1", EMAIL_HOST="", SITE_URL=development_address("8000"))
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "qportal.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_in_development_emails_are_shown_and_their_links_use_the_one_address():
    assert development_setting("EMAIL_BACKEND") == "qportal.dev_email.LoggingEmailBackend"
    assert development_setting("SITE_URL") == "http://localhost:8000"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_each_email_the_worker_sends_in_development_is_on_its_terminal_readably_at_info(task_queue):  # noqa: F811
    user = UserFactory(email="priya@example.org")
    worker = start_worker(task_queue.name, DEBUG="1", EMAIL_HOST="")
    try:
        with transaction.atomic():
            email = email_enqueue(
                to=user,
                template="notice",
                context={
                    "subject": "Café meeting moved — see the new room",
                    "paragraphs": ["The meeting is now in room 2."],
                    "action_label": "See the event",
                    "action_path": "/events/",
                },
                stream=Stream.EVENT_NOTICES,
                key="dev-email",
            )

        def sent() -> bool:
            email.refresh_from_db()
            return email.status == OutgoingEmail.Status.SENT

        wait_for(sent, timeout=90, what="the worker to send the email")
    finally:
        log = stop(worker)
    [line] = [line for line in log.splitlines() if "An email was sent" in line]
    assert "INFO" in line
    assert "Email to priya@example.org" in log
    assert "Subject: Café meeting moved — see the new room" in log
    assert "The meeting is now in room 2." in log
    assert "  http://testserver/events/" in log, "the links are listed"
    assert "=?utf-8?" not in log
    assert not [line for line in log.splitlines() if "WARNING" in line and "Subject" in line]
