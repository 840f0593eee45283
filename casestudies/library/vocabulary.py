"""The synonym groups a search is read with (casestudies.library.models.SynonymGroup), cached.

A search reads the groups of the vocabulary's current version: kept in this process and in the
shared cache under that version, so a curator's edit (which bumps it) counts from the next
search in every process, without reindexing anything.
"""

from functools import lru_cache

from django.core.cache import cache
from django.db import transaction

from casestudies.library.models import SynonymGroup
from core.cache_versions import bump_version, current_version

VERSION_CACHE_KEY = "casestudies:vocabulary-version"
CACHE_SECONDS = 60 * 60


def version() -> int:
    return current_version(VERSION_CACHE_KEY)


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
