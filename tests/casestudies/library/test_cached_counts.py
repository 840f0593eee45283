"""Facet counts when browsing are cached, and every change to the library retires them once committed."""

from unittest.mock import patch

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casestudies.library import browse, counting
from casestudies.library.models import CaseStudy, Status
from tests.casestudies.factories import CareSettingFactory, CaseStudyFactory, OrganisationFactory, TopicFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db
LIST = reverse("casestudies:list")


def topic_counts(client, **params) -> dict[str, int]:
    response = client.get(LIST, params)
    facet = next(f for f in response.context["facets"] if f.facet.parameter == "topic")
    return {value.slug: value.count for value in facet.values}


@pytest.fixture
def flow():
    topic = TopicFactory(name="Patient flow")
    CaseStudyFactory(topics=[topic])
    return topic


def test_browsing_again_reads_the_facet_counts_from_the_cache(client, flow, django_assert_max_num_queries):
    client.get(LIST)

    # The page of cards and its two prefetches; not the query that counts the results and facets.
    with django_assert_max_num_queries(3):
        response = client.get(LIST)

    assert len(response.context["facets"]) == 6  # topic, setting, approach, region, benefit, evidence


def test_a_newly_published_case_study_is_counted_once_committed(client, flow, django_capture_on_commit_callbacks):
    assert topic_counts(client) == {"patient-flow": 1}

    with django_capture_on_commit_callbacks(execute=True):
        draft = CaseStudyFactory(topics=[flow], status=Status.DRAFT)
    assert topic_counts(client) == {"patient-flow": 1}

    with django_capture_on_commit_callbacks(execute=True):
        draft.status = Status.PUBLISHED
        draft.save()
    assert topic_counts(client) == {"patient-flow": 2}


def test_a_deleted_case_study_or_term_is_no_longer_counted(client, flow, django_capture_on_commit_callbacks):
    setting = CareSettingFactory(name="Community")
    with django_capture_on_commit_callbacks(execute=True):
        CaseStudyFactory(topics=[flow], care_settings=[setting])
    assert topic_counts(client) == {"patient-flow": 2}
    assert topic_counts(client, setting="community") == {"patient-flow": 1}

    with django_capture_on_commit_callbacks(execute=True):
        CaseStudy.objects.filter(care_settings=setting).delete()
    assert topic_counts(client) == {"patient-flow": 1}

    with django_capture_on_commit_callbacks(execute=True):
        flow.delete()
    assert topic_counts(client) == {}


def test_a_change_not_yet_committed_leaves_the_cached_counts_in_place(client, flow):
    # The test's transaction never commits, so nothing is retired: no one counts uncommitted rows.
    before = topic_counts(client)
    CaseStudyFactory(topics=[flow])

    assert topic_counts(client) == before


def test_a_narrow_search_is_counted_afresh_every_time(client, flow):
    assert topic_counts(client, q="flow") == {"patient-flow": 1}

    CaseStudyFactory(topics=[flow], title="Flow again")

    assert topic_counts(client, q="flow") == {"patient-flow": 2}


@pytest.fixture
def broad_from_two(monkeypatch):
    monkeypatch.setattr(counting, "SEARCH_COUNTS_CACHED_FROM", 2)


def test_a_broad_search_is_counted_once_until_the_library_changes(
    client, flow, broad_from_two, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        CaseStudyFactory(topics=[flow], title="Flow again")
    assert topic_counts(client, q="flow") == {"patient-flow": 2}

    # The page of cards and its two prefetches; not the query that counts the results and facets.
    with django_assert_max_num_queries(3):
        client.get(LIST, {"q": "flow"})

    with django_capture_on_commit_callbacks(execute=True):
        CaseStudyFactory(topics=[flow], title="Flow once more")
    assert topic_counts(client, q="flow") == {"patient-flow": 3}


def test_each_search_text_and_filter_has_its_own_cached_counts(client, flow, broad_from_two):
    setting = CareSettingFactory(name="Community")
    CaseStudyFactory(topics=[flow], care_settings=[setting], title="Community falls clinic")
    CaseStudyFactory(topics=[flow], title="Community discharge lounge")
    CaseStudyFactory(topics=[flow], title="Discharge to assess")
    CaseStudyFactory(topics=[flow], title="Discharge hub")
    assert topic_counts(client, q="community") == {"patient-flow": 2}

    assert topic_counts(client, q="discharge") == {"patient-flow": 3}
    assert topic_counts(client, q="community", setting="community") == {"patient-flow": 1}
    assert topic_counts(client, q="community") == {"patient-flow": 2}


def test_a_renamed_term_is_listed_under_its_new_name_at_once(client, flow):
    assert browse.terms(type(flow)) == [(flow.pk, "patient-flow", "Patient flow")]

    flow.name = "Flow through hospital"
    flow.save()

    assert browse.terms(type(flow)) == [(flow.pk, "patient-flow", "Flow through hospital")]


def test_saving_what_is_not_a_term_leaves_the_cached_terms_alone(flow):
    with patch.object(cache, "delete", wraps=cache.delete) as delete:
        OrganisationFactory()
        member = UserFactory()
        member.save()

    assert delete.call_args_list == []


def test_a_phrase_is_counted_and_ranked_once_until_the_library_changes_however_few_it_matches(
    client, flow, django_capture_on_commit_callbacks
):
    """Matching a phrase reads every case study holding its words, however few match, so its
    answers are kept as a broad search's are."""
    with django_capture_on_commit_callbacks(execute=True):
        for title in ("Waiting list validation", "A list of people waiting", "Waiting list clinics"):
            CaseStudyFactory(topics=[flow], title=title)
    assert topic_counts(client, q='"waiting list"') == {"patient-flow": 2}

    with CaptureQueriesContext(connection) as again:
        response = client.get(LIST, {"q": '"waiting list"'})

    assert sorted(card.title for card in response.context["page"].object_list) == [
        "Waiting list clinics",
        "Waiting list validation",
    ]
    # Only the page of cards (with their snippets) and its prefetches: no statement matches the phrase.
    assert not [query for query in again.captured_queries if "@@" in query["sql"] or "ts_rank" in query["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        CaseStudyFactory(topics=[flow], title="The waiting list halved")
    assert topic_counts(client, q='"waiting list"') == {"patient-flow": 3}


def test_a_search_reads_positions_when_it_has_a_phrase_or_a_form_of_several_words():
    from casestudies.library.search import reads_positions

    assert reads_positions('"waiting list"')
    assert reads_positions("follow-up")
    assert not reads_positions("flow")
    assert not reads_positions('"flow" -lounge')
