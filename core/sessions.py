"""Django's cached_db sessions, read from what the page cache read ahead with the page's versions
(core.read_ahead): a signed-in request to a kept page asks Redis once for both."""

from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore

from . import read_ahead


class SessionStore(CachedDbStore):
    @classmethod
    def read_ahead_key(cls, session_key: str) -> str | None:
        """The cache key this session is read from, for a session key worth reading ahead."""
        return cls.cache_key_prefix + session_key if session_key and len(session_key) >= 8 else None

    def load(self) -> dict[str, Any]:
        found = read_ahead.get(self.cache_key)
        if isinstance(found, dict):
            read_ahead.forget(self.cache_key)  # read once: a later store in the request reads Redis
        else:
            found = super().load()
        # Kept under the former name until the session is next saved for another reason.
        if (backend := found.get(BACKEND_SESSION_KEY)) in settings.RENAMED_AUTH_BACKENDS:
            found[BACKEND_SESSION_KEY] = settings.RENAMED_AUTH_BACKENDS[backend]
        return found

    def save(self, must_create: bool = False) -> None:
        self._forget_read_ahead(self.session_key)
        super().save(must_create)

    def delete(self, session_key: str | None = None) -> None:
        self._forget_read_ahead(session_key or self.session_key)
        super().delete(session_key)

    def _forget_read_ahead(self, session_key: str | None) -> None:
        # From the key as it stands: asking for cache_key would make a key for a session with none.
        if session_key:
            read_ahead.forget(self.cache_key_prefix + session_key)
