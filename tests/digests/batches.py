"""Composing two batches of different sizes, for the tests that the query count does not grow with the batch."""

from collections.abc import Callable
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from digests.compose import Digest, Window
from digests.compose import compose as compose_digests
from digests.models import DigestPreference


def last_day(preference: DigestPreference) -> Window:
    return Window(preference, timezone.now() - timedelta(days=1), timezone.now() + timedelta(hours=1))


def compose_three_and_twelve(batch: Callable[[int], list[Window]]) -> tuple[int, int, list[Digest]]:
    """The queries composing a batch of three ran, those for a batch of twelve, and all fifteen digests."""
    small, large = batch(3), batch(12)
    with CaptureQueriesContext(connection) as few:
        small_digests = compose_digests(small)
    with CaptureQueriesContext(connection) as many:
        large_digests = compose_digests(large)
    return len(few.captured_queries), len(many.captured_queries), small_digests + large_digests
