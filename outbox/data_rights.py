"""The outbox's part of a member's data rights: the emails sent to them and their email choices."""

from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.urls import reverse

from members.models import DataExport, User
from members.services import data_export_token

from .models import OutgoingEmail, Stream, StreamOptOut
from .services import email_enqueue


def _emails_of(user: User) -> Q:
    # Rows written to a bare address (the old address after an email change) are theirs too.
    addresses = {
        user.email.lower(),
        *(email.lower() for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True)),
    }
    return Q(recipient=user) | Q(to_address__in=addresses)


def without_secrets(context: dict[str, Any]) -> dict[str, Any]:
    """An email's details without its one-time links and codes ("secret_" keys): a copy of the
    data, or a curator reading the outbox, must not be able to reset a password with them."""
    return {key: "(not kept in copies)" if key.startswith("secret_") else value for key, value in context.items()}


def outbox_export(user: User) -> dict[str, Any]:
    return {
        "emails_sent_to_you": [
            {
                "about": email.template_name,
                "stream": email.get_stream_display(),
                "to": email.to_address,
                "status": email.get_status_display(),
                "written_at": email.created_at,
                "sent_at": email.sent_at,
                "details": without_secrets(email.context),
            }
            for email in OutgoingEmail.objects.filter(_emails_of(user)).order_by("created_at")
        ],
        "emails_you_turned_off": [
            {"stream": opt_out.get_stream_display(), "since": opt_out.created_at}
            for opt_out in StreamOptOut.objects.filter(user=user).order_by("created_at")
        ],
    }


def outbox_erase(user: User) -> None:
    OutgoingEmail.objects.filter(_emails_of(user)).delete()


def on_data_export_ready(sender, export: DataExport, **kwargs) -> None:
    email_enqueue(
        to=export.user,
        template="account_data_export_ready",
        context={
            "name": export.user.get_short_name(),
            "download_path": reverse("members:data_download", kwargs={"token": data_export_token(export)}),
            "expires": f"{export.expires_at.astimezone(export.user.zoneinfo):%-d %B %Y}",
        },
        stream=Stream.ACCOUNT,
        key=f"data-export-ready:{export.pk}",
    )
