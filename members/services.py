"""Writes about members that have side effects beyond one row."""

from django.db import transaction
from django.utils import timezone

from .devices import describe_user_agent, fingerprint
from .models import SignInDevice, User


@transaction.atomic
def sign_in_device_record(*, user: User, user_agent: str) -> tuple[SignInDevice, bool]:
    """Remembers the browser a member signed in from; says whether it is new to an account
    that has signed in before (a first sign-in is not news)."""
    had_devices = SignInDevice.objects.filter(user=user).exists()
    device, created = SignInDevice.objects.get_or_create(
        user=user,
        fingerprint=fingerprint(user_agent),
        defaults={"description": describe_user_agent(user_agent)},
    )
    if not created:
        device.last_seen_at = timezone.now()
        device.save(update_fields=["last_seen_at"])
    return device, created and had_devices
