"""What members does when allauth reports account events, and the signals it sends in turn.

members is the bottom layer, so the emails about these events are written by the outbox app,
which listens to `signed_in_from_new_device` here and to allauth's own signals.
"""

from allauth.account.adapter import get_adapter
from allauth.usersessions.models import UserSession
from django.dispatch import Signal
from django.http import HttpRequest

from . import services
from .models import User

# Sent after a member signs in from a browser they have not used before (never on their
# first sign-in). Arguments: request, user, device (SignInDevice), ip (str).
signed_in_from_new_device = Signal()

# Sent when a member's copy of their data is ready to download. Arguments: export (DataExport).
data_export_ready = Signal()


def on_user_logged_in(sender, request: HttpRequest, user: User, **kwargs) -> None:
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    device, is_new = services.sign_in_device_record(user=user, user_agent=user_agent)
    if is_new:
        signed_in_from_new_device.send(
            sender=User, request=request, user=user, device=device, ip=get_adapter().get_client_ip(request)
        )


def on_password_changed(sender, request: HttpRequest, user: User, **kwargs) -> None:
    """Whoever knew the old password is signed out everywhere but here."""
    current = request.session.session_key
    for session in UserSession.objects.filter(user=user).exclude(session_key=current):
        session.end()


# Sent after a member saves the organisation on their profile (at sign-up or on the profile page),
# so the library can match it to an organisation it knows. Arguments: user (User), name (str).
organisation_named = Signal()
