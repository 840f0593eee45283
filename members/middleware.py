"""allauth's account pages make each change and write its emails in one transaction."""

from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse

ACCOUNT_PATHS = "/accounts/"


class AtomicAccountChanges:
    """Runs each POST to allauth's pages (sign-up, address changes, password reset) in one
    transaction, as ATOMIC_REQUESTS would for these views alone: the new account and the email
    that verifies it are saved together or not at all. It must come last in MIDDLEWARE: a
    response from process_view skips the process_view of every middleware after it (CSRF's
    among them, were it later)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if request.method != "POST" or not request.path.startswith(ACCOUNT_PATHS):
            return None
        with transaction.atomic():
            return view_func(request, *view_args, **view_kwargs)
