"""Helpers for tests that sign in with a second factor, computing codes as an app would."""

import base64
import hashlib
import hmac
import struct
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from tests.members.factories import PASSWORD

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238 with the usual parameters (SHA-1, 30 seconds, 6 digits), written out here so
    the test does not trust the code under test to compute it."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def turn_on_totp(user, secret: str = SECRET) -> list[str]:
    """Gives the member an authenticator app and recovery codes; returns the codes."""
    TOTP.activate(user, secret)
    return RecoveryCodes.activate(user).generate_codes()


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def sign_in_with_password(client, user, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def reauthenticate(client, password: str = PASSWORD):
    """Confirms the password again, as sensitive account pages ask."""
    return client.post(reverse("account_reauthenticate"), {"password": password})
