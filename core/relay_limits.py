"""The limit on what one member sends through the portal's relay (messages to members, questions
to authors): ASK_AUTHORS_PER_HOUR and ASK_AUTHORS_PER_DAY.

It counts the stored items themselves rather than a counter in the cache, which keeps the limit
exact and lets it survive a cache flush; callers hold a lock on the sender's row, so two sent at
once are counted one after the other.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


class RelayRefused(Exception):
    """Something sent through the relay that cannot go: the message says why, for the member,
    with the HTTP status to answer with."""

    def __init__(self, message: str, *, status: int = 403, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        # Seconds until the member may send again, for the Retry-After header of a 429.
        self.retry_after = retry_after


@dataclass(frozen=True)
class LimitReached:
    sent: int
    window: str  # "hour" or "day"
    retry_after: int  # seconds until one more may be sent

    def message(self, *, one: str, many: str) -> str:
        """The refusal in words, naming what was sent: one="message", many="messages"."""
        article = "an" if self.window == "hour" else "a"
        return (
            f"You have sent {self.sent} {many} in the last {self.window}, the most you can send in "
            f"{article} {self.window}. Your {one} has not been sent: try again in {wait_in_words(self.retry_after)}."
        )


def limit_reached(sent: "QuerySet[Any]", now: datetime) -> LimitReached | None:
    """Whether the sender's stored items (`sent`, with a `created_at`) reach the hourly or daily limit."""
    recent = sent.filter(created_at__gt=now - DAY).aggregate(
        day=Count("pk"),
        hour=Count("pk", filter=Q(created_at__gt=now - HOUR)),
        first_in_day=Min("created_at"),
        first_in_hour=Min("created_at", filter=Q(created_at__gt=now - HOUR)),
    )
    limits = (("hour", HOUR, settings.ASK_AUTHORS_PER_HOUR), ("day", DAY, settings.ASK_AUTHORS_PER_DAY))
    for window, length, limit in limits:
        if recent[window] >= limit:
            wait = math.ceil((recent[f"first_in_{window}"] + length - now).total_seconds())
            return LimitReached(sent=recent[window], window=window, retry_after=wait)
    return None


def check_limit(sent: "QuerySet[Any]", now: datetime, *, refused: type[RelayRefused], one: str, many: str) -> None:
    """Raises `refused` (a 429, saying when to try again) when the sender's stored items reach the
    limit; the caller holds a lock on the sender's row."""
    reached = limit_reached(sent, now)
    if reached is not None:
        raise refused(reached.message(one=one, many=many), status=429, retry_after=reached.retry_after)


def wait_in_words(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    if minutes < 90:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{round(minutes / 60)} hours"
