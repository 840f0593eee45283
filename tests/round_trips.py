"""Counts the round trips a block of code makes to Redis, as django_assert_max_num_queries counts
statements: every command or pipeline sent on any connection of redis-py's is one, but for the
cache's generation, which a process reads at most once a second (core.resilient_cache)."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from redis.connection import AbstractConnection

from core.resilient_cache import GENERATION_KEY


@contextmanager
def redis_round_trips() -> Iterator[list[bytes]]:
    """Yields a list that fills with the first line of each packed command sent meanwhile."""
    sent: list[bytes] = []
    original = AbstractConnection.send_packed_command

    def counted(self, command, check_health=True):
        chunks = command if isinstance(command, (list, tuple)) else [command]
        first = bytes(chunks[0]) if chunks else b""
        if GENERATION_KEY.encode() not in first:
            sent.append(first)
        return original(self, command, check_health)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(AbstractConnection, "send_packed_command", counted)
        yield sent
