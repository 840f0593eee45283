from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from core.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    # allauth's messages in the portal's words (plain, British English, no "and/or").
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": "This account is closed.",
        "cannot_remove_primary_email": (
            "You cannot remove your main email address. Make another address your main one first."
        ),
        "duplicate_email": "This email address is already on your account.",
        "email_password_mismatch": "The email address or password is not correct.",
        "email_taken": (
            "There is already an account with this email address. "
            "Sign in, or reset your password if you have forgotten it."
        ),
        "enter_current_password": "Enter your current password.",
        "incorrect_code": "The code is not correct. Check it and try again.",
        "incorrect_password": "The password is not correct.",
        "invalid_or_expired_key": "This link has expired or is not valid.",
        "invalid_login": "The email address or password is not correct.",
        "invalid_password_reset": "This password reset link has expired or has already been used.",
        "too_many_login_attempts": "Too many attempts to sign in. Wait a few minutes and try again.",
        "unknown_email": "There is no account with this email address.",
        "unverified_primary_email": "Your main email address must be confirmed first.",
        "select_only_one": "Choose only one.",
        "rate_limited": "Too many requests in a short time. Wait a minute and try again.",
    }

    def populate_username(self, request: HttpRequest, user) -> None:
        # Members have no username; the email address is the login.
        return None

    def get_client_ip(self, request: HttpRequest) -> str:
        # The sign-in and sign-up rate limits count the same address as the API's, from the one
        # TRUSTED_PROXY_COUNT setting. allauth's own ALLAUTH_TRUSTED_PROXY_COUNT stays unset: it
        # raises (a 500) when X-Forwarded-For is shorter than the count.
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip
