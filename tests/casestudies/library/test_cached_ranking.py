"""A broad search by relevance keeps its ranking until the library changes; its pages then read
only their own cards, in the same order, and a change to the library ranks it afresh."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casestudies.library import browse, counting, ranking
from casestudies.library.models import CaseStudy, Status
from tests.casestudies.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db
LIST = reverse("casestudies:list")


@pytest.fixture
def broad_from_three(monkeypatch):
    monkeypatch.setattr(counting, "SEARCH_COUNTS_CACHED_FROM", 3)
    monkeypatch.setattr(browse, "PAGE_SIZE", 2)


@pytest.fixture
def library():
    """Five matches for “discharge”, best first as the ranking puts them, and one that does not match."""
    made = [
        CaseStudyFactory(title="Discharge", slug="exact"),
        CaseStudyFactory(title="Discharge lounge for discharge", slug="twice"),
        CaseStudyFactory(title="Discharge lounge", slug="in-title"),
        CaseStudyFactory(title="Lounge", summary="Earlier discharge", slug="in-summary"),
        CaseStudyFactory(title="Hub", summary="Hub", results="Faster discharge home", slug="in-results"),
        CaseStudyFactory(title="Falls clinic", slug="other"),
    ]
    return {case_study.slug: case_study for case_study in made}


def slugs(client, **params) -> list[str]:
    return [card.slug for card in client.get(LIST, {"q": "discharge", **params}).context["page"].object_list]


def test_a_broad_search_reads_only_its_cards_once_ranked(client, library, broad_from_three):
    ranked = [slugs(client, page=number) for number in (1, 2, 3)]

    with CaptureQueriesContext(connection) as again:
        assert [slugs(client, page=number) for number in (1, 2, 3)] == ranked

    assert ranked[0][0] == "exact"
    assert sorted(slug for page in ranked for slug in page) == sorted(set(library) - {"other"})
    assert not [query for query in again.captured_queries if "ts_rank" in query["sql"]]
    # Cards still carry their snippets, with the words marked.
    cards = {
        card.slug: card
        for number in (1, 2, 3)
        for card in client.get(LIST, {"q": "discharge", "page": number}).context["page"].object_list
    }
    assert "<mark>" in cards["in-summary"].snippet
    assert "<mark>" in cards["in-results"].snippet


def test_pages_past_the_kept_ranking_follow_on_in_the_same_order(client, library, broad_from_three, monkeypatch):
    everything = [slug for number in (1, 2, 3) for slug in slugs(client, page=number)]
    monkeypatch.setattr(ranking, "RANKED_IDS_KEPT", 2)

    assert [slug for number in (1, 2, 3) for slug in slugs(client, page=number)] == everything


def test_a_new_case_study_is_ranked_in_once_committed(
    client, library, broad_from_three, django_capture_on_commit_callbacks
):
    assert slugs(client)[0] == "exact"

    with django_capture_on_commit_callbacks(execute=True):
        CaseStudyFactory(title="Discharge discharge discharge", summary="Discharge", slug="newest")

    assert "newest" in slugs(client)
    assert client.get(LIST, {"q": "discharge"}).context["page"].paginator.count == 6


def test_a_case_study_unpublished_behind_the_kept_ranking_is_left_out(client, library, broad_from_three):
    assert slugs(client) == ["exact", "twice"]

    # A bare UPDATE tells the library nothing, so the kept ranking still names it.
    CaseStudy.objects.filter(slug="twice").update(status=Status.DRAFT)

    assert slugs(client) == ["exact"]


def test_a_narrow_search_or_another_order_is_not_kept(client, library, monkeypatch):
    monkeypatch.setattr(browse, "PAGE_SIZE", 2)
    slugs(client)
    with CaptureQueriesContext(connection) as narrow:
        slugs(client)
    monkeypatch.setattr(counting, "SEARCH_COUNTS_CACHED_FROM", 3)
    with CaptureQueriesContext(connection) as newest:
        assert slugs(client, sort="newest")[0] == "in-results"

    assert [query for query in narrow.captured_queries if "ts_rank" in query["sql"]]
    assert not [query for query in newest.captured_queries if "ts_rank" in query["sql"]]
