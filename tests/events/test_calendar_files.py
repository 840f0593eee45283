"""Every calendar file the portal serves or sends reads as its readers' tools read it: it parses
with icalendar, a real calendar client (khal) imports it without a warning, its description is
plain text, and DTSTAMP is when the file was made."""

import shutil
import subprocess
from datetime import timedelta

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event
from outbox.models import OutgoingEmail
from outbox.services import email_send
from tests.events.factories import EventFactory, RegistrationFactory
from tests.members.factories import UserFactory
from tests.smtp import plain_text, smtp_server  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

KHAL_CONFIG = """[calendars]
[[portal]]
path = {path}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
default_timezone = Europe/London
local_timezone = Europe/London
"""


def khal_command() -> str:
    """Debian's khal, installed with apt where it is missing (as `make test-tools` does for `make test`)."""
    found = shutil.which("khal")
    if found:
        return found
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "khal"]
    result = subprocess.run(install, capture_output=True, text=True, check=False, timeout=900)
    found = shutil.which("khal")
    if not found:
        pytest.fail(
            "khal is needed to import the portal's calendar files and could not be installed "
            f"(apt-get said: {result.stderr.strip()[-500:]}). Run `make test-tools` as root, "
            "or install Debian's khal package."
        )
    return found


@pytest.fixture
def khal_import(tmp_path):
    """Imports a calendar file into a fresh khal calendar; returns the UIDs khal stored."""
    calendar = tmp_path / "calendar"
    calendar.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(KHAL_CONFIG.format(path=calendar))

    def run(content: bytes) -> set[str]:
        for old in calendar.glob("*.ics"):
            old.unlink()
        path = tmp_path / "import.ics"
        path.write_bytes(content)
        result = subprocess.run(
            [khal_command(), "-c", str(config), "import", "--batch", str(path)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TZ": "Europe/London"},
        )
        said = (result.stdout + result.stderr).strip()
        assert result.returncode == 0, said
        assert "warning" not in said.lower(), said
        assert "error" not in said.lower(), said
        return {
            str(icalendar.Calendar.from_ical(stored.read_bytes()).walk("VEVENT")[0]["UID"])
            for stored in calendar.glob("*.ics")
        }

    return run


def served(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def test_every_calendar_file_the_portal_serves_parses_and_khal_imports_it_without_warnings(client, khal_import):
    user = UserFactory()
    online = EventFactory(description="Bring **your questions** and [your data](https://example.org/data).")
    in_person = EventFactory(group=online.group, in_person=True)
    cancelled = EventFactory(group=online.group, cancelled=True, cancellation_message="The room flooded.")
    for event in (online, in_person, cancelled):
        RegistrationFactory(event=event, user=user)
    feed = services.calendar_feed_for(user=user)
    files = {
        "event": served(client, reverse("events:calendar", args=[online.slug])),
        "in person": served(client, reverse("events:calendar", args=[in_person.slug])),
        "cancelled": served(client, reverse("events:calendar", args=[cancelled.slug])),
        "group": served(client, reverse("events:group_calendar", args=[online.group.slug])),
        "personal": served(client, feed.get_absolute_url()),
    }

    for content in files.values():
        assert icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert khal_import(files["event"]) == {online.uid}
    assert khal_import(files["in person"]) == {in_person.uid}
    assert khal_import(files["cancelled"]) == {cancelled.uid}
    assert khal_import(files["group"]) == {online.uid, in_person.uid, cancelled.uid}
    assert khal_import(files["personal"]) == {online.uid, in_person.uid, cancelled.uid}


def test_the_description_is_plain_text_without_markdown_markers(client):
    event = EventFactory(description="Bring **your questions** and *your data*.\n\n- one\n- two")

    [vevent] = icalendar.Calendar.from_ical(served(client, reverse("events:calendar", args=[event.slug]))).walk(
        "VEVENT"
    )

    description = str(vevent["DESCRIPTION"])
    assert "Bring your questions and your data." in description
    assert "- one\n- two" in description
    assert "*" not in description


def test_dtstamp_is_when_the_file_was_made_and_last_modified_is_the_events_last_change(client):
    event = EventFactory()
    changed = (timezone.now() - timedelta(days=3)).replace(microsecond=0)
    Event.objects.filter(pk=event.pk).update(updated_at=changed)
    before = timezone.now().replace(microsecond=0)

    calendar = icalendar.Calendar.from_ical(served(client, reverse("events:calendar", args=[event.slug])))

    assert calendar["METHOD"] == "PUBLISH"
    [vevent] = calendar.walk("VEVENT")
    assert vevent.decoded("DTSTAMP") >= before
    assert vevent.decoded("LAST-MODIFIED") == changed


def test_the_registration_email_carries_the_events_calendar_file_and_an_add_to_calendar_link(
    smtp_server,  # noqa: F811
    khal_import,
):
    user = UserFactory()
    event = EventFactory()

    services.registration_create(event=event, user=user)
    email_send(email_id=OutgoingEmail.objects.get(template_name="event_registered").pk)

    [message] = smtp_server.to(user.email)
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == f"{event.slug}.ics"
    content = attachment.get_content().encode()
    assert khal_import(content) == {event.uid}
    calendar_link = f"{settings.SITE_URL}{reverse('events:calendar', args=[event.slug])}"
    assert calendar_link in plain_text(message)
    assert f'href="{calendar_link}"' in message.get_body(("html",)).get_content()
    assert event.joining_url not in content.decode(), "the joining link stays out of calendar files"
