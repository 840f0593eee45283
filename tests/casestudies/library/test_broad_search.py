"""A search that matches much of a large library is counted in a fixed sample and shown as an
estimate, and ranked among its newest matches and those whose title matches, with its other
matches after them, newest first; a narrower search, or any in a small library, is exact.

The sample's size is lowered here so that a library of sixty case studies counts as large."""

from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from casestudies.library import browse, counting, ranking, search
from casestudies.library.models import CaseStudy
from casestudies.library.models.queries import SAMPLE_BUCKETS, SAMPLE_SPREAD
from casestudies.library.search import search_vectors_refresh
from tests.casestudies.factories import CaseStudyFactory, TopicFactory

pytestmark = pytest.mark.django_db
LIST = reverse("casestudies:list")
SAMPLE_SIZE = 10
LIBRARY_SIZE = 60


@pytest.fixture(autouse=True)
def small_sample(monkeypatch):
    monkeypatch.setattr(counting, "SEARCH_SAMPLE_SIZE", SAMPLE_SIZE)
    monkeypatch.setattr(counting, "ESTIMATED_FROM", 20)


def analysed() -> None:
    """The planner's figures brought up to date, as autovacuum keeps them in a running site."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casestudies_casestudy")


def in_sample(case_study: CaseStudy, buckets: int) -> bool:
    return case_study.pk * SAMPLE_SPREAD % SAMPLE_BUCKETS < buckets


def says_discharge(number: int) -> bool:
    return number % 4 != 0


@pytest.fixture
def library() -> list[CaseStudy]:
    """Sixty case studies, oldest first, all about patient flow: three in four say “discharge”
    (number 2 in its title, number 1 three times but only in its results), three say “chiropody”."""
    flow = TopicFactory(name="Patient flow")
    now = timezone.now()
    made = []
    for number in range(LIBRARY_SIZE):
        results = "Earlier discharge home." if says_discharge(number) else "Fewer falls."
        if number == 1:
            results = "Discharge planning, discharge lounge, discharge by noon."
        if number in (10, 30, 50):
            results += " The chiropody team joined."
        made.append(
            CaseStudyFactory(
                author=False,
                topics=[flow],
                title="Discharge before noon" if number == 2 else f"Flow work {number}",
                slug=f"flow-{number}",
                results=results,
                published_at=now - timedelta(days=LIBRARY_SIZE - number),
            )
        )
    analysed()
    return made


def matching(library: list[CaseStudy]) -> list[CaseStudy]:
    return [case_study for number, case_study in enumerate(library) if says_discharge(number)]


def library_query(text: str) -> browse.LibraryQuery:
    query = browse.parse(QueryDict(f"q={text}"))
    browse.drop_unknown_terms(query)
    return query


def test_the_sample_spreads_evenly_over_consecutive_case_studies(library):
    buckets = counting.sample_buckets()

    # Without the spreading, sixty consecutive ids would mostly fall all in the sample or all out
    # of it (50 or 10 off). With it, any sixty consecutive ids, wherever the sequence stands when
    # the test runs, are within 2.25 of the share for any number of buckets (worked out for all
    # 1,024 starting points and bucket counts).
    assert abs(CaseStudy.objects.in_sample(buckets).count() - LIBRARY_SIZE * buckets / SAMPLE_BUCKETS) <= 2.25


def test_a_search_matching_much_of_a_large_library_is_estimated_from_its_sample(client, library):
    buckets = counting.sample_buckets()
    sampled = sum(1 for case_study in matching(library) if in_sample(case_study, buckets))
    expected = counting.about(sampled * SAMPLE_BUCKETS / buckets)

    response = client.get(LIST, {"q": "discharge"})

    assert response.context["estimated"] is True
    assert response.context["page"].paginator.count == expected
    # An estimate near the truth (45), and rounded as one.
    assert abs(expected - len(matching(library))) <= len(matching(library)) / 2
    assert expected == counting.about(expected)
    flow = next(f for f in response.context["facets"] if f.facet.parameter == "topic").values[0]
    assert flow.count == expected
    html = response.content.decode()
    assert f"About {expected} case studies found for “discharge”" in html
    assert f"(about {expected}" in html
    assert "these numbers are estimates" in html


def test_a_narrow_search_in_a_large_library_is_counted_exactly(client, library):
    response = client.get(LIST, {"q": "chiropody"})

    assert response.context["estimated"] is False
    assert response.context["page"].paginator.count == 3
    assert "3 case studies found for “chiropody”" in response.content.decode()
    assert "estimate" not in response.content.decode()


def test_a_library_under_twice_the_sample_is_counted_whole(client, library, monkeypatch):
    monkeypatch.setattr(counting, "SEARCH_SAMPLE_SIZE", LIBRARY_SIZE // 2 + 1)

    response = client.get(LIST, {"q": "discharge"})

    assert response.context["estimated"] is False
    assert response.context["page"].paginator.count == len(matching(library))


def test_browsing_without_a_text_is_always_counted_exactly(client, library):
    response = client.get(LIST)

    assert response.context["estimated"] is False
    assert response.context["page"].paginator.count == LIBRARY_SIZE


@pytest.fixture
def few_candidates(monkeypatch):
    monkeypatch.setattr(search, "RANKED_FROM_NEWEST", 6)
    monkeypatch.setattr(search, "RANKED_FROM_TITLES", 2)


def test_a_broad_search_ranks_its_newest_and_title_matches_then_the_rest_follow_newest_first(library, few_candidates):
    query = library_query("discharge")
    counts = counting.counts(browse.base_queryset(), query)
    assert counts.estimated

    slugs = [card.slug for card in ranking.RankedCards(browse.base_queryset(), query, counts)[0:100]]

    newest_first = [case_study.slug for case_study in reversed(matching(library))]
    candidates = {*newest_first[:6], "flow-2"}
    # Every match once: first the candidates, best first (the old one with the word in its
    # title leads), then the others, newest first; the old one saying it three times is among them.
    assert sorted(slugs) == sorted(newest_first)
    assert slugs[0] == "flow-2"
    assert set(slugs[: len(candidates)]) == candidates
    assert slugs[len(candidates) :] == [slug for slug in newest_first if slug not in candidates]
    assert slugs[-1] == "flow-1"


def test_a_broad_search_pages_through_its_ranking_without_repeating(client, library, few_candidates, monkeypatch):
    monkeypatch.setattr(browse, "PAGE_SIZE", 5)

    first = client.get(LIST, {"q": "discharge"})
    pages = [first] + [client.get(LIST, {"q": "discharge", "page": n}) for n in (2, 3)]

    slugs = [card.slug for response in pages for card in response.context["page"].object_list]
    assert len(slugs) == len(set(slugs)) == 15
    assert slugs[0] == "flow-2"
    html = first.content.decode()
    assert "the best matches are picked from the newest 6" in html
    assert f"Page 2 of about {first.context['page'].paginator.num_pages}" in html


def test_the_first_broad_search_runs_a_fixed_number_of_queries(client, library, django_assert_max_num_queries):
    # Sizing the sample, counting in it, the names of each kind of term (four, cached after), the
    # candidates, their ranking, the cards and two prefetches: as many for a library of any size.
    # ... and the vocabulary, read once each time a curator changes it (the cache was emptied).
    with django_assert_max_num_queries(12):
        client.get(LIST, {"q": "discharge"})


@pytest.fixture
def overestimated(library) -> int:
    """The case studies in the sample say “discharge”, and only five more do: the estimate is
    well over the truth. Returns how many match."""
    buckets = counting.sample_buckets()
    sampled = [case_study.pk for case_study in library if in_sample(case_study, buckets)]
    others = [case_study.pk for case_study in library if not in_sample(case_study, buckets)][:5]
    CaseStudy.objects.filter(pk__in=sampled + others).update(results="Earlier discharge home.")
    CaseStudy.objects.exclude(pk__in=sampled + others).update(results="Fewer falls.")
    search_vectors_refresh(case_study_ids=[case_study.pk for case_study in library])
    return len(sampled) + len(others)


def test_a_page_past_the_last_match_of_an_overestimate_says_so(client, overestimated, monkeypatch):
    monkeypatch.setattr(browse, "PAGE_SIZE", 5)
    estimate = client.get(LIST, {"q": "discharge"}).context["page"].paginator.count
    past_the_matches = overestimated // 5 + 2
    assert estimate > past_the_matches * 5

    response = client.get(LIST, {"q": "discharge", "page": past_the_matches})

    assert response.status_code == 200
    html = response.content.decode()
    assert "No more case studies match" in html
    assert 'href="?q=discharge">Go to the first page of results' in html
