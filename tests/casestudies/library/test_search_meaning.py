"""Search reads a text as a person means it: no dead end for a sensible question, question words
never block results, phrases and exclusions stay strict, and the best answers come first."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casestudies.library import search
from casestudies.library.models import CaseStudy
from tests.casestudies.factories import NEUTRAL, CaseStudyFactory, OutcomeMeasureFactory, TopicFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_vocabulary")]
LIST = reverse("casestudies:list")


def study(slug: str, **fields) -> CaseStudy:
    return CaseStudyFactory(slug=slug, **{**NEUTRAL, **fields})


def shown(response) -> tuple[list[str], list[str]]:
    """The slugs of the strict matches, and of those offered as matching most of the words."""
    context = response.context
    return [c.slug for c in context["page"].object_list], [c.slug for c in context["near_matches"]]


def ranked(text: str) -> list[str]:
    return list(search.search(CaseStudy.objects.published(), search.clean_query(text)).values_list("slug", flat=True))


@pytest.fixture
def care_homes():
    study("falls-homes", title="Fewer falls in care homes", summary="A daily huddle in six care homes.")
    study("ulcers-homes", title="Pressure ulcers in care homes", summary="Safety huddles in care homes.")
    study("falls-wards", title="Falls on hospital wards", summary="Bay nurses on three wards.")
    study("unrelated", title="Theatre lists starting on time")


class TestNeverADeadEnd:
    def test_a_search_matching_nothing_in_full_offers_those_matching_most_of_its_words(self, client, care_homes):
        response = client.get(LIST, {"q": "falls in care homes at night"})

        strict, near = shown(response)
        assert strict == []
        assert near[0] == "falls-homes"
        assert "unrelated" not in near
        html = response.content.decode()
        assert "No case study matches all your words; these match most of them" in html
        assert "No case studies match" not in html

    def test_a_search_matching_few_shows_them_first_then_those_matching_most_words(self, client, care_homes):
        response = client.get(LIST, {"q": "falls huddle homes"})

        strict, near = shown(response)
        assert strict == ["falls-homes"]
        # Two of the three words: the huddles in care homes; one alone (falls on wards) is not most.
        assert near == ["ulcers-homes"]
        assert "Only 1 case study matches all your words; these match most of them." in response.content.decode()

    def test_a_search_matching_many_offers_nothing_more(self, client, care_homes):
        study("more-1", title="Care homes and falls")
        study("more-2", title="Falls in homes for older people", summary="Care staff.")

        strict, near = shown(client.get(LIST, {"q": "falls care homes"}))

        assert len(strict) == 3
        assert near == []

    def test_when_none_match_most_of_the_words_those_matching_some_are_offered_and_said_to(self, client, care_homes):
        response = client.get(LIST, {"q": "theatre xylophone zebra"})

        assert shown(response) == ([], ["unrelated"])
        assert "No case study matches all your words; these match some of them" in response.content.decode()

    def test_words_not_in_the_library_leave_a_plain_empty_page(self, client, care_homes):
        response = client.get(LIST, {"q": "xylophone zebra"})

        assert shown(response) == ([], [])
        assert "No case studies match" in response.content.decode()

    def test_a_misspelt_word_is_read_as_the_library_s_closest_word(self, client, care_homes):
        strict, near = shown(client.get(LIST, {"q": "theatre lsits"}))

        assert strict == []
        assert near[0] == "unrelated"

    @pytest.mark.parametrize("sort", ["relevance", "newest", "most_adapted"])
    def test_the_near_matches_cost_no_more_than_one_statement_over_a_search_that_finds_all_its_words(
        self, client, care_homes, sort
    ):
        study("more-1", title="Falls in care homes again")
        study("more-2", title="Falls and care homes")
        for text in ("falls care homes", "falls care homes night"):
            client.get(LIST, {"q": text, "sort": sort})  # the vocabulary and the library's words are read, then cached
        search.library_changed()

        with CaptureQueriesContext(connection) as strict:
            assert len(shown(client.get(LIST, {"q": "falls care homes", "v": 2, "sort": sort}))[0]) == 3
        with CaptureQueriesContext(connection) as near:
            assert shown(client.get(LIST, {"q": "falls care homes night", "v": 2, "sort": sort}))[1]

        assert len(near.captured_queries) <= len(strict.captured_queries) + 1


class TestQuestionsPhrasesAndExclusions:
    @pytest.mark.parametrize(
        "text",
        [
            "how to reduce falls in care homes",
            "what are the best ways of preventing falls in care homes?",
            "ideas for fewer falls in care homes",
            "reducing falls care homes",
        ],
    )
    def test_question_and_direction_words_never_block_a_match(self, client, care_homes, text):
        strict, _near = shown(client.get(LIST, {"q": text}))

        assert strict[0] == "falls-homes"

    def test_a_quoted_phrase_stays_strict_among_the_near_matches(self, client, care_homes):
        study("homes-care", title="Care for falls at home", summary="Homes visited after falls.")

        strict, near = shown(client.get(LIST, {"q": '"care homes" falls night'}))

        assert strict == []
        assert "homes-care" not in near
        assert near[0] == "falls-homes"

    def test_an_exclusion_stays_strict_among_the_near_matches(self, client, care_homes):
        strict, near = shown(client.get(LIST, {"q": "falls huddle night -wards"}))

        assert "falls-wards" not in strict + near
        assert "falls-homes" in strict + near

    def test_or_still_finds_either_word(self, client, care_homes):
        strict, _near = shown(client.get(LIST, {"q": "ulcers or theatre"}))

        assert sorted(strict) == ["ulcers-homes", "unrelated"]


class TestRanking:
    def test_the_title_and_summary_rank_above_a_passing_mention(self):
        study("passing", title="Ward changes", lessons="Pressure ulcers were also discussed.")
        study("summary", title="Skin care", summary="Pressure ulcers halved in a year.")
        study("title", title="Fewer pressure ulcers")

        assert ranked("pressure ulcers") == ["title", "summary", "passing"]

    def test_words_close_together_rank_above_words_scattered(self):
        study("scattered", actions="Discharge was slow all winter, and in the spring planning was reviewed.")
        study("together", actions="Discharge planning was reviewed each week through the winter and the spring.")

        assert ranked("discharge planning") == ["together", "scattered"]

    def test_an_outcome_measure_or_topic_counts_above_a_passing_mention(self):
        study("passing", lessons="Readmissions were not measured.")
        measured = study("measured")
        OutcomeMeasureFactory(case_study=measured, label="Readmissions within 30 days")
        assert ranked("readmissions") == ["measured", "passing"]

        study("mentioned", next_steps="Mental health support is next.")
        study("topic", topics=[TopicFactory(name="Mental health")])
        assert ranked("mental health") == ["topic", "mentioned"]

    def test_ties_go_to_the_featured_then_the_most_adapted_then_the_newer_never_the_id(self):
        now = timezone.now()
        same = {"title": "Falls huddle", "published_at": now - timedelta(days=5)}
        newer = study("newer", **{**same, "published_at": now - timedelta(days=1)})
        older = study("older", **same)
        adapted = study("adapted", **same)
        featured = study("featured", **same, featured=True)
        CaseStudy.objects.filter(pk=adapted.pk).update(adaptation_count=2)
        # The id alone would order them otherwise.
        assert older.pk > newer.pk
        assert featured.pk > adapted.pk

        assert ranked("falls huddle") == ["featured", "adapted", "newer", "older"]


class TestBadInput:
    @pytest.mark.parametrize(
        ("text", "notice"),
        [
            ("the and of", "only words such as “how”, “the” or “best”"),
            ("how to best", "only words such as “how”, “the” or “best”"),
            ("?! … ***", "no letters or numbers"),
        ],
    )
    def test_a_search_with_nothing_to_look_for_shows_every_case_study_and_says_why(
        self, client, care_homes, text, notice
    ):
        response = client.get(LIST, {"q": text})

        assert response.status_code == 200
        assert notice in response.content.decode()
        assert len(shown(response)[0]) == 4

    @pytest.mark.parametrize(
        "text",
        [
            "falls care homes night " * 100,
            " ".join(f"word{n}x" for n in range(400)),
            "fals & !care | homes:* <-> (x night",
            "-falls -homes",
            '"care homes" -care',
            "falls or or -",
        ],
    )
    def test_long_or_odd_searches_give_a_normal_page_in_a_fixed_number_of_queries(
        self, client, care_homes, text, django_assert_max_num_queries
    ):
        # Counting, the ranking (with any near matches), the cards and two prefetches, the names
        # of the terms of each facet (four), the vocabulary and the library's words.
        with django_assert_max_num_queries(12):
            response = client.get(LIST, {"q": text})

        assert response.status_code == 200
        understood = search.understood(search.clean_query(text))
        assert len(understood.required) <= 12
        assert all(len(term) <= 12 for term in understood.required)
