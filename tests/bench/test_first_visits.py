"""The live mix's first visits: each is timed on a page made afresh after a change that retires it."""

import pytest
from django.test import Client
from django.test.client import ClientHandler
from django.urls import resolve, reverse

from bench import first_visits
from bench.scenarios import signed_in_session
from casestudies.library.search import library_version
from core.page_cache import dependencies_of, page_versions
from tests.casestudies.factories import CaseStudyFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_first_visit_is_timed_on_the_page_made_afresh_for_a_visitor_and_the_member(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    CaseStudyFactory(title="Huddles on the wards")
    path = reverse("casestudies:list") + "?q=huddles"
    assert Client().get(path, HTTP_HOST="127.0.0.1")["X-Page-Cache"] == "miss"
    assert Client().get(path, HTTP_HOST="127.0.0.1")["X-Page-Cache"] == "hit"
    dependencies = dependencies_of(resolve(reverse("casestudies:list")))
    before = page_versions(dependencies)
    counted_under = library_version()

    timed = first_visits.first_visit(path, (settings.SESSION_COOKIE_NAME, signed_in_session(UserFactory())))

    assert timed["visitor_ms"] > 0
    assert timed["member_ms"] > 0
    assert page_versions(dependencies) != before, "the page was not retired before its first visit"
    assert library_version() != counted_under, "the library's counts were not retired, as a publish retires them"


def test_first_visits_time_the_page_not_the_setting_up_of_a_new_client(settings, monkeypatch):
    """A new test client loads the whole middleware stack on its first request (WhiteNoise reads
    every static file then), which a live site's first reader after a change never waits for."""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    CaseStudyFactory(title="Huddles on the wards")
    path = reverse("casestudies:list") + "?q=huddles"
    session = (settings.SESSION_COOKIE_NAME, signed_in_session(UserFactory()))
    first_visits.first_visit(path, session)
    loaded = []
    load_middleware = ClientHandler.load_middleware
    monkeypatch.setattr(ClientHandler, "load_middleware", lambda handler: loaded.append(load_middleware(handler)))

    timed = first_visits.first_visit(path, session)

    assert timed["visitor_ms"] > 0
    assert loaded == [], "a timed first visit set up a new client"


def test_the_visitor_of_a_first_visit_carries_no_cookie_from_before(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    session = (settings.SESSION_COOKIE_NAME, signed_in_session(UserFactory()))
    first_visits.first_visit(reverse("casestudies:list"), session)
    visitor = first_visits.reader("visitor")
    visitor.cookies["leftover"] = "1"

    first_visits.first_visit(reverse("casestudies:list"), session)

    assert "leftover" not in visitor.cookies
    assert settings.SESSION_COOKIE_NAME not in visitor.cookies
