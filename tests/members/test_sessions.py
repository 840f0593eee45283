"""Where a member is signed in, signing out elsewhere, and the devices they sign in from."""

import pytest
from allauth.usersessions.models import UserSession
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
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


def _session_writes(queries) -> int:
    return sum('"usersessions_usersession"' in q["sql"] and q["sql"].startswith("UPDATE") for q in queries)


def test_a_members_requests_note_the_session_once_every_few_minutes_not_on_each(settings):
    user = UserFactory()
    laptop = signed_in_client(user, FIREFOX_WINDOWS)
    session = UserSession.objects.get(user=user)

    with CaptureQueriesContext(connection) as requests:
        for _ in range(3):
            assert laptop.get(reverse("members:dashboard")).status_code == 200

    assert _session_writes(requests.captured_queries) == 0
    assert UserSession.objects.get(pk=session.pk).last_seen_at == session.last_seen_at

    # Five minutes later: the shared note has expired and this process's memory of it too.
    cache.delete(f"session-seen:{laptop.session.session_key}")
    settings.SESSION_SEEN_SECONDS = 0
    with CaptureQueriesContext(connection) as later:
        laptop.get(reverse("members:dashboard"), HTTP_USER_AGENT=SAFARI_IPHONE)

    assert _session_writes(later.captured_queries) == 1
    noted = UserSession.objects.get(pk=session.pk)
    assert noted.last_seen_at > session.last_seen_at
    assert noted.user_agent == SAFARI_IPHONE


def test_a_signed_in_request_reads_its_session_from_the_cache_not_the_database():
    user = UserFactory()
    laptop = signed_in_client(user, FIREFOX_WINDOWS)

    with CaptureQueriesContext(connection) as request:
        assert laptop.get("/robots.txt").status_code == 200

    tables = [q["sql"] for q in request.captured_queries]
    assert not any('"django_session"' in sql for sql in tables)
    assert not any('"usersessions_usersession"' in sql for sql in tables)


def test_a_signed_out_session_is_not_accepted_again_from_the_cache():
    user = UserFactory()
    laptop = signed_in_client(user, FIREFOX_WINDOWS)
    cookie = laptop.cookies["sessionid"].value

    laptop.post(reverse("account_logout"))
    replayed = Client(HTTP_USER_AGENT=FIREFOX_WINDOWS)
    replayed.cookies["sessionid"] = cookie

    assert not is_signed_in(replayed)
