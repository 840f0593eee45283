"""Search and list reads from a read replica, when DATABASE_REPLICA_URL names one.

Only GET and HEAD requests to the pages named in REPLICA_READ_VIEWS (the library's list and
search, the groups and events lists) read from the replica, and then only the content apps'
tables: accounts, sessions and the outbox always come from the primary, so a member who has just
signed in or changed something never sees it undone by replication lag. Every write, and every
read anywhere else, goes to the primary. settings.py installs the router and the middleware only
when a replica is configured.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
# Their rows must be read where they were written a moment ago.
PRIMARY_ONLY_APPS = frozenset(
    {
        "members",
        "auth",
        "sessions",
        "account",
        "mfa",
        "usersessions",
        "socialaccount",
        "outbox",
        "contenttypes",
        "admin",
    }
)

_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within the block, content reads may come from the replica."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        if _reading_from_replica.get() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool:
        # The replica holds the primary's data, so rows from either may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"


class ReplicaReadsMiddleware:
    """Lets the views in settings.REPLICA_READ_VIEWS read from the replica for safe requests."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_replica_token", None)
            if token is not None:
                _reading_from_replica.reset(token)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], view_args: Any, view_kwargs: Any
    ) -> None:
        match = request.resolver_match
        if request.method in ("GET", "HEAD") and match and match.view_name in settings.REPLICA_READ_VIEWS:
            # Set here, where the view is known, and reset in __call__ once the response (and any
            # template that reads lazily) is done.
            request._replica_token = _reading_from_replica.set(True)  # type: ignore[attr-defined]
