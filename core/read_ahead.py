"""Values of the shared cache read ahead for this request, in the one round trip that reads its
page's versions (core.page_cache): the reader's session, and version numbers its view reads.

Each stands in for the read it saves, in this request only (the values live in a context
variable the page cache sets around the request); a write to a key in the same request forgets
it, so the request then reads what it wrote.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache

# What a key read ahead and not found holds.
MISSING = object()

_found: ContextVar[dict[str, Any] | None] = ContextVar("cache_read_ahead", default=None)


@contextmanager
def kept(found: dict[str, Any]) -> Iterator[None]:
    """Keeps `found` (cache key: value) for the code run inside, this request."""
    token = _found.set(found)
    try:
        yield
    finally:
        _found.reset(token)


def keep(values: dict[str, Any]) -> None:
    """Adds these to what this request keeps (nothing, outside `kept`)."""
    found = _found.get()
    if found is not None:
        found.update(values)


def get(key: str) -> Any | None:
    """The value read ahead under `key`, or None when none was (the caller then asks the cache)."""
    found = _found.get()
    value = None if found is None else found.get(key)
    return None if value is MISSING else value


def was_read(key: str) -> bool:
    """Whether `key` was read ahead, found or not: a key found missing need not be asked again."""
    found = _found.get()
    return found is not None and key in found


def get_many(keys: list[str]) -> dict[str, Any]:
    """The values found under `keys`: those read ahead, and the rest asked of the cache at once."""
    found = {key: value for key in keys if was_read(key) and (value := get(key)) is not None}
    asked = [key for key in keys if not was_read(key)]
    return found | cache.get_many(asked) if asked else found


def forget(key: str) -> None:
    found = _found.get()
    if found is not None:
        found.pop(key, None)
