"""The members' middleware: when each signed-in session was last seen, and allauth's account pages
making each change and writing its emails in one transaction."""

import time
from collections.abc import Callable

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

ACCOUNT_PATHS = "/accounts/"


class SessionLastSeen:
    """Keeps the "Where you're signed in" page's last seen, address and browser for each session.

    allauth's own middleware writes the session's row on every request a member makes, a
    transaction of four statements before any page is made. Here it is written at most once every
    settings.SESSION_SEEN_SECONDS a session, which the page shows as "5 minutes ago" all the same. Each
    process remembers which sessions it noted lately, so most requests ask nothing of anyone; the
    shared cache then keeps the other processes and machines from noting the same session again.
    While Redis is away nothing is noted (the row is never what a page depends on).
    """

    REMEMBERED = 20_000  # sessions a process remembers before it starts afresh

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.noted_at: dict[str, float] = {}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        # The session's own data says whether anyone is signed in, so a visitor costs nothing and
        # the member's row is read only when the session is due to be noted.
        key = session.session_key
        if key and session.get(SESSION_KEY) and self._due(key) and request.user.is_authenticated:
            UserSession.objects.create_from_request(request, user=request.user, session=session)
        return self.get_response(request)

    def _due(self, session_key: str) -> bool:
        now, every = time.monotonic(), settings.SESSION_SEEN_SECONDS
        if now - self.noted_at.get(session_key, -every) < every:
            return False
        if len(self.noted_at) >= self.REMEMBERED:
            self.noted_at.clear()
        self.noted_at[session_key] = now
        return bool(cache.add(f"session-seen:{session_key}", True, every))


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
