"""An outbox row made into the message that is sent: subject, plain text and HTML from the
templates in templates/emails, and the list headers for one-click unsubscribe."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.template import engines
from django.urls import reverse

from .mime import OutboxMessage
from .models import OutgoingEmail, Stream
from .tokens import unsubscribe_token

# The page belongs to the digests app, above this one in the layers, so it is named by path.
EMAIL_SETTINGS_PATH = "/me/settings/email/"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def unsubscribe_url(*, user_id: int, stream: str) -> str:
    return absolute_url(reverse("outbox:unsubscribe", args=[unsubscribe_token(user_id=user_id, stream=stream)]))


def render_part(template_name: str, context: dict[str, Any]) -> str:
    """One part of an email (templates/emails), escaped if it is HTML (outbox/templating.py)."""
    return engines["emails"].get_template(template_name).render(context)


def render_email(email: OutgoingEmail) -> EmailMultiAlternatives:
    """Builds the multipart message for a row: subject, plain text, HTML and list headers."""
    recipient_id = email.recipient_id
    can_unsubscribe = recipient_id is not None and email.stream != Stream.ACCOUNT
    unsubscribe = unsubscribe_url(user_id=recipient_id, stream=email.stream) if recipient_id and can_unsubscribe else ""
    context = {
        **email.context,
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "recipient": email.recipient,
        "stream": Stream(email.stream),
        "is_account_email": email.stream == Stream.ACCOUNT,
        "unsubscribe_url": unsubscribe,
        "email_settings_url": absolute_url(EMAIL_SETTINGS_PATH),
    }
    subject = " ".join(render_part(f"emails/{email.template_name}.subject.txt", context).split())
    text = render_part(f"emails/{email.template_name}.txt", context)
    html = render_part(f"emails/{email.template_name}.html", context)
    headers = {
        "Message-ID": email.message_id or make_msgid(domain=settings.SITE_DOMAIN),
        # Tells auto-responders not to answer (RFC 3834).
        "Auto-Submitted": "auto-generated",
    }
    if unsubscribe:
        # RFC 2369 and RFC 8058: mail providers offer a one-click unsubscribe button.
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = OutboxMessage(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_address],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    # Files written with the email (an event's calendar file): {"filename", "content", "mimetype"}.
    for attachment in email.context.get("attachments", ()):
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message
