"""The address rate limits count: REMOTE_ADDR, unless our own proxies say whom they forwarded for."""

import pytest

from core.client_ip import client_ip


@pytest.mark.parametrize(
    ("trusted", "forwarded_for", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.1, 203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.1,203.0.113.5:4431", "203.0.113.5"),
        (1, "198.51.100.1, [2001:db8::1]:443", "2001:db8::1"),
        (1, "2001:DB8:0::1", "2001:db8::1"),
        (1, "198.51.100.1, unknown", "10.0.0.2"),
        (2, "198.51.100.1, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.2"),
        (3, "203.0.113.5, 10.0.0.1", "10.0.0.2"),
    ],
)
def test_the_client_is_the_entry_our_own_proxies_wrote(rf, settings, trusted, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = trusted
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)

    assert client_ip(request) == expected
