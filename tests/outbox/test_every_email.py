"""Every kind of email the portal sends, made through the code that sends it and read as it
arrives at a mail server: both parts, links only to SITE_URL, the portal's headers, one-click
unsubscribe wherever a member can leave, and a SpamAssassin score under 1.0."""

import os
import re
import shutil
import subprocess
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path

import pytest
from django.conf import settings

from outbox.models import OutgoingEmail, Stream
from outbox.services import email_send_many
from tests.members.factories import UserFactory
from tests.outbox.every_email import PRODUCERS

pytestmark = pytest.mark.django_db

EMAIL_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "emails"
KINDS = sorted(path.name.removesuffix(".subject.txt") for path in EMAIL_TEMPLATES.glob("*.subject.txt"))
MAX_SPAM_SCORE = 1.0
URL = re.compile(r"""https?://[^\s<>"')\]]+""")
HREF = re.compile(r"""href="([^"]*)\"""")


def spamassassin() -> str:
    """Debian's spamassassin, installed with apt where it is missing (as `make test-tools` does for `make test`)."""
    found = shutil.which("spamassassin")
    if found:
        return found
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "spamassassin"]
    result = subprocess.run(install, capture_output=True, text=True, check=False, timeout=900)
    found = shutil.which("spamassassin")
    if not found:
        pytest.fail(
            "SpamAssassin is needed to score the portal's emails and could not be installed "
            f"(apt-get said: {result.stderr.strip()[-500:]}). Run `make test-tools` as root, "
            "or install Debian's spamassassin package."
        )
    return found


def spam_scores(messages: list[EmailMessage]) -> list[tuple[float, str]]:
    """SpamAssassin's score and rule names for each message, local tests only, in one run."""
    mbox = b"".join(b"From portal@example.org Thu Jan  1 00:00:00 2026\n" + m.as_bytes() + b"\n" for m in messages)
    result = subprocess.run(
        [spamassassin(), "-L", "-t", "--mbox"], input=mbox, capture_output=True, check=True, timeout=600
    )
    statuses = re.findall(
        rb"^X-Spam-Status: .*?score=(-?[\d.]+) .*?tests=(.*?)(?:autolearn|version)", result.stdout, re.M | re.S
    )
    return [(float(score), b" ".join(tests.split()).decode()) for score, tests in statuses]


def links_in(message: EmailMessage) -> list[str]:
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return URL.findall(text) + HREF.findall(html)


def header(message: EmailMessage, name: str) -> str:
    # A long header is folded onto the next line; unfolded, its leading space means nothing.
    return str(message[name] or "").strip()


def problems_with(row: OutgoingEmail, message: EmailMessage) -> list[str]:
    found = []
    for kind in ("plain", "html"):
        if message.get_body((kind,)) is None:
            found.append(f"no text/{kind} part")
    if found:
        return found
    # Links to the event's own online meeting are the one place an email leads elsewhere.
    elsewhere = {row.context.get("joining_url")} - {None, ""}
    for link in links_in(message):
        if link not in elsewhere and not (link == settings.SITE_URL or link.startswith(f"{settings.SITE_URL}/")):
            found.append(f"a link not on SITE_URL: {link}")
    if not message["Message-ID"].endswith(f"@{settings.SITE_DOMAIN}>"):
        found.append(f"Message-ID not on the site's domain: {message['Message-ID']}")
    if message["Auto-Submitted"] != "auto-generated":
        found.append("no Auto-Submitted: auto-generated")
    if parseaddr(message["From"])[0] != settings.SITE_NAME:
        found.append(f"From without the site's name: {message['From']}")
    subject = header(message, "Subject")
    if not subject or subject.startswith("["):
        found.append(f"not a portal subject: {subject!r}")
    can_leave = row.recipient_id is not None and row.stream != Stream.ACCOUNT
    if can_leave and not header(message, "List-Unsubscribe").startswith(f"<{settings.SITE_URL}/"):
        found.append("no List-Unsubscribe on a stream the member can leave")
    if can_leave and message["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click":
        found.append("no List-Unsubscribe-Post on a stream the member can leave")
    if not can_leave and message["List-Unsubscribe"]:
        found.append("List-Unsubscribe on an email no one can turn off")
    return found


def test_every_kind_of_email_in_templates_emails_is_made_by_the_test_of_every_email():
    assert sorted(PRODUCERS) == KINDS


def test_every_kind_of_email_arrives_complete_with_the_portals_headers_and_scores_as_not_spam(client, smtp_server):
    made = {}
    for kind in KINDS:
        client.logout()
        PRODUCERS[kind](UserFactory(name="Priya Shah", email=f"{kind.replace('_', '.')}@example.org"), client)
        rows = list(OutgoingEmail.objects.filter(template_name=kind).order_by("pk"))
        assert rows, f"making a {kind} email wrote nothing to the outbox"
        made[kind] = rows[-1]

    email_send_many(email_ids=[row.pk for row in made.values()])

    arrived = {message["Message-ID"]: message for message in smtp_server.messages}
    problems = {}
    messages = {}
    for kind, row in made.items():
        row.refresh_from_db()
        message = arrived.get(row.message_id)
        if message is None:
            problems[kind] = [f"not delivered ({row.status}: {row.last_error})"]
            continue
        messages[kind] = message
        if os.environ.get("EMAIL_DUMP_DIR"):
            # For a person to read each email as it arrived: EMAIL_DUMP_DIR=/tmp/emails make test ...
            Path(os.environ["EMAIL_DUMP_DIR"], f"{kind}.eml").write_bytes(message.as_bytes())
        problems[kind] = problems_with(row, message)
    scores = spam_scores(list(messages.values()))
    assert len(scores) == len(messages), "SpamAssassin scored every message"
    for (kind, _), (score, rules) in zip(messages.items(), scores, strict=True):
        if score >= MAX_SPAM_SCORE:
            problems[kind].append(f"SpamAssassin score {score} ({rules})")
    assert {kind: found for kind, found in problems.items() if found} == {}


def test_the_spam_check_scores_a_spammy_message_high():
    # Guards the reading of SpamAssassin's report: a score read wrongly as 0 would pass anything.
    spam = EmailMessage()
    spam["From"], spam["To"], spam["Subject"] = "a@example.org", "b@example.org", "FREE MONEY!!! ACT NOW"
    spam.set_content(
        '<font size=7>CLICK HERE for FREE VIAGRA, 100% GUARANTEED</font><img src="http://x.example/a.gif">',
        subtype="html",
    )

    [(score, rules)] = spam_scores([spam])

    assert score > 5, rules
