"""Sign-in, sign-up, password reset and every form that sends email are rate limited.

The limits live in the shared Redis cache (allauth's ACCOUNT_RATE_LIMITS); each test starts
with an empty cache.
"""

import pytest

from tests.members.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_repeated_wrong_passwords_for_one_account_are_stopped_even_with_the_right_one(client, user):
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong password"})
        assert response.status_code == 200

    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code in {200, 429}
    assert "_auth_user_id" not in client.session
    assert b"Too many attempts to sign in" in response.content


def test_password_reset_requests_for_one_address_are_limited(client, user):
    statuses = [client.post("/accounts/password/reset/", {"email": user.email}).status_code for _ in range(6)]

    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429


def test_password_reset_requests_from_one_address_are_limited_across_accounts(client):
    emails = [UserFactory().email for _ in range(21)]

    statuses = [client.post("/accounts/password/reset/", {"email": email}).status_code for email in emails]

    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429


def test_sign_ups_from_one_address_are_limited(client):
    def sign_up(n: int) -> int:
        data = {"name": "Sam", "email": f"new{n}@example.org", "password1": "a long passphrase", "password2": "x"}
        return client.post("/accounts/signup/", data).status_code

    statuses = [sign_up(n) for n in range(21)]

    assert set(statuses[:20]) == {200}
    assert statuses[20] == 429


def test_resending_a_confirmation_email_sends_one_message_however_often_it_is_asked(client):
    from outbox.models import OutgoingEmail

    member = UserFactory(verified=False)
    client.force_login(member)

    for _ in range(3):
        client.post("/accounts/email/", {"action_send": "", "email": member.email})

    assert list(OutgoingEmail.objects.values_list("template_name", "to_address")) == [
        ("account_confirm_email", member.email)
    ]


def test_managing_email_addresses_is_limited(client, user):
    client.force_login(user)

    statuses = [
        client.post("/accounts/email/", {"action_add": "", "email": f"other{n}@example.org"}).status_code
        for n in range(11)
    ]

    assert 429 not in statuses[:10]
    assert statuses[10] == 429


def test_the_too_many_requests_page_is_the_portals_own(client, user):
    for _ in range(5):
        client.post("/accounts/password/reset/", {"email": user.email})

    response = client.post("/accounts/password/reset/", {"email": user.email})

    assert response.status_code == 429
    assert b"nhsuk-heading-l" in response.content
    assert b"Too many attempts" in response.content


def sign_up_through_proxy(client, n: int, forwarded_for: str) -> int:
    data = {"name": "Sam", "email": f"new{n}@example.org", "password1": "a long passphrase", "password2": "x"}
    response = client.post("/accounts/signup/", data, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)
    return response.status_code


def test_without_trusted_proxies_a_forged_forwarded_for_header_does_not_escape_the_sign_up_limit(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}

    statuses = [sign_up_through_proxy(client, n, f"198.51.100.{n}") for n in range(3)]

    assert statuses == [200, 200, 429]


def test_behind_a_trusted_proxy_sign_ups_are_limited_per_client_as_the_api_counts_them(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    settings.TRUSTED_PROXY_COUNT = 1

    # The client's own forged entries come first; our proxy appends the address it really came from.
    same_client = [sign_up_through_proxy(client, n, f"198.51.100.{n}, 203.0.113.5") for n in range(3)]
    other_client = sign_up_through_proxy(client, 9, "203.0.113.6")
    too_short = sign_up_through_proxy(client, 10, "")

    assert same_client == [200, 200, 429]
    assert other_client == 200
    assert too_short == 200  # counted as the proxy's own address, never a server error
