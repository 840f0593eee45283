"""Security emails: a member hears at once of every change to how their account is reached.

They go on the account stream, which no one can opt out of. Each is about one event, so its
key is unique to that event.
"""

import uuid

from allauth.account.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from members.models import User

from .models import Stream
from .services import email_enqueue


def _when(user: User) -> str:
    now = timezone.now().astimezone(user.zoneinfo)
    return f"{now:%-d %B %Y at %H:%M} ({user.timezone.replace('_', ' ')})"


def _device(request: HttpRequest) -> dict[str, str]:
    from members.devices import describe_user_agent

    return {
        "device": describe_user_agent(request.META.get("HTTP_USER_AGENT", "")),
        "ip": get_adapter().get_client_ip(request),
    }


def _send(user: User, template: str, request: HttpRequest, to: User | str | None = None, **context) -> None:
    email_enqueue(
        to=to or user,
        template=template,
        context={
            "name": user.get_short_name(),
            "when": _when(user),
            "sessions_path": reverse("usersessions_list"),
            "password_path": reverse("account_change_password"),
            "reset_path": reverse("account_reset_password"),
            **_device(request),
            **context,
        },
        stream=Stream.ACCOUNT,
        key=f"security:{template}:{user.pk}:{uuid.uuid4().hex}",
    )


def on_password_changed(sender, request: HttpRequest, user: User, **kwargs) -> None:
    _send(user, "account_password_changed", request)


def on_email_changed(sender, request: HttpRequest, user: User, from_email_address, to_email_address, **kwargs) -> None:
    context = {"old_email": from_email_address.email if from_email_address else "", "new_email": to_email_address.email}
    _send(user, "account_email_changed", request, **context)
    if from_email_address and from_email_address.email.lower() != to_email_address.email.lower():
        # The old address is told too: if someone else made the change, its owner must know.
        _send(user, "account_email_changed", request, to=from_email_address.email, **context)


def on_authenticator_removed(sender, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs) -> None:
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        return  # removed along with the last app or key, which has its own email
    kinds = {Authenticator.Type.TOTP: "authenticator app", Authenticator.Type.WEBAUTHN: "security key or passkey"}
    still_on = Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES).exists()
    _send(
        user,
        "account_mfa_removed",
        request,
        kind=kinds.get(authenticator.type, "second factor"),
        mfa_still_on=still_on,
        mfa_path=reverse("mfa_index"),
    )


def on_new_device(sender, request: HttpRequest, user: User, device, ip: str, **kwargs) -> None:
    _send(user, "account_new_sign_in", request)
