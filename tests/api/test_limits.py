"""The open data API's rate limits, by address (behind trusted proxies or not) and by key, and the keys
curators issue."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from api.models import ApiKey, key_hash
from tests.api.client import API, get
from tests.api.factories import ApiKeyFactory
from tests.members.factories import UserFactory
from tests.members.mfa import turn_on_totp

pytestmark = pytest.mark.django_db


def test_anonymous_clients_are_limited_by_address(client, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = 3
    answers = [get(client, "/taxonomy/") for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a["RateLimit-Remaining"] for a in answers[:3]] == ["2", "1", "0"]
    refused = answers[3]
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    other_address = client.get(API + "/taxonomy/", REMOTE_ADDR="192.0.2.7")
    assert other_address.status_code == 200


def test_without_trusted_proxies_a_forged_forwarded_for_header_does_not_escape_the_limit(client, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = 3
    assert settings.TRUSTED_PROXY_COUNT == 0  # the default: no proxy is trusted

    answers = [get(client, "/taxonomy/", X_Forwarded_For=f"198.51.100.{n}") for n in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]


def behind_proxy(client, forwarded_for: str, proxy: str = "10.0.0.2"):
    """A request as our reverse proxy passes it on: from the proxy's address, with the header it wrote."""
    return client.get(API + "/taxonomy/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded_for)


def test_behind_a_trusted_proxy_each_client_is_limited_by_its_own_address(client, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = 3
    settings.TRUSTED_PROXY_COUNT = 1

    first = [behind_proxy(client, "203.0.113.5") for _ in range(4)]
    other_client = behind_proxy(client, "203.0.113.6")

    assert [a.status_code for a in first] == [200, 200, 200, 429]
    assert other_client.status_code == 200
    assert other_client["RateLimit-Remaining"] == "2"


def test_behind_a_trusted_proxy_addresses_the_client_wrote_itself_are_ignored(client, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = 3
    settings.TRUSTED_PROXY_COUNT = 1

    # The client sends its own X-Forwarded-For each time; the proxy appends the address it really came from.
    answers = [behind_proxy(client, f"198.51.100.{n}, 203.0.113.5") for n in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]


def test_with_two_trusted_proxies_the_client_is_the_second_address_from_the_right(client, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = 2
    settings.TRUSTED_PROXY_COUNT = 2

    # A load balancer appends the client's address, then the proxy behind it appends the balancer's.
    answers = [behind_proxy(client, f"198.51.100.{n}, 203.0.113.5, 10.0.0.1") for n in range(3)]
    other_client = behind_proxy(client, "203.0.113.6, 10.0.0.1")

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert other_client.status_code == 200


@pytest.mark.parametrize("forwarded_for", ["", "203.0.113.5", "not-an-address, also-not", "203.0.113.999, 10.0.0.1"])
def test_a_forwarded_for_header_too_short_or_garbled_counts_the_proxy_itself_never_an_error(
    client, settings, forwarded_for
):
    settings.API_RATE_LIMIT_ANONYMOUS = 2
    settings.TRUSTED_PROXY_COUNT = 2

    answers = [behind_proxy(client, forwarded_for) for _ in range(2)]
    answers.append(behind_proxy(client, "203.0.113.77, 10.0.0.1"))
    answers.append(client.get(API + "/taxonomy/", REMOTE_ADDR="10.0.0.2"))

    # The first two and the last came from the proxy's own address (nothing believable was forwarded).
    assert [a.status_code for a in answers] == [200, 200, 200, 429]


def test_a_key_has_its_own_higher_limit(client, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = 1
    api_key = ApiKeyFactory(requests_per_minute=5)

    answers = [get(client, "/taxonomy/", X_API_Key=api_key.key) for _ in range(6)]

    assert [a.status_code for a in answers] == [200] * 5 + [429]
    assert answers[0]["RateLimit-Limit"] == "5"
    assert get(client, "/taxonomy/").status_code == 200  # the address's own allowance is untouched


@pytest.mark.parametrize("key", ["qpk_not-a-real-key", "ünïcode", "x" * 500])
def test_a_wrong_key_is_refused_rather_than_treated_as_anonymous(client, key):
    response = client.get(API + "/taxonomy/", HTTP_X_API_KEY=key)

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_api_key"


def test_a_revoked_key_stops_working(client):
    api_key = ApiKeyFactory()
    ApiKey.objects.filter(pk=api_key.pk).update(revoked_at=timezone.now())

    assert get(client, "/taxonomy/", X_API_Key=api_key.key).status_code == 401


def test_curators_issue_keys_in_the_admin_which_shows_the_key_once_and_stores_only_its_hash(client):
    curator = UserFactory(is_staff=True)
    turn_on_totp(curator)
    curator.user_permissions.add(*Permission.objects.filter(content_type__app_label="api"))
    client.force_login(curator)

    response = client.post(
        "/admin/api/apikey/add/", {"name": "Kent dashboard", "contact_email": "", "requests_per_minute": "900"}
    )

    assert response.status_code == 200
    key = response.context["key"]
    assert key.encode() in response.content
    stored = ApiKey.objects.get(name="Kent dashboard")
    assert stored.key_hash == key_hash(key)
    assert stored.created_by == curator
    assert key not in json.dumps(list(ApiKey.objects.values()), default=str)
    assert get(client, "/taxonomy/", X_API_Key=key)["RateLimit-Limit"] == "900"
