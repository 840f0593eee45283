"""Values read ahead with a kept page's versions (core.read_ahead): they stand in for their reads
in that request only, and a write in the request is read back as written."""

import pytest
from django.core.cache import cache

from core import read_ahead
from core.cache_versions import bump_version, current_version, current_versions
from core.sessions import SessionStore
from tests.members.factories import UserFactory
from tests.readers import reader
from tests.round_trips import redis_round_trips

pytestmark = pytest.mark.django_db


def test_a_version_read_ahead_is_read_once_and_a_bump_in_the_request_is_read_back():
    cache.set("versions:a", 7, None)
    cache.set("versions:b", 40, None)

    with read_ahead.kept({}), redis_round_trips() as sent:
        assert current_versions(["versions:a"], ahead=["versions:b"]) == [7]
        assert current_version("versions:b") == 40
        assert len(sent) == 1, sent
        bump_version("versions:b")
        assert current_version("versions:b") == 41

    assert read_ahead.get("versions:b") is None, "kept past its request"


def test_a_session_read_ahead_is_its_own_and_a_saved_one_is_read_again():
    session = SessionStore()
    session["colour"] = "green"
    session.create()
    key = SessionStore.read_ahead_key(session.session_key)
    assert key

    with read_ahead.kept({key: {"colour": "blue"}}):
        assert SessionStore(session.session_key)["colour"] == "blue"  # the value read ahead
        assert SessionStore(session.session_key)["colour"] == "green"  # read once: then the cache's
        other = SessionStore()
        other.create()
        assert "colour" not in SessionStore(other.session_key)


def test_no_session_key_is_read_ahead_for_a_cookie_that_cannot_be_one():
    assert SessionStore.read_ahead_key("") is None
    assert SessionStore.read_ahead_key("short") is None


def test_members_in_turns_on_a_kept_page_each_get_their_own_session(settings):
    settings.PAGE_CACHE_SECONDS = 300
    clients = {name: reader(UserFactory(name=f"{name} Example")) for name in ("Ada", "Ben")}
    for _turn in range(2):
        for name, client in clients.items():
            html = client.get("/case-studies/").content.decode()
            others = [other for other in clients if other != name]
            assert f"{name}<span" in html
            assert all(f"{other}<span" not in html for other in others)


def test_a_visitor_served_a_kept_page_reads_no_part_or_session_ahead(settings):
    settings.PAGE_CACHE_SECONDS = 300
    visitor = reader()
    visitor.get("/case-studies/?q=huddles")

    with redis_round_trips() as sent:
        response = visitor.get("/case-studies/?q=huddles")

    assert response.headers["X-Page-Cache"] == "hit"
    assert len(sent) == 2, sent  # the page's versions, then the page
    assert b"parts:" not in b"".join(sent)
    assert b"sessions" not in b"".join(sent)
