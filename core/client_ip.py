"""The address a request came from, for rate limits: the API's and allauth's alike.

Behind reverse proxies REMOTE_ADDR is the nearest proxy's address, and the client's is in
X-Forwarded-For, where each proxy appends the address it was reached from. Anyone can send that
header with any addresses in it, so only the entries written by our own proxies are believed:
with TRUSTED_PROXY_COUNT = n, the client is the n-th entry from the right. Everything to its left
came from the client and is ignored. With no trusted proxies (the default) the header is ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote: str = request.META.get("REMOTE_ADDR", "")
    trusted: int = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(entries) < trusted:
        # Fewer hops than our proxies add: the request did not come through them all (or the count is
        # wrong). The nearest peer is then the only address nobody could have made up.
        return remote
    return _address(entries[-trusted]) or remote


def _address(entry: str) -> str | None:
    """The address in one X-Forwarded-For entry ("192.0.2.1", "192.0.2.1:443", "[2001:db8::1]:443"), or None."""
    entry = entry.strip()
    if entry.startswith("["):
        entry = entry[1:].partition("]")[0]
    elif entry.count(":") == 1:
        entry = entry.partition(":")[0]
    try:
        return str(ipaddress.ip_address(entry))
    except ValueError:
        return None
