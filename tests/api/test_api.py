"""The open data API: only what anyone may see, paged, cached, with errors that say what went wrong.

Rate limits and keys are in test_limits.py."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casestudies.library.models import Licence, Status
from tests.api.client import API, get, slugs
from tests.casestudies.factories import CaseStudyFactory, CollectionFactory, TopicFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory
from tests.members.factories import UserFactory
from tests.members.mfa import turn_on_totp

pytestmark = pytest.mark.django_db


# --- Visibility ------------------------------------------------------------------------------------


def test_drafts_and_submissions_are_never_listed_searched_filtered_or_shown(client):
    topic = TopicFactory(slug="patient-flow")
    CaseStudyFactory(slug="live", title="Discharge lounge", topics=[topic])
    for status in (Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.ARCHIVED, Status.DECLINED):
        CaseStudyFactory(slug=f"hidden-{status}", title=f"Discharge lounge {status}", status=status, topics=[topic])

    for query in ("", "?q=discharge", "?topic=patient-flow", "?sort=oldest", "?q=discharge&sort=newest"):
        assert slugs(get(client, "/case-studies/" + query)) == ["live"], query
    for status in (Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED):
        response = get(client, f"/case-studies/hidden-{status}/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_a_collection_shows_only_its_published_case_studies(client):
    live = CaseStudyFactory(slug="live")
    draft = CaseStudyFactory(slug="draft", status=Status.DRAFT)
    CollectionFactory(slug="picks", case_studies=[draft, live])

    items = get(client, "/collections/picks/").json()["items"]

    assert [item["case_study"]["slug"] for item in items] == ["live"]


def test_private_groups_and_their_events_are_never_shown_and_joining_links_never_are(client):
    public, private = GroupFactory(slug="public"), GroupFactory(slug="secret", private=True)
    EventFactory(slug="open-event", group=public, joining_url="https://meet.example.org/open-room")
    EventFactory(slug="secret-event", group=private, joining_url="https://meet.example.org/secret-room")
    EventFactory(slug="site-event", site=True, joining_url="https://meet.example.org/site-room")
    EventFactory(
        slug="past-event",
        group=public,
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2, hours=-1),
    )

    assert slugs(get(client, "/groups/")) == ["public"]
    assert get(client, "/groups/secret/").status_code == 404
    assert sorted(slugs(get(client, "/events/"))) == ["open-event", "site-event"]
    assert slugs(get(client, "/events/?group=public")) == ["open-event"]
    assert get(client, "/events/secret-event/").status_code == 404
    filtered = get(client, "/events/?group=secret")
    assert filtered.status_code == 400
    assert "secret" in filtered.json()["details"][0]

    responses = [
        get(client, path)
        for path in ("/events/", "/events/?group=public", "/events/open-event/", "/events/site-event/", "/groups/")
    ]
    for response in responses:
        assert response.status_code == 200
        assert b"meet.example.org" not in response.content
        assert b"joining" not in response.content


def test_signed_in_curators_get_the_same_anonymous_view(client):
    curator = UserFactory(is_staff=True)
    turn_on_totp(curator)
    client.force_login(curator)
    GroupFactory(slug="secret", private=True)
    CaseStudyFactory(slug="draft", status=Status.DRAFT)

    assert slugs(get(client, "/groups/")) == []
    assert get(client, "/case-studies/draft/").status_code == 404


# --- Filters and errors ----------------------------------------------------------------------------


def test_filters_and_search_match_the_site(client):
    flow, staff = TopicFactory(slug="patient-flow"), TopicFactory(slug="workforce")
    CaseStudyFactory(slug="a", title="Board rounds", topics=[flow])
    CaseStudyFactory(slug="b", title="Rota design", topics=[staff])
    CaseStudyFactory(slug="c", title="Board rounds for nurses", topics=[flow, staff])

    assert sorted(slugs(get(client, "/case-studies/?topic=patient-flow"))) == ["a", "c"]
    assert sorted(slugs(get(client, "/case-studies/?topic=patient-flow&topic=workforce"))) == ["a", "b", "c"]
    assert sorted(slugs(get(client, "/case-studies/?q=board+rounds&topic=workforce"))) == ["c"]
    site = client.get("/case-studies/?q=board+rounds")
    for slug in slugs(get(client, "/case-studies/?q=board+rounds")):
        assert f"/case-studies/{slug}/".encode() in site.content


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?topic=no-such-topic", 400),
        ("?region=%00", 400),
        ("?sort=sideways", 400),
        ("?benefit=nobody", 400),
        ("?page=abc", 400),
        ("?page=0", 400),
        ("?page=-3", 400),
        ("?page=99999999999999999999", 400),
        ("?page=2", 404),
        ("?q=%00%01", 400),
        ("?q=" + "x" * 5000, 200),
    ],
)
def test_bad_parameters_get_a_clear_error_body_never_a_server_error(client, query, status):
    CaseStudyFactory()

    response = get(client, "/case-studies/" + query)

    assert response.status_code == status
    if status != 200:
        body = response.json()
        assert body["status"] == status
        assert body["code"] in {"bad_request", "not_found"}
        assert body["message"]


@pytest.mark.parametrize("path", ["/case-studies/no-such/", "/groups/no-such/", "/events/x%20y/", "/collections/nope/"])
def test_unknown_slugs_are_404_with_the_error_body(client, path):
    response = get(client, path)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    "path", ["/nope/", "/case-studies/x/y/", "/case-studies/live/extra/", "/nope", "/v1/", "/../nope/"]
)
def test_unknown_addresses_under_the_api_are_a_json_404_not_the_sites_page(client, path):
    CaseStudyFactory(slug="live")

    response = client.get(API + path, follow=True)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "message": "There is nothing at this address. The index, /api/v1/, lists what the API offers.",
        "details": [],
    }


def test_an_address_outside_version_1_is_a_json_404_too(client):
    response = client.get("/api/v2/case-studies/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert b"<html" not in response.content


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/", "/case-studies/", "/case-studies/live/", "/openapi.json", "/docs/"])
def test_the_api_is_read_only_and_refuses_other_methods_with_a_json_405(client, method, path):
    CaseStudyFactory(slug="live")

    response = getattr(client, method)(API + path, data="{}", content_type="application/json")

    assert response.status_code == 405
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    body = response.json()
    assert (body["status"], body["code"]) == (405, "method_not_allowed")
    assert "read-only" in body["message"]


def test_a_write_to_an_unknown_address_is_a_404_not_a_405(client):
    response = client.post(API + "/nope/", data={})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_write_is_refused_before_the_csrf_check_so_it_is_json_too():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(API + "/openapi.json", data={})

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_a_options_request_that_is_not_a_preflight_is_a_json_405(client):
    response = client.options(API + "/taxonomy/")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_head_answers_with_the_headers_of_get_and_no_body(client):
    CaseStudyFactory(slug="live")
    got = get(client, "/case-studies/live/")

    head = client.head(API + "/case-studies/live/")

    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(got.content))
    assert head["ETag"] == got["ETag"]
    assert head["Content-Type"] == got["Content-Type"]
    assert client.head(API + "/nope/").status_code == 404


# --- Pagination ------------------------------------------------------------------------------------


def test_pages_link_to_each_other_and_together_list_everything_once_in_a_stable_order(client):
    now = timezone.now()
    # Equal publication times: the order must still be total.
    for n in range(45):
        CaseStudyFactory(slug=f"case-{n:02d}", published_at=now)

    first = get(client, "/case-studies/?topic=&sort=newest").json()
    assert (first["count"], first["page"], first["pages"], first["previous"]) == (45, 1, 3, None)
    seen, page = [], first
    while True:
        seen += [row["slug"] for row in page["results"]]
        if not page["next"]:
            break
        assert "sort=newest" in page["next"]
        page = client.get(page["next"]).json()
    assert page["page"] == 3
    assert page["previous"].endswith("sort=newest&page=2")
    assert sorted(seen) == sorted(f"case-{n:02d}" for n in range(45))
    assert len(seen) == len(set(seen))
    again = [row["slug"] for row in get(client, "/case-studies/?sort=newest").json()["results"]]
    assert again == seen[:20]


# --- Conditional requests --------------------------------------------------------------------------


def test_an_unchanged_response_is_a_304_by_etag_and_a_change_makes_a_new_one(client):
    case_study = CaseStudyFactory(slug="live")
    first = get(client, "/case-studies/")
    etag = first["ETag"]

    again = get(client, "/case-studies/", If_None_Match=etag)
    assert again.status_code == 304
    assert again.content == b""

    case_study.title = "A new title"
    case_study.save()
    changed = get(client, "/case-studies/", If_None_Match=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_single_item_carries_last_modified_and_answers_if_modified_since(client):
    CaseStudyFactory(slug="live")
    first = get(client, "/case-studies/live/")
    last_modified = first["Last-Modified"]

    assert get(client, "/case-studies/live/", If_Modified_Since=last_modified).status_code == 304
    assert get(client, "/case-studies/live/", If_Modified_Since="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200


# --- CORS ------------------------------------------------------------------------------------------


def test_any_site_may_read_the_api_from_a_browser_without_credentials(client):
    response = get(client, "/case-studies/", Origin="https://elsewhere.example")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "etag" in response["Access-Control-Expose-Headers"].lower()

    preflight = client.options(
        API + "/case-studies/",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-api-key",
        },
    )
    assert preflight.status_code == 200
    assert "x-api-key" in preflight["Access-Control-Allow-Headers"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_the_rest_of_the_site_is_not_shared_cross_origin(client):
    response = client.get("/case-studies/", headers={"Origin": "https://elsewhere.example"})

    assert "Access-Control-Allow-Origin" not in response


# --- Licence ---------------------------------------------------------------------------------------


def test_the_licence_and_attribution_are_in_the_api_and_on_the_page(client):
    CaseStudyFactory(slug="default", title="Default licence")
    CaseStudyFactory(slug="sharealike", title="Share alike", licence=Licence.CC_BY_SA_4)

    default = get(client, "/case-studies/default/").json()
    assert default["licence"] == {
        "code": "CC-BY-4.0",
        "name": "Creative Commons Attribution 4.0 International",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert default["attribution"].startswith("“Default licence” by ")
    assert get(client, "/case-studies/").json()["results"][0]["licence"]["code"]
    assert get(client, "/case-studies/sharealike/").json()["licence"]["code"] == "CC-BY-SA-4.0"

    page = client.get("/case-studies/sharealike/")
    assert b"Creative Commons Attribution-ShareAlike 4.0 International" in page.content
    assert b'href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license"' in page.content


# --- Query counts ----------------------------------------------------------------------------------


def _queries(client, path: str) -> int:
    cache.clear()  # measure the uncached path: cached counts would hide queries
    with CaptureQueriesContext(connection) as captured:
        response = get(client, path)
    assert response.status_code == 200, response.content
    return len(captured)


def _fill(n: int, offset: int) -> None:
    topic = TopicFactory(slug="patient-flow")
    group = GroupFactory()
    for i in range(offset, offset + n):
        case_study = CaseStudyFactory(slug=f"case-{i}", topics=[topic, TopicFactory()])
        CollectionFactory(slug=f"collection-{i}", case_studies=[case_study])
        EventFactory(slug=f"event-{i}", group=group).topics.set([topic, TopicFactory()])
        GroupFactory(slug=f"group-{i}")


PATHS = [
    "/",
    "/case-studies/",
    "/case-studies/?topic=patient-flow&q=case",
    "/case-studies/case-1/",
    "/collections/",
    "/collections/collection-1/",
    "/taxonomy/",
    "/groups/",
    "/groups/group-1/",
    "/events/",
    "/events/?group=group-1",
    "/events/event-1/",
]


def test_each_endpoint_runs_a_fixed_number_of_queries_whatever_the_data(client, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = 1000
    _fill(2, 0)
    small = {path: _queries(client, path) for path in PATHS}
    _fill(20, 2)
    large = {path: _queries(client, path) for path in PATHS}

    assert large == small
    # A case study: itself and its nine kinds of related rows (authors twice: all, and the byline).
    assert max(large.values()) <= 10
