"""Hostile input to every form and query string the site has: a 4xx or a clear message, never a 500.

Add each new form and each new query parameter to the tables below.
"""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import given

from tests.members.factories import UserFactory
from tests.security.fuzzing import FUZZ, form_data, query_string

pytestmark = pytest.mark.django_db

# (address, field names, who posts it)
FORMS = [
    ("/accounts/login/", ["login", "password", "remember", "next"], "anonymous"),
    ("/accounts/signup/", ["name", "email", "password1", "password2", "next"], "anonymous"),
    ("/accounts/password/reset/", ["email"], "anonymous"),
    ("/accounts/password/reset/key/1-set-password/", ["password1", "password2"], "anonymous"),
    ("/accounts/confirm-email/", ["key"], "anonymous"),
    ("/accounts/logout/", ["next"], "member"),
    ("/accounts/email/", ["email", "action_add", "action_send", "action_remove", "action_primary"], "member"),
    ("/accounts/password/change/", ["oldpassword", "password1", "password2"], "member"),
    ("/me/profile/", ["name", "job_title", "organisation", "bio", "timezone"], "member"),
]

# (address, query parameters it reads)
QUERIES = [
    ("/", ["page", "q", "topic"]),
    ("/accounts/login/", ["next"]),
    ("/accounts/signup/", ["next"]),
    ("/me/", []),
    ("/case-studies/", ["q", "topic", "setting", "approach", "region", "sort", "page"]),
    ("/case-studies/feed/", ["q", "topic"]),
    ("/collections/", ["page"]),
    ("/me/bookmarks/", ["page"]),
]


def client_for(role: str, member) -> Client:
    client = Client()
    if role == "member":
        client.force_login(member)
    return client


def assert_handled(response) -> None:
    assert response.status_code < 500, response.content[:2000]


@pytest.mark.parametrize(("url", "fields", "role"), FORMS, ids=[url for url, _, _ in FORMS])
def test_hostile_form_posts_never_cause_a_server_error(url, fields, role):
    client = client_for(role, UserFactory())

    @FUZZ
    @given(data=form_data(fields))
    def post(data):
        cache.clear()  # rate limits would otherwise turn every later example into a 429
        assert_handled(client.post(url, data))

    post()


@pytest.mark.parametrize(("url", "names"), QUERIES, ids=[url for url, _ in QUERIES])
def test_hostile_query_strings_never_cause_a_server_error(url, names):
    member = UserFactory()
    clients = {True: client_for("member", member), False: client_for("anonymous", member)}

    @FUZZ
    @given(params=query_string(names), signed_in=...)
    def get(params, signed_in: bool):
        assert_handled(clients[signed_in].get(url, params))

    get()
