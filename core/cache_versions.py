"""Version numbers kept in the shared cache, for retiring a whole family of cached answers at once.

Cached answers carry the version they were made under in their key; bumping the version makes
every one of them a key no one asks for again, and they expire in their own time.
"""

import time

from django.core.cache import cache


def current_version(key: str) -> int:
    """The version under `key`, starting one (from the clock, so that a flushed cache never
    brings back numbers already used) when there is none."""
    version = cache.get(key)
    if version is None:
        version = time.time_ns()
        cache.add(key, version, None)
        version = cache.get(key, version)
    return int(version)


def bump_version(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, time.time_ns(), None)


def current_versions(keys: list[str]) -> list[int]:
    """The versions under `keys`, read together; each missing one is started as current_version does."""
    found = cache.get_many(keys)
    return [found[key] if key in found else current_version(key) for key in keys]
