"""Keys that curators issue to people who need more of the open data API than anonymous use allows.

Only a hash of each key is stored: the key itself is shown once, when it is made, and a lost key
is replaced rather than recovered.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

KEY_PREFIX = "qpk_"


def key_hash(key: str) -> str:
    # Keys are long random tokens, so a fast hash cannot be reversed by guessing; a slow one
    # would only slow down every API request that carries a key.
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


class ApiKeyQuerySet(models.QuerySet["ApiKey"]):
    def active(self) -> "ApiKeyQuerySet":
        return self.filter(revoked_at__isnull=True)

    def for_key(self, key: str) -> "ApiKey | None":
        return self.active().filter(key_hash=key_hash(key)).first()


class ApiKey(models.Model):
    name = models.CharField(max_length=150, help_text="Who uses it and for what, e.g. “Kent ICB dashboard”.")
    contact_email = models.EmailField(blank=True, help_text="Whom to tell if the key is misused or revoked.")
    requests_per_minute = models.PositiveIntegerField(
        default=600, help_text="Anonymous clients get a lower limit (API_RATE_LIMIT_ANONYMOUS)."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the key, so a curator can tell keys apart without the key itself.
    key_start = models.CharField(max_length=12, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="Set to stop the key working.")

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_start}…)"

    def set_key(self) -> str:
        """Gives the record a new key and returns it: the only time the key is seen."""
        key = new_key()
        self.key_hash = key_hash(key)
        self.key_start = key[: len(KEY_PREFIX) + 4]
        return key
