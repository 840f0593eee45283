"""The shared cache, which keeps the site working while Redis is away.

Redis holds nothing that cannot be lost or remade (DESIGN.md), so losing it may make pages slower
but must never refuse what a member does. This backend is Django's Redis cache with three changes:

- Every operation that cannot reach Redis (within the short socket timeouts of its OPTIONS) is
  answered as a miss: a read returns the default, a write is dropped. After a failure Redis is left
  alone for CACHE_RETRY_SECONDS, so a request does not wait on it again and again.
- Rate-limit counters (keys starting with one of RATE_LIMIT_PREFIXES: allauth's and the API's)
  are counted in the database cache (CACHES["fallback"]) meanwhile, so the limits still hold.
- Invalidations are not lost. Every key carries the cache's generation, a number kept in Redis.
  A write that could not reach Redis is noted in the database (and in this process); the first
  process to reach Redis again, or the minute task `core.tasks.cache_recover`, moves the
  generation on, which retires everything cached before. A Redis that comes back empty has no
  generation, and starts a new one from the clock, so no number is used twice.
"""

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How long a process trusts the generation it read; another process's move is seen within this.
GENERATION_SECONDS = 1.0
GENERATION_KEY = "cache-generation"
LOST_KEY = "cache:invalidations-lost"
FALLBACK_ALIAS = "fallback"
RATE_LIMIT_PREFIXES = ("allauth:rl:", "api:rate:")


