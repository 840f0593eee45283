import pytest
from django.urls import reverse

from casestudies.library.models import Status
from tests.casestudies.factories import (
    CareSettingFactory,
    CaseStudyFactory,
    ImprovementApproachFactory,
    OrganisationFactory,
    RegionFactory,
    TopicFactory,
    fully_tagged_case_study,
)

pytestmark = pytest.mark.django_db
LIST = reverse("casestudies:list")


def slugs(response) -> list[str]:
    return [case_study.slug for case_study in response.context["page"].object_list]


def counts(response, parameter: str) -> dict[str, int]:
    facet = next(f for f in response.context["facets"] if f.facet.parameter == parameter)
    return {value.slug: value.count for value in facet.values}


@pytest.fixture
def library():
    flow, staff = TopicFactory(name="Patient flow"), TopicFactory(name="Staff wellbeing")
    acute, community = CareSettingFactory(name="Acute hospital"), CareSettingFactory(name="Community")
    lean = ImprovementApproachFactory(name="Lean")
    north = RegionFactory(name="North East")
    CaseStudyFactory(slug="flow-acute", topics=[flow], care_settings=[acute], approaches=[lean], region=north)
    CaseStudyFactory(slug="flow-community", topics=[flow], care_settings=[community])
    CaseStudyFactory(slug="staff-acute", topics=[staff], care_settings=[acute], region=north)
    CaseStudyFactory(slug="draft-flow", topics=[flow], status=Status.DRAFT)


class TestListing:
    def test_lists_published_case_studies_newest_first_with_card_details(self, client):
        organisation = OrganisationFactory(name="Northfield Teaching Hospitals")
        older = CaseStudyFactory(slug="older")
        newer = CaseStudyFactory(slug="newer", organisations=[organisation], topics=[TopicFactory(name="Sepsis")])
        older.published_at = newer.published_at.replace(year=2024)
        older.save()
        response = client.get(LIST)
        assert slugs(response) == ["newer", "older"]
        page = response.content.decode()
        assert "Northfield Teaching Hospitals" in page
        assert "Sepsis" in page
        assert "1 minute read" in page

    def test_oldest_first_reverses_the_order(self, client):
        first, second = CaseStudyFactory(slug="a"), CaseStudyFactory(slug="b")
        first.published_at = second.published_at.replace(year=2020)
        first.save()
        assert slugs(client.get(LIST, {"sort": "oldest"})) == ["a", "b"]

    def test_the_page_is_paginated_by_twenty(self, client):
        for _ in range(21):
            CaseStudyFactory()
        first, second = client.get(LIST), client.get(LIST, {"page": 2})
        assert len(slugs(first)) == 20
        assert len(slugs(second)) == 1
        assert "page=2" in first.content.decode()

    def test_htmx_requests_get_only_the_results_region(self, client):
        CaseStudyFactory(slug="one")
        response = client.get(LIST, headers={"HX-Request": "true"})
        assert response.status_code == 200
        html = response.content.decode()
        assert html.lstrip().startswith('<div id="library"')
        assert "<html" not in html


class TestFacets:
    def test_one_facet_value_filters_and_counts_what_each_value_would_give(self, client, library):
        response = client.get(LIST, {"topic": "patient-flow"})
        assert sorted(slugs(response)) == ["flow-acute", "flow-community"]
        # Counts for a facet ignore that facet's own choice (OR within it) but apply the others.
        assert counts(response, "topic") == {"patient-flow": 2, "staff-wellbeing": 1}
        assert counts(response, "setting") == {"acute-hospital": 1, "community": 1}
        assert counts(response, "region") == {"north-east": 1}

    def test_values_of_one_facet_combine_with_or(self, client, library):
        response = client.get(LIST, {"setting": ["acute-hospital", "community"]})
        assert sorted(slugs(response)) == ["flow-acute", "flow-community", "staff-acute"]

    def test_facets_combine_with_and(self, client, library):
        response = client.get(LIST, {"topic": "patient-flow", "setting": "acute-hospital"})
        assert slugs(response) == ["flow-acute"]
        assert counts(response, "approach") == {"lean": 1}

    def test_drafts_are_never_counted(self, client, library):
        response = client.get(LIST)
        assert counts(response, "topic")["patient-flow"] == 2

    def test_active_filters_are_listed_with_links_that_remove_them(self, client, library):
        response = client.get(LIST, {"topic": "patient-flow", "setting": "acute-hospital"})
        filters = response.context["active_filters"]
        assert [(f.label, f.name) for f in filters] == [("Topic", "Patient flow"), ("Care setting", "Acute hospital")]
        assert filters[0].remove_url == "?setting=acute-hospital"
        assert "Clear all filters" in response.content.decode()

    def test_an_empty_result_says_so_and_offers_to_clear(self, client, library):
        response = client.get(LIST, {"topic": "staff-wellbeing", "setting": "community"})
        html = response.content.decode()
        assert slugs(response) == []
        assert "No case studies match" in html
        assert "Clear the search and all filters" in html

    def test_search_and_facets_combine(self, client, library):
        CaseStudyFactory(slug="flow-sepsis", topics=[TopicFactory(slug="patient-flow")], actions="Sepsis screening.")
        response = client.get(LIST, {"q": "sepsis", "topic": "patient-flow"})
        assert slugs(response) == ["flow-sepsis"]
        assert counts(response, "topic") == {"patient-flow": 1}


