"""The open data API: only what anyone may see, paged, cached, rate limited, with keys and errors
that say what went wrong."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.models import ApiKey, key_hash
from casestudies.library.models import Licence, Status
from tests.api.factories import ApiKeyFactory
from tests.casestudies.factories import CaseStudyFactory, CollectionFactory, TopicFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory
from tests.members.factories import UserFactory
from tests.members.mfa import turn_on_totp

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(client, path: str, **headers):
    return client.get(API + path, headers=headers)


def slugs(response) -> list[str]:
    return [row["slug"] for row in response.json()["results"]]


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


# --- Rate limits and keys --------------------------------------------------------------------------


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
