"""The judged queries of bench/search_judgements.json, over the demo library and through the
library page: the floor that a change to search or ranking cannot silently lower.

`make bench` reports the same figures in the README (bench/relevance.py)."""

import pytest

from bench import relevance
from casestudies import demo as library_demo
from members import demo as members_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(seeded_vocabulary) -> dict:
    members_demo.seed()
    library_demo.seed()
    return relevance.measure()


def test_the_judged_set_has_forty_queries_of_every_kind_people_type():
    judgements = relevance.judgements()
    assert len(judgements) >= 40
    assert {"question", "abbreviation", "synonym", "misspelling", "phrase"} <= {j.kind for j in judgements}


def test_nine_queries_in_ten_show_an_expected_case_study_in_the_first_three(measured):
    missed = [(row["query"], row["shown"][:3]) for row in measured["queries"] if not row["found_in_first_three"]]
    assert measured["summary"]["found_in_first_three"] >= 0.9, missed


def test_no_judged_query_shows_an_empty_page(measured):
    # Every judged query has its case studies in the library, so none may end at nothing.
    assert [row["query"] for row in measured["queries"] if row["no_results"]] == []


def test_the_figures_are_computed_as_documented():
    judgement = relevance.Judgement("q", "plain", expected=("a", "b"), relevant=("c",))
    perfect = relevance.score(judgement, ["a", "b", "c", "x"])
    assert perfect["found_in_first_three"]
    assert perfect["recall_in_first_three"] == 1.0
    assert perfect["ndcg_at_10"] == pytest.approx(1.0)
    late = relevance.score(judgement, ["x", "y", "z", "a"])
    assert not late["found_in_first_three"]
    assert late["recall_in_first_three"] == 0.0
    assert 0 < late["ndcg_at_10"] < 0.5
    assert relevance.score(judgement, [])["no_results"]
