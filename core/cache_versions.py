"""Version numbers kept in the shared cache, for retiring a whole family of cached answers at once.

Cached answers carry the version they were made under in their key; bumping the version makes
every one of them a key no one asks for again, and they expire in their own time.
"""

import time
from collections.abc import Iterable

from django.core.cache import cache

from . import read_ahead


def current_version(key: str) -> int:
    """The version under `key`, starting one (from the clock, so that a flushed cache never
    brings back numbers already used) when there is none; read ahead for this request where it was
    (core.read_ahead)."""
    version = read_ahead.get(key)
    if version is not None:
        return int(version)
    version = cache.get(key)
    if version is None:
        version = time.time_ns()
        cache.add(key, version, None)
        version = cache.get(key, version)
    return int(version)


def bump_version(key: str) -> None:
    read_ahead.forget(key)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, time.time_ns(), None)


def current_versions(keys: list[str], *, ahead: Iterable[str] = ()) -> list[int]:
    """The versions under `keys`, read together; each missing one is started as current_version
    does. The values under the keys `ahead` come in the same round trip, kept for this request
    (core.read_ahead: the caller has set it up)."""
    ahead = [key for key in ahead if key not in keys]
    found = cache.get_many([*keys, *ahead])
    read_ahead.keep({key: found.get(key, read_ahead.MISSING) for key in ahead})
    return [found[key] if key in found else current_version(key) for key in keys]
