"""Public pages are kept for visitors who are not signed in, and never served stale or to the wrong person."""

import threading

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import reverse

from casestudies.library.models import CaseStudy, Status
from core.page_cache import PageCacheMiddleware
from tests.casestudies.factories import CaseStudyFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

LIST = reverse("casestudies:list")


def test_a_visitor_gets_the_kept_page_without_touching_the_database(client, django_assert_num_queries):
    CaseStudyFactory(title="Shorter waits in clinic")
    first = client.get(LIST)

    with django_assert_num_queries(0):
        again = client.get(LIST)

    assert again.status_code == 200
    assert again.content == first.content
    assert "Shorter waits in clinic" in again.content.decode()


def test_the_kept_page_carries_the_security_headers(client):
    client.get(LIST)
    again = client.get(LIST)

    assert again.headers["X-Frame-Options"] == "DENY"
    assert "Permissions-Policy" in again.headers
    assert again.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in again.headers
    assert again.headers["Content-Type"].startswith("text/html")


def test_a_published_change_shows_at_once(client, django_capture_on_commit_callbacks):
    client.get(LIST)
    with django_capture_on_commit_callbacks(execute=True):
        CaseStudyFactory(title="A brand new case study")

    assert "A brand new case study" in client.get(LIST).content.decode()


def test_an_unpublished_case_study_disappears_at_once(client):
    case_study = CaseStudyFactory(title="Soon withdrawn")
    path = case_study.get_absolute_url()
    assert client.get(path).status_code == 200
    assert "Soon withdrawn" in client.get(LIST).content.decode()

    case_study.status = Status.DRAFT
    case_study.save()

    assert client.get(path).status_code == 404
    assert "Soon withdrawn" not in client.get(LIST).content.decode()


def test_changes_to_groups_and_events_retire_kept_pages(client):
    group = GroupFactory(name="Flow coaches")
    event = EventFactory(title="Flow clinic", group=group)
    group_page, event_page = reverse("groups:detail", args=[group.slug]), event.get_absolute_url()
    assert "Flow coaches" in client.get(group_page).content.decode()
    assert "Flow clinic" in client.get(event_page).content.decode()

    group.name = "Flow and capacity coaches"
    group.save()
    event.title = "Capacity clinic"
    event.save()

    assert "Flow and capacity coaches" in client.get(group_page).content.decode()
    assert "Capacity clinic" in client.get(event_page).content.decode()


def test_a_signed_in_member_never_gets_a_kept_page(client, user):
    client.get(LIST)
    client.force_login(user)

    response = client.get(LIST)

    assert response.context is not None, "the page was made afresh"
    assert "Sign out" in response.content.decode()


def test_a_page_made_for_a_member_is_never_kept_for_visitors(client, user):
    member = Client()
    member.force_login(user)
    member.get(LIST)

    response = client.get(LIST)

    assert "Sign out" not in response.content.decode()


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client):
    client.get(LIST)
    client.cookies["messages"] = "anything"

    response = client.get(LIST)

    assert response.context is not None, "the page was made afresh"


def test_each_query_string_is_its_own_page(client):
    CaseStudyFactory(title="Chiropody clinics")
    CaseStudyFactory(title="Orthoptics rounds")
    client.get(LIST + "?q=chiropody")

    response = client.get(LIST + "?q=orthoptics")

    assert "Orthoptics rounds" in response.content.decode()
    assert "Chiropody clinics" not in response.content.decode()


def test_htmx_requests_get_their_own_kept_part_of_the_page(client):
    client.get(LIST)

    part = client.get(LIST, headers={"HX-Request": "true", "HX-Target": "results"})
    whole = client.get(LIST)

    assert len(part.content) < len(whole.content)
    assert b"<html" in whole.content
    assert b"<html" not in part.content


@pytest.mark.parametrize(
    "personal",
    [
        pytest.param(lambda request, response: get_token(request), id="a CSRF token"),
        pytest.param(
            lambda request, response: setattr(response, "content", b'<script nonce="abc" src="/s.js"></script>'),
            id="a CSP nonce",
        ),
        pytest.param(lambda request, response: response.set_cookie("choice", "1"), id="a cookie"),
    ],
)
def test_a_page_holding_something_of_the_visitor_is_never_kept(rf, personal):
    def view(request):
        response = HttpResponse("<p>made for one visitor</p>")
        personal(request, response)
        return response

    PageCacheMiddleware(view)(rf.get(LIST))

    assert _kept_keys() == []


def test_a_plain_public_page_is_kept(rf):
    PageCacheMiddleware(lambda request: HttpResponse("<p>the same for everyone</p>"))(rf.get(LIST))

    assert len(_kept_keys()) == 1


def test_a_bare_update_is_seen_once_the_page_expires(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # as if the kept page had expired
    case_study = CaseStudyFactory(title="Old title")
    client.get(case_study.get_absolute_url())
    CaseStudy.objects.filter(pk=case_study.pk).update(title="New title")

    assert "New title" in client.get(case_study.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_page_read_while_a_change_was_being_written_is_not_kept_under_the_new_version(client):
    case_study = CaseStudyFactory(title="Before")
    path = case_study.get_absolute_url()
    seen = {}

    def another_reader():
        # Its own connection: it sees the committed row, not the change being written.
        seen["page"] = Client().get(path).content.decode()
        connection.close()

    with transaction.atomic():
        case_study.title = "After"
        case_study.save()
        reader = threading.Thread(target=another_reader)
        reader.start()
        reader.join(timeout=30)
    assert "Before" in seen["page"]

    assert "After" in client.get(path).content.decode()


def _kept_keys() -> list:
    from django.core.cache import cache

    return list(cache._cache.get_client().scan_iter(match="*pages:kept:*"))


def test_a_kept_page_says_it_was_kept(client):
    first = client.get(LIST)
    again = client.get(LIST)

    assert first.headers["X-Page-Cache"] == "miss"
    assert again.headers["X-Page-Cache"] == "hit"
