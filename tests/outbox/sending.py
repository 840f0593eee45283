"""Sends what the outbox holds, as the worker would, for tests that read the emails a request wrote."""

from outbox.models import OutgoingEmail
from outbox.services import email_send_many


def send_written_emails() -> None:
    email_send_many(email_ids=list(OutgoingEmail.objects.pending().order_by("pk").values_list("pk", flat=True)))
