"""Writing emails to the outbox and sending them."""

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import make_msgid
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from members.models import User

from .models import OutgoingEmail, Stream, StreamOptOut

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


def is_opted_out(*, user: User | None, stream: str) -> bool:
    if user is None or stream == Stream.ACCOUNT:
        return False
    return StreamOptOut.objects.filter(user=user, stream=stream).exists()


@transaction.atomic
def email_enqueue(
    *,
    to: User | str,
    template: str,
    context: dict[str, Any],
    stream: Stream,
    key: str,
) -> OutgoingEmail | None:
    """Writes an email to the outbox and queues its sending after commit.

    `to` is a member (preferred: opt-outs apply and the address is looked up at send time) or a
    bare address (for people who are not members yet). `context` must be JSON-serialisable:
    pass ids, names and absolute paths, not model instances. `key` makes the write idempotent:
    an email with the same key is never written or sent twice. Returns None when the member has
    opted out of the stream.
    """
    user = to if isinstance(to, User) else None
    if is_opted_out(user=user, stream=stream):
        return None
    email, created = OutgoingEmail.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "recipient": user,
            "to_address": user.email if user else to,
            "stream": stream,
            "template_name": template,
            "context": context,
        },
    )
    if created:
        transaction.on_commit(lambda: _queue_send(email.pk))
    return email


def _queue_send(email_id: int) -> None:
    from .tasks import send_email

    try:
        send_email.delay(email_id)
    except Exception:
        # The broker is down: the row stays pending and the periodic sweep sends it later.
        logger.warning("Could not queue outgoing email %s; the sweep will send it.", email_id, exc_info=True)


def render_email(email: OutgoingEmail) -> EmailMultiAlternatives:
    context = {
        **email.context,
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "recipient": email.recipient,
        "stream": Stream(email.stream),
    }
    subject = " ".join(render_to_string(f"emails/{email.template_name}.subject.txt", context).split())
    text = render_to_string(f"emails/{email.template_name}.txt", context)
    html = render_to_string(f"emails/{email.template_name}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_address],
        headers={"Message-ID": email.message_id or make_msgid(domain=settings.SITE_DOMAIN)},
    )
    message.attach_alternative(html, "text/html")
    return message


def claim(email_id: int) -> OutgoingEmail | None:
    """Marks a pending email as being sent, so that no other worker sends it too."""
    claimed = OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.PENDING).update(
        status=OutgoingEmail.Status.SENDING, claimed_at=timezone.now()
    )
    if not claimed:
        return None
    return OutgoingEmail.objects.select_related("recipient").get(pk=email_id)


def email_send(*, email_id: int) -> OutgoingEmail | None:
    """Sends one outbox row over SMTP and marks it sent; on failure puts it back as pending
    (or failed after MAX_ATTEMPTS) with the error kept, and re-raises for the task to retry."""
    email = claim(email_id)
    if email is None:
        return None
    if email.recipient is not None and is_opted_out(user=email.recipient, stream=email.stream):
        email.status = OutgoingEmail.Status.SKIPPED
        email.save(update_fields=["status", "updated_at"])
        return email
    if email.recipient is not None:
        email.to_address = email.recipient.email
    email.attempts += 1
    try:
        message = render_email(email)
        email.message_id = message.extra_headers["Message-ID"]
        with get_connection() as connection:
            connection.send_messages([message])
    except Exception as error:
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        email.status = OutgoingEmail.Status.FAILED if email.attempts >= MAX_ATTEMPTS else OutgoingEmail.Status.PENDING
        email.save(update_fields=["status", "attempts", "last_error", "message_id", "to_address", "updated_at"])
        raise
    email.status = OutgoingEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.save(update_fields=["status", "attempts", "last_error", "message_id", "to_address", "sent_at", "updated_at"])
    return email
