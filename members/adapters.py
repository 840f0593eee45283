from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from qportal.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
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
