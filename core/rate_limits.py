"""allauth's rate limits (sign-in, sign-up, password reset), counted more strictly while Redis is away."""

from collections.abc import Iterator, Mapping


class StricterWhileRedisIsDown(Mapping[str, str]):
    """ACCOUNT_RATE_LIMITS as allauth reads them, afresh on every request: the rates given, halved
    while the cache is degraded and the counts live in the database, so that no one goes unlimited
    during an outage and a flood of sign-ins costs the database less."""

    def __init__(self, rates: dict[str, str]) -> None:
        self.rates = dict(rates)

    def __getitem__(self, action: str) -> str:
        rates = self.rates[action]
        return halved(rates) if _cache_is_degraded() else rates

    def __iter__(self) -> Iterator[str]:
        return iter(self.rates)

    def __len__(self) -> int:
        return len(self.rates)


def halved(rates: str) -> str:
    """ "10/m/ip,5/5m/key" -> "5/m/ip,2/5m/key": half of each amount, never less than one."""
    halves = []
    for rate in rates.split(","):
        amount, rest = rate.strip().split("/", 1)
        halves.append(f"{max(1, int(amount) // 2)}/{rest}")
    return ",".join(halves)


def _cache_is_degraded() -> bool:
    from django.core.cache import cache

    return bool(getattr(cache, "is_degraded", False))
