"""allauth's account emails (address verification, password reset) written to the outbox.

allauth would send them over SMTP from the web request, so a mail server that is down at sign-up
would lose the email or fail the request. Here each is a row on the account stream (which no
one can opt out of), written in the request's transaction, sent and retried by the worker like
every other email, in the portal's own templates (templates/emails/account_*).

This adapter lives in the outbox app because members sits below the outbox in the layers.
"""

import uuid
from typing import Any
from urllib.parse import quote

from allauth.account import app_settings as allauth_settings
from django.conf import settings
from django.core import checks
from django.urls import reverse

from members.adapters import AccountAdapter as MemberAccountAdapter

from .models import Stream
from .services import email_enqueue

# allauth's template prefix -> the portal's email (templates/emails/<name>.*).
PORTAL_EMAILS = {
    "account/email/email_confirmation_signup": "account_confirm_signup",
    "account/email/email_confirmation": "account_confirm_email",
    "account/email/password_reset_key": "account_password_reset",
    "account/email/account_already_exists": "account_already_exists",
    "account/email/unknown_account": "account_unknown",
}
# allauth's settings that would make it send emails the portal has no template for: its own
# security notifications (the portal sends its own, outbox/security.py) and sign-in codes.
UNSUPPORTED_SETTINGS = [
    "EMAIL_NOTIFICATIONS",
    "LOGIN_BY_CODE_ENABLED",
    "PASSWORD_RESET_BY_CODE_ENABLED",
    "EMAIL_VERIFICATION_BY_CODE_ENABLED",
]


@checks.register()
def check_every_account_email_has_a_template(app_configs, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"ACCOUNT_{name} makes allauth send emails that outbox/account_emails.py has no template for.",
            hint="Add the emails to PORTAL_EMAILS and templates/emails, then allow the setting here.",
            id="outbox.E001",
        )
        for name in UNSUPPORTED_SETTINGS
        if getattr(allauth_settings, name)
    ]


class AccountAdapter(MemberAccountAdapter):
    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        # SITE_URL, not the request's host: links in every email point to the one public address.
        return settings.SITE_URL + reverse("account_confirm_email", args=[emailconfirmation.key])

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.SITE_URL + path.replace("UID-KEY", quote(key))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Every email allauth sends under the portal's settings is listed (the check above).
        portal_template = PORTAL_EMAILS[template_prefix]
        email_enqueue(
            # To the address allauth names: a new address being verified is not yet the member's
            # main one. The data export finds these rows by the member's addresses.
            to=email,
            template=portal_template,
            context=_context(email, context),
            stream=Stream.ACCOUNT,
            key=f"allauth:{portal_template}:{uuid.uuid4().hex}",
        )


def _context(email: str, context: dict) -> dict[str, Any]:
    user = context.get("user")
    values: dict[str, Any] = {"name": user.get_short_name() if user is not None else "", "email": email}
    # Links that sign someone in or change a password are secrets: "secret_" keys are hidden in
    # the admin and the data export (outbox/data_rights.py).
    if "activate_url" in context:
        values["secret_url"] = context["activate_url"]
        values["valid_days"] = allauth_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS
    if "password_reset_url" in context:
        values["secret_url"] = context["password_reset_url"]
        values["valid_days"] = settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)
    if "code" in context:
        values["secret_code"] = context["code"]
    values["signup_url"] = settings.SITE_URL + reverse("account_signup")
    values["sign_in_url"] = settings.SITE_URL + reverse("account_login")
    values["reset_url"] = settings.SITE_URL + reverse("account_reset_password")
    return values
