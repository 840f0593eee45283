"""A real SMTP server in the test process (aiosmtpd on a free local port), and a fixture
that points Django's SMTP email backend at it."""

import email
import logging
from collections.abc import Callable
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from tests.processes import free_port

# aiosmtpd logs every SMTP command at INFO; a failing test's output should show the test.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class Mailbox:
    """Keeps every message the server accepts; refuses the recipients listed in `refuse`."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        # The client's (address, port) for each accepted message: one port per SMTP connection.
        self.peers: list[tuple[str, int]] = []
        self.refuse: set[str] = set()
        self.port = 0
        # Called in the server's thread with each accepted message, before the client hears "250".
        self.on_message: Callable[[EmailMessage], object] | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        self.peers.append(session.peer)
        if self.on_message is not None:
            self.on_message(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if address in message["To"]]


@pytest.fixture
def smtp_server(settings):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    mailbox.port = controller.port
    try:
        yield mailbox
    finally:
        controller.stop()


def plain_text(message: EmailMessage) -> str:
    # SMTP carries CRLF line ends; compare with the template's own.
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def html(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content().replace("\r\n", "\n")
