"""A local SMTP server in the test process that keeps every message it receives."""

import email
import email.policy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.processes import free_port, wait_for


class Mailbox:
    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._messages: list[EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self._messages.append(message)
        return "250 Message accepted"

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return list(self._messages)

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()

    def wait_for(self, *, to: str, subject: str = "", timeout: float = 30) -> EmailMessage:
        """The first message to `to` whose subject contains `subject`, once it has arrived."""

        def find() -> EmailMessage | None:
            for message in self.messages:
                if to in message.get("To", "") and subject.lower() in message.get("Subject", "").lower():
                    return message
            return None

        return wait_for(find, timeout=timeout, what=f"an email to {to} about {subject!r}")  # type: ignore[return-value]


def body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part else ""


@contextmanager
def smtp_sink() -> Iterator[Mailbox]:
    mailbox = Mailbox("127.0.0.1", free_port())
    controller = Controller(mailbox, hostname=mailbox.host, port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
