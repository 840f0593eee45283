"""Email in development: each message is logged at INFO, readably, instead of being sent.

Django's console backend writes the raw message (encoded subject, quoted-printable parts) to
standard output, which the Celery worker reports as a WARNING line. Here the worker's log shows
the subject as it reads, the recipients, the plain-text part and the links in it, so a developer
can follow a link from an email (an address confirmation, a password reset) on the terminal.
"""

import logging
import re

from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("qportal.email")

LINK = re.compile(r"https?://[^\s<>\"')\]]+")
RULE = "-" * 72


def readable(message) -> str:
    """The message as a person reads it: who it is to, its subject, its text and its links."""
    text = message.body.strip()
    links = list(dict.fromkeys(LINK.findall(text)))
    lines = [
        RULE,
        f"Email to {', '.join(message.to)}",
        f"Subject: {message.subject}",
        f"From: {message.from_email}",
        RULE,
        text,
    ]
    if links:
        lines += [RULE, "Links:", *(f"  {link}" for link in links)]
    lines.append(RULE)
    return "\n".join(lines)


class LoggingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            logger.info("An email was sent (development: shown here, not delivered)\n%s", readable(message))
        return len(email_messages)
