"""Per-client rate limits for the API, counted in the shared Redis cache so every web process agrees.

Anonymous clients are counted by address (behind trusted proxies, the one they forwarded for:
see qportal/client_ip.py); a client that sends a key curators issued is counted by
that key, with the key's own (higher) limit. A key that is wrong or revoked is refused outright, so
a typo is noticed rather than silently falling back to the anonymous limit.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.errors import AuthenticationError, Throttled

from core.client_ip import client_ip

from .models import ApiKey

WINDOW_SECONDS = 60
KEY_HEADER = "X-API-Key"


@dataclass
class Allowance:
    limit: int
    remaining: int
    resets_in: int


def client_of(request: HttpRequest) -> tuple[str, int]:
    """(who is counted, their limit a minute); raises AuthenticationError for an unknown key."""
    key = request.headers.get(KEY_HEADER, "").strip()
    if key:
        api_key = ApiKey.objects.for_key(key) if key.isascii() and len(key) <= 200 else None
        if api_key is None:
            raise AuthenticationError(message="That API key is not valid (or has been revoked).")
        return f"key:{api_key.pk}", api_key.requests_per_minute
    return f"ip:{client_ip(request)}", settings.API_RATE_LIMIT_ANONYMOUS


def take(request: HttpRequest) -> Allowance:
    """Counts one request against its client's allowance (a fixed one-minute window).

    Raises AuthenticationError for a bad key and Throttled once the allowance is used up.
    """
    client, limit = client_of(request)
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    resets_in = WINDOW_SECONDS - int(now % WINDOW_SECONDS)
    counter = f"api:rate:{client}:{window}"
    cache.add(counter, 0, WINDOW_SECONDS + 5)
    try:
        used = cache.incr(counter)
    except ValueError:  # the counter expired between add and incr
        cache.set(counter, 1, WINDOW_SECONDS + 5)
        used = 1
    if getattr(cache, "is_degraded", False):
        # Counted in the database while Redis is away, which costs a write per request: the
        # limit is halved so a flood costs the database less, and no client goes unlimited.
        limit = max(1, limit // 2)
    allowance = Allowance(limit=limit, remaining=max(0, limit - used), resets_in=resets_in)
    if used > limit:
        raise Throttled(wait=resets_in)
    return allowance
