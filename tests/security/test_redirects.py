"""A `next=` address that leads off the site is ignored: no open redirects."""

import pytest
from django.utils import timezone

from digests.models import DigestPreference
from tests.members.factories import PASSWORD

OFF_SITE = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "https:/evil.example",
    " //evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "https://evil.example@127.0.0.1/",
    "https://127.0.0.1@evil.example/",
    "javascript:alert(document.domain)",
    "data:text/html,<script>alert(1)</script>",
    "ht\ntp://evil.example",
]


def assert_stays_on_site(response) -> None:
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/"), location
    assert not location.startswith("//"), location
    assert not location.startswith("/\\"), location
    assert "evil.example" not in location


@pytest.mark.django_db
@pytest.mark.parametrize("target", OFF_SITE)
def test_signing_in_never_follows_next_off_the_site(client, user, target):
    response = client.post(f"/accounts/login/?next={target}", {"login": user.email, "password": PASSWORD})

    assert_stays_on_site(response)


@pytest.mark.django_db
@pytest.mark.parametrize("target", OFF_SITE)
def test_signing_in_never_follows_a_next_field_off_the_site(client, user, target):
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD, "next": target})

    assert_stays_on_site(response)


@pytest.mark.django_db
@pytest.mark.parametrize("target", OFF_SITE)
def test_signing_out_never_follows_next_off_the_site(member_client, target):
    response = member_client.post("/accounts/logout/", {"next": target})

    assert_stays_on_site(response)


@pytest.mark.django_db
def test_next_on_the_site_is_followed(client, user):
    # A returning member: a first sign-in asks for email settings first (then follows next).
    DigestPreference.objects.create(user=user, chosen_at=timezone.now())

    response = client.post("/accounts/login/?next=/me/profile/", {"login": user.email, "password": PASSWORD})

    assert response.headers["Location"] == "/me/profile/"


@pytest.mark.django_db
def test_the_sign_in_page_does_not_echo_an_off_site_next_into_its_links(client):
    response = client.get("/accounts/login/?next=https://evil.example/")

    assert b'href="https://evil.example' not in response.content
