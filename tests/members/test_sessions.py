"""Where a member is signed in, signing out elsewhere, and the devices they sign in from."""

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from members.devices import describe_user_agent
from members.models import SignInDevice
from tests.members.factories import PASSWORD, UserFactory
from tests.members.mfa import sign_in_with_password

pytestmark = pytest.mark.django_db

FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
EDGE_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)


def signed_in_client(user, user_agent: str) -> Client:
    client = Client(HTTP_USER_AGENT=user_agent)
    sign_in_with_password(client, user)
    assert client.get(reverse("members:dashboard")).status_code == 200
    return client


def is_signed_in(client) -> bool:
    return client.get(reverse("members:dashboard")).status_code == 200


def test_user_agents_are_described_in_words():
    assert describe_user_agent(FIREFOX_WINDOWS) == "Firefox on Windows"
    assert describe_user_agent(SAFARI_IPHONE) == "Safari on iPhone"
    assert describe_user_agent(EDGE_WINDOWS) == "Edge on Windows"
    assert describe_user_agent("") == "An unknown browser or app"


def test_the_sessions_page_lists_each_device_with_this_one_marked(django_assert_max_num_queries):
    user = UserFactory()
    signed_in_client(user, FIREFOX_WINDOWS)
    laptop = signed_in_client(user, SAFARI_IPHONE)

    with django_assert_max_num_queries(15):
        page = laptop.get(reverse("usersessions_list"))

    body = page.content.decode()
    assert page.status_code == 200
    assert "Firefox on Windows" in body
    assert "Safari on iPhone" in body
    assert body.count("This device") == 1
    assert 'id="maincontent"' in body


def test_signing_out_everywhere_else_ends_the_other_sessions_only():
    user = UserFactory()
    phone = signed_in_client(user, SAFARI_IPHONE)
    laptop = signed_in_client(user, FIREFOX_WINDOWS)

    response = laptop.post(reverse("usersessions_list"))

    assert response.status_code == 302
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)
    assert UserSession.objects.filter(user=user).count() == 1


def test_changing_the_password_signs_out_every_other_session():
    user = UserFactory()
    phone = signed_in_client(user, SAFARI_IPHONE)
    laptop = signed_in_client(user, FIREFOX_WINDOWS)

    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "a-fresh-long-phrase", "password2": "a-fresh-long-phrase"},
    )

    assert response.status_code == 302
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)
    assert UserSession.objects.filter(user=user).count() == 1


def test_sessions_of_other_members_are_not_shown_or_ended():
    user, other = UserFactory(), UserFactory()
    theirs = signed_in_client(other, SAFARI_IPHONE)
    mine = signed_in_client(user, FIREFOX_WINDOWS)

    body = mine.get(reverse("usersessions_list")).content.decode()
    mine.post(reverse("usersessions_list"))

    assert "Safari on iPhone" not in body
    assert is_signed_in(theirs)


def test_the_sessions_page_needs_a_signed_in_member(client):
    response = client.get(reverse("usersessions_list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_each_browser_signed_in_from_is_remembered_once():
    user = UserFactory()
    signed_in_client(user, FIREFOX_WINDOWS)
    signed_in_client(user, FIREFOX_WINDOWS)
    signed_in_client(user, SAFARI_IPHONE)

    assert sorted(SignInDevice.objects.filter(user=user).values_list("description", flat=True)) == [
        "Firefox on Windows",
        "Safari on iPhone",
    ]
