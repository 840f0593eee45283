"""The members app's part of a member's data export: the account itself and how it is reached."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession

from .devices import describe_user_agent
from .models import Block, DataExport, SignInDevice, User

_AUTHENTICATOR_NAMES = {
    Authenticator.Type.TOTP: "authenticator app",
    Authenticator.Type.WEBAUTHN: "security key or passkey",
    Authenticator.Type.RECOVERY_CODES: "recovery codes",
}


def account_export(user: User) -> dict[str, Any]:
    # Secrets (password hash, TOTP secret, recovery codes, key material) are not the member's
    # personal data to read back, and would only weaken the account if the file leaked.
    return {
        "profile": {
            "email": user.email,
            "name": user.name,
            "job_title": user.job_title,
            "organisation": user.organisation,
            "bio": user.bio,
            "timezone": user.timezone,
            "curator": user.is_curator,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_authentication": [
            {
                "kind": _AUTHENTICATOR_NAMES.get(authenticator.type, authenticator.type),
                "name": authenticator.data.get("name", "") if authenticator.type == Authenticator.Type.WEBAUTHN else "",
                "added_at": authenticator.created_at,
                "last_used_at": authenticator.last_used_at,
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "sessions": [
            {
                "device": describe_user_agent(session.user_agent),
                "user_agent": session.user_agent,
                "ip_address": session.ip,
                "signed_in_at": session.created_at,
                "last_seen_at": session.last_seen_at,
            }
            for session in UserSession.objects.filter(user=user).order_by("created_at")
        ],
        "sign_in_devices": [
            {"device": device.description, "first_seen_at": device.first_seen_at, "last_seen_at": device.last_seen_at}
            for device in SignInDevice.objects.filter(user=user).order_by("first_seen_at")
        ],
        "members_you_blocked": [
            {"name": block.blocked.name, "blocked_at": block.created_at}
            for block in Block.objects.filter(blocker=user).select_related("blocked").order_by("created_at")
        ],
        "data_exports": [
            {"asked_at": export.created_at, "ready_at": export.ready_at, "expires_at": export.expires_at}
            for export in DataExport.objects.for_member(user).order_by("created_at")
        ],
    }
