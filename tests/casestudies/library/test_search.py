import pytest
from django.db import connection

from casestudies.library import search
from casestudies.library.models import CaseStudy
from tests.casestudies.factories import NEUTRAL, CaseStudyFactory, OutcomeMeasureFactory, TopicFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_vocabulary")]


def found(text: str) -> list[str]:
    return list(search.search(CaseStudy.objects.published(), search.clean_query(text)).values_list("slug", flat=True))


class TestRanking:
    def test_a_title_match_ranks_above_a_match_in_the_sections(self):
        CaseStudyFactory(slug="body", title="Ward changes", **{**NEUTRAL, "actions": "We reduced discharge delays."})
        CaseStudyFactory(slug="title", title="Discharge delays halved", **NEUTRAL)
        assert found("discharge delays") == ["title", "body"]

    def test_a_summary_match_ranks_above_a_section_match(self):
        CaseStudyFactory(slug="section", title="One", **{**NEUTRAL, "lessons": "Frailty teams need time."})
        CaseStudyFactory(slug="summary", title="Two", **{**NEUTRAL, "summary": "A frailty team at the front door."})
        assert found("frailty") == ["summary", "section"]

    def test_an_exact_title_match_comes_first(self):
        CaseStudyFactory(slug="partial", title="Falls prevention falls falls", **NEUTRAL)
        CaseStudyFactory(slug="exact", title="Falls prevention", **NEUTRAL)
        assert found("falls prevention")[0] == "exact"

    def test_outcome_measures_and_taxonomy_names_are_searchable(self):
        case_study = CaseStudyFactory(
            slug="measured", title="One", topics=[TopicFactory(name="Medicines safety")], **NEUTRAL
        )
        OutcomeMeasureFactory(case_study=case_study, label="Prescribing errors")
        assert found("prescribing errors") == ["measured"]
        assert found("medicines") == ["measured"]


class TestLanguage:
    @pytest.mark.parametrize(
        ("query", "text"), [("reduced", "reducing"), ("waits", "waiting"), ("discharging", "discharge")]
    )
    def test_stemming_finds_other_forms_of_a_word(self, query, text):
        CaseStudyFactory(slug="stemmed", **{**NEUTRAL, "actions": f"We were {text} things."})
        assert found(query) == ["stemmed"]

    def test_a_quoted_phrase_needs_the_words_together(self):
        CaseStudyFactory(slug="together", **{**NEUTRAL, "actions": "We redesigned the patient pathway."})
        CaseStudyFactory(slug="apart", **{**NEUTRAL, "actions": "The pathway for every patient changed."})
        assert found('"patient pathway"') == ["together"]

    def test_a_minus_sign_excludes_a_word(self):
        CaseStudyFactory(slug="wards", **{**NEUTRAL, "actions": "Falls on wards."})
        CaseStudyFactory(slug="homes", **{**NEUTRAL, "actions": "Falls in care homes."})
        assert found("falls -homes") == ["wards"]

    def test_or_finds_either_word(self):
        CaseStudyFactory(slug="sepsis", **{**NEUTRAL, "actions": "Sepsis screening."})
        CaseStudyFactory(slug="stroke", **{**NEUTRAL, "actions": "Stroke thrombolysis."})
        CaseStudyFactory(slug="neither", **NEUTRAL)
        assert set(found("sepsis or stroke")) == {"sepsis", "stroke"}


class TestSynonyms:
    @pytest.mark.parametrize(
        ("written", "searched"),
        [
            ("We ran PDSA cycles.", "plan-do-study-act"),
            ("We ran plan-do-study-act cycles.", "PDSA"),
            ("We ran plan do study act cycles.", "pdsa"),
            ("A quality improvement programme.", "QI"),
            ("A QI programme.", "quality improvement"),
            ("Waits in A&E fell.", "emergency department"),
            ("Waits in the emergency department fell.", "A&E"),
            ("Waits in the ED fell.", "emergency department"),
            ("We used SPC charts.", "statistical process control"),
            ("Statistical process control charts.", "SPC"),
            ("Trained in VMPS.", "Virginia Mason"),
            ("Trained in the Virginia Mason method.", "VMPS"),
        ],
    )
    def test_either_name_finds_both(self, written, searched):
        CaseStudyFactory(slug="match", **{**NEUTRAL, "actions": written})
        CaseStudyFactory(slug="other", **NEUTRAL)
        assert found(searched) == ["match"]

    def test_a_synonym_keeps_the_rest_of_the_query(self):
        CaseStudyFactory(slug="both", **{**NEUTRAL, "actions": "PDSA cycles on falls."})
        CaseStudyFactory(slug="only-pdsa", **{**NEUTRAL, "actions": "PDSA cycles on sepsis."})
        assert found("plan-do-study-act falls") == ["both"]


class TestOddInput:
    @pytest.mark.parametrize(
        "text",
        [
            "!!! ??? ***",
            "'; DROP TABLE casestudies_casestudy; --",
            "a & | ! <-> ( ) :* b",
            "x" * 2000,
            "\x00 null byte",
            "(((((",
            "the and of",
        ],
    )
    def test_any_text_searches_without_error(self, text):
        CaseStudyFactory()
        found(text)


class TestSuggestions:
    def test_a_misspelt_word_suggests_the_library_s_word(self):
        CaseStudyFactory(**{**NEUTRAL, "actions": "Better discharge planning."})
        suggestion = search.suggest("dischrage planning")
        assert suggestion is not None
        assert suggestion.text == "discharge planning"

    def test_drafts_do_not_lend_their_words_to_suggestions(self):
        from casestudies.library.models import Status

        CaseStudyFactory(status=Status.DRAFT, **{**NEUTRAL, "actions": "Confidential xylophone project."})
        CaseStudyFactory()
        assert search.suggest("xylophon") is None

    def test_correct_words_get_no_suggestion(self):
        CaseStudyFactory(**{**NEUTRAL, "actions": "Better discharge planning."})
        assert search.suggest("discharge") is None


class TestSnippets:
    def test_matched_words_are_marked_and_no_markup_gets_through(self):
        CaseStudyFactory(summary="Falls fell <b>a lot</b> on the wards & corridors.")
        row = search.with_snippets(search.search(CaseStudy.objects.published(), "falls"), "falls").get()
        html = search.snippet_html(row.snippet_marked)
        assert "<mark>Falls</mark>" in html
        assert "<b>" not in html
        assert "&amp; corridors" in html


def test_the_search_uses_the_gin_index_on_a_large_library():
    """Enough rows that the planner prefers the index to reading the table."""
    CaseStudyFactory(title="Needle in the haystack", slug="needle")
    rows = [
        CaseStudy(
            title=f"Routine study {n}",
            slug=f"routine-{n}",
            summary=f"Ordinary work on ward {n} to improve the flow of patients through the service.",
            status="published",
        )
        for n in range(3000)
    ]
    CaseStudy.objects.bulk_create(rows, batch_size=1000)
    search.search_vectors_refresh(case_study_ids=CaseStudy.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casestudies_casestudy")
    queryset = search.search(CaseStudy.objects.published(), "haystack")
    plan = queryset.explain()
    assert "casestudy_search_gin" in plan
    assert list(queryset.values_list("slug", flat=True)) == ["needle"]