class _Health:
    """What this process knows about Redis, shared by its threads (each has its own cache object)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.down_since: float | None = None
        self.lost = False
        self.generation: int | None = None
        self.generation_read_at = 0.0


_health: dict[str, _Health] = {}


def _is_rate_limit(key: Any) -> bool:
    return isinstance(key, str) and key.startswith(RATE_LIMIT_PREFIXES)


class _OneClientPerPool(RedisCacheClient):
    """Django makes a new redis-py client for every operation, and each builds its table of some
    200 reply handlers: over a tenth of a millisecond, three or four times a page. One client for reads
    and one for writes serve every thread instead (redis-py's clients share their pool safely).
    With several servers in LOCATION, a process would read from one of them only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[bool, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        client = self._clients.get(write)
        if client is None:
            client = self._clients[write] = super().get_client(key, write=write)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _OneClientPerPool
        self.health = _health.setdefault(server, _Health())

    # --- Whether Redis answers --------------------------------------------------------------

    @property
    def is_down(self) -> bool:
        return time.monotonic() < self.health.down_until

    @property
    def is_degraded(self) -> bool:
        """Whether Redis has failed and not answered since: rate limits are counted in the database."""
        return self.health.down_since is not None

    def status(self) -> tuple[bool, str]:
        """(whether Redis answers, a word on it), asking it afresh."""
        try:
            super().get(GENERATION_KEY)
        except RedisError as error:
            self._went_down(error, wrote=False)
            return False, f"{type(error).__name__}: {error}"
        self._came_back()
        return True, "ok"

    def _went_down(self, error: Exception, *, wrote: bool) -> None:
        health = self.health
        with health.lock:
            first = health.down_since is None
            health.down_until = time.monotonic() + settings.CACHE_RETRY_SECONDS
            health.down_since = health.down_since or time.monotonic()
            health.generation = None
            note_loss = wrote and not health.lost
            health.lost = health.lost or wrote
        if first:
            logger.warning("Redis does not answer; the site carries on without its cache: %s", error)
        if note_loss:
            # Other processes may hold pages this write made stale; whoever reaches Redis first retires them.
            caches[FALLBACK_ALIAS].set(LOST_KEY, time.time(), None)

    def _came_back(self) -> None:
        health = self.health
        if health.down_since is None:
            return
        with health.lock:
            health.down_since = None
            health.down_until = 0.0
        self.recover()

    def recover(self) -> bool:
        """Retires everything cached before a write that could not reach Redis; returns whether it did."""
        fallback = caches[FALLBACK_ALIAS]
        if not (self.health.lost or fallback.get(LOST_KEY)):
            return False
        try:
            try:
                super().incr(GENERATION_KEY)
            except ValueError:  # an empty Redis: a new generation from the clock
                super().add(GENERATION_KEY, time.time_ns(), None)
        except RedisError as error:
            self._went_down(error, wrote=False)
            return False
        fallback.delete(LOST_KEY)
        with self.health.lock:
            self.health.lost = False
            self.health.generation = None
        logger.warning("Redis answers again; everything cached before the outage is retired.")
        return True

    def _generation(self) -> int:
        health = self.health
        if health.generation is not None and time.monotonic() - health.generation_read_at < GENERATION_SECONDS:
            return health.generation
        generation = super().get(GENERATION_KEY)
        if generation is None:
            super().add(GENERATION_KEY, time.time_ns(), None)
            generation = super().get(GENERATION_KEY, 0)
        health.generation, health.generation_read_at = generation, time.monotonic()
        return int(generation)

    def make_key(self, key: str, version: int | None = None) -> str:
        if key == GENERATION_KEY:
            return super().make_key(key, version)
        return super().make_key(f"g{self._generation()}:{key}", version)

    def _attempt(self, key: Any, wrote: bool, redis_call, fallback_call, missing: Any) -> Any:
        """Runs `redis_call`; when Redis does not answer, `fallback_call` for a rate limit, else `missing`."""
        if not self.is_down:
            try:
                if self.health.down_since is not None:
                    # Back after an outage: retire what a lost write made stale before reading anything.
                    self._came_back()
                result = redis_call()
            except RedisError as error:
                self._went_down(error, wrote=wrote and not _is_rate_limit(key))
            else:
                return result
        if _is_rate_limit(key):
            return fallback_call(caches[FALLBACK_ALIAS])
        if isinstance(missing, BaseException):
            raise missing
        return missing

    # --- The cache's operations -------------------------------------------------------------

    def get(self, key, default=None, version=None):
        return self._attempt(
            key, False, lambda: super(ResilientRedisCache, self).get(key, default, version),
            lambda fallback: fallback.get(key, default, version), default,
        )  # fmt: skip

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(
            key, True, lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
            lambda fallback: fallback.add(key, value, timeout, version), False,
        )  # fmt: skip

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(
            key, True, lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
            lambda fallback: fallback.set(key, value, timeout, version), None,
        )  # fmt: skip

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(
            key, False, lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
            lambda fallback: fallback.touch(key, timeout, version), False,
        )  # fmt: skip

    def delete(self, key, version=None):
        return self._attempt(
            key, True, lambda: super(ResilientRedisCache, self).delete(key, version),
            lambda fallback: fallback.delete(key, version), False,
        )  # fmt: skip

    def has_key(self, key, version=None):
        return self._attempt(
            key, False, lambda: super(ResilientRedisCache, self).has_key(key, version),
            lambda fallback: fallback.has_key(key, version), False,
        )  # fmt: skip

    def incr(self, key, delta=1, version=None):
        # A counter that cannot be read is a missing one, as Django's caches say with ValueError.
        return self._attempt(
            key, True, lambda: super(ResilientRedisCache, self).incr(key, delta, version),
            lambda fallback: fallback.incr(key, delta, version), ValueError(f"Key '{key}' not found"),
        )  # fmt: skip

    def get_many(self, keys, version=None):
        keys = list(keys)
        return self._attempt(None, False, lambda: super(ResilientRedisCache, self).get_many(keys, version), None, {})

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(
            None, True, lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), None, list(data)
        )

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._attempt(
            None, True, lambda: super(ResilientRedisCache, self).delete_many(keys, version), None, None
        )

    def clear(self):
        self.health.generation = None  # it went with everything else
        return self._attempt(None, True, lambda: super(ResilientRedisCache, self).clear(), None, False)