class TestSearchPage:
    def test_results_show_highlighted_snippets(self, client):
        CaseStudyFactory(summary="We cut falls on three wards.")
        html = client.get(LIST, {"q": "falls"}).content.decode()
        assert "<mark>falls</mark>" in html

    def test_relevance_is_the_default_order_for_a_search(self, client):
        CaseStudyFactory(slug="body", title="Ward work", actions="Handover improved.")
        CaseStudyFactory(slug="title", title="Better handover")
        response = client.get(LIST, {"q": "handover"})
        assert response.context["query"].sort == "relevance"
        assert slugs(response) == ["title", "body"]

    def test_a_search_that_finds_nothing_suggests_a_close_word(self, client):
        CaseStudyFactory(actions="Better discharge planning.")
        response = client.get(LIST, {"q": "dischrage"})
        assert slugs(response) == []
        assert "Did you mean" in response.content.decode()
        assert response.context["suggestion"].text == "discharge"


class TestBadInput:
    @pytest.mark.parametrize(
        ("params", "notice"),
        [
            ({"topic": "no-such-topic"}, "There is no topic called “no-such-topic”"),
            ({"region": "<script>"}, "There is no region called"),
            ({"page": "abc"}, "not a number"),
            ({"page": "999"}, "so the last page is shown"),
            ({"page": "-3"}, "start at 1"),
            ({"page": "1e99999"}, "not a number"),
            ({"q": "x" * 2000}, "shortened to its first 200 characters"),
            ({"q": "!!! ??? ((( )))"}, "no letters or numbers"),
            ({"sort": "price"}, "not one we know"),
            ({"topic": [f"t{n}" for n in range(30)]}, "Only the first 20 topic filters"),
        ],
    )
    def test_bad_query_strings_give_a_normal_page_with_a_message(self, client, params, notice):
        CaseStudyFactory()
        response = client.get(LIST, params)
        assert response.status_code == 200
        assert notice in response.content.decode()

    @pytest.mark.parametrize(
        "text",
        [
            "'; DROP TABLE casestudies_casestudy; --",
            "a & | ! <-> :* b",
            "falls -",
            '"unclosed phrase',
            "or or or",
        ],
    )
    def test_operators_and_sql_in_a_search_give_a_normal_page(self, client, text):
        CaseStudyFactory()
        assert client.get(LIST, {"q": text}).status_code == 200

    def test_a_nul_byte_in_a_search_is_refused_with_a_message(self, client):
        # PostgreSQL cannot store or compare it; tests/security/test_refused_characters.py covers every address.
        response = client.get(LIST, {"q": "falls\x00"})
        assert response.status_code == 400
        assert "NUL byte" in response.content.decode()

    def test_an_unknown_slug_is_ignored_but_known_ones_still_filter(self, client, library):
        response = client.get(LIST, {"topic": ["patient-flow", "nope"]})
        assert sorted(slugs(response)) == ["flow-acute", "flow-community"]


class TestQueryCounts:
    def test_the_list_page_runs_a_fixed_number_of_queries(self, client, django_assert_max_num_queries):
        for n in range(25):
            fully_tagged_case_study(n)
        with django_assert_max_num_queries(8):
            client.get(LIST)
        with django_assert_max_num_queries(9):
            client.get(LIST, {"q": "falls", "topic": "topic-1", "page": "2"})

    def test_a_search_with_no_results_runs_a_fixed_number_of_queries(self, client, django_assert_max_num_queries):
        CaseStudyFactory()
        with django_assert_max_num_queries(9):
            client.get(LIST, {"q": "zzzzqqq"})
