"""The synonym groups a search is read with (casestudies.library.models.SynonymGroup), cached.

A search reads the groups of the vocabulary's current version: kept in this process and in the
shared cache under that version, so a curator's edit (which bumps it) counts from the next
search in every process, without reindexing anything.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from django.core.cache import cache
from django.db import transaction

from casestudies.library.models import SynonymGroup
from core.cache_versions import bump_version, current_version

VERSION_CACHE_KEY = "casestudies:vocabulary-version"
CACHE_SECONDS = 60 * 60


# The version read for the block of read_once() now running, once it has been read.
_read: ContextVar[list[int] | None] = ContextVar("vocabulary_version_read", default=None)


def version() -> int:
    read = _read.get()
    if read is None:
        return current_version(VERSION_CACHE_KEY)
    if not read:
        read.append(current_version(VERSION_CACHE_KEY))
    return read[0]


@contextmanager
def read_once() -> Iterator[None]:
    """Within the block the version is asked of the cache once, when first wanted: a search
    reads the vocabulary at each step (cleaning the text, counting, ranking, snippets), and
    asking each time took a search made afresh eight round trips to the cache instead of one."""
    token = _read.set([])
    try:
        yield
    finally:
        _read.reset(token)


def changed() -> None:
    """Retires the cached groups now and again once the change is committed, so that a search
    that read the old groups in between cannot keep them under the new version."""
    bump_version(VERSION_CACHE_KEY)
    transaction.on_commit(lambda: bump_version(VERSION_CACHE_KEY))


@lru_cache(maxsize=4)
def groups(version: int) -> tuple[tuple[str, ...], ...]:
    key = f"casestudies:vocabulary:{version}"
    found = cache.get(key)
    if found is None:
        found = tuple(tuple(group.form_list()) for group in SynonymGroup.objects.all())
        cache.set(key, found, CACHE_SECONDS)
    return found
