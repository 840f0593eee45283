"""The library uses the series: an evidence facet, small charts on the spread page, series in the API."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from casestudies.library import series
from casestudies.library.models import Evidence
from tests.casestudies.factories import AdaptationFactory, CaseStudyFactory, OutcomeMeasureFactory

pytestmark = pytest.mark.django_db

START = date(2026, 1, 5)
IMPROVED = [8, 9, 7, 8, 10, 9, 8, 9, 7, 8, 9, 5, 4, 5, 3, 4, 5, 4, 3, 4, 5, 4, 4, 3]
STEADY = [61, 64, 60, 62, 63, 59, 62, 64, 61, 60, 63, 62, 61, 63, 60, 62, 64, 61]


def give_series(measure, values, *, change_from=None, better="lower"):
    points = [series.Point(START + timedelta(weeks=week), value) for week, value in enumerate(values)]
    series.series_replace(measure=measure, points=points, change_from=change_from, better=better)


@pytest.fixture
def library():
    """One case study of each kind of evidence, and one with no measures at all."""
    sustained = CaseStudyFactory(title="Sustained falls")
    give_series(OutcomeMeasureFactory(case_study=sustained, unit="falls"), IMPROVED, change_from=date(2026, 3, 23))
    charted = CaseStudyFactory(title="Charted, no signal")
    give_series(OutcomeMeasureFactory(case_study=charted, unit="falls"), STEADY, better="higher")
    before_after = CaseStudyFactory(title="Two numbers")
    OutcomeMeasureFactory(case_study=before_after)
    nothing = CaseStudyFactory(title="No measures")
    return sustained, charted, before_after, nothing


def test_each_case_study_s_evidence_follows_its_series(library):
    for case_study in library:
        case_study.refresh_from_db()
    assert [case_study.evidence for case_study in library] == [
        Evidence.SUSTAINED,
        Evidence.SERIES,
        Evidence.BEFORE_AFTER,
        "",
    ]


def test_removing_a_series_or_its_measure_changes_the_evidence(library):
    sustained, charted, *_ = library
    series.series_replace(measure=sustained.outcomes.get(), points=[], change_from=None, better="lower")
    charted.outcomes.get().delete()

    sustained.refresh_from_db()
    charted.refresh_from_db()
    assert (sustained.evidence, charted.evidence) == (Evidence.BEFORE_AFTER, "")


def test_the_library_offers_the_evidence_facet_with_counts_and_filters_by_it(client, library):
    html = client.get(reverse("casestudies:list")).content.decode()
    for value, label in Evidence.choices:
        assert f'for="evidence-{value}">{label} <span class="portal-meta">(1<' in html

    filtered = client.get(reverse("casestudies:list"), {"evidence": "sustained-improvement"}).content.decode()
    assert "Sustained falls" in filtered
    assert "Charted, no signal" not in filtered
    assert "Two numbers" not in filtered
    assert "Sustained improvement shown</strong>" in filtered  # on the card too


def test_an_unknown_evidence_value_is_explained_and_ignored(client, library):
    html = client.get(reverse("casestudies:list"), {"evidence": "anecdote"}).content.decode()
    assert "There is no evidence called “anecdote”" in html
    assert "Two numbers" in html


def test_the_spread_page_shows_each_adaptation_s_chart_small_on_one_scale_for_one_unit(client, library):
    sustained, charted, *_ = library
    AdaptationFactory(case_study=sustained, adapted_as=charted, organisation="Leeds", status="spreading")

    html = client.get(reverse("casestudies:spread", kwargs={"slug": charted.slug})).content.decode()

    section = html[html.index("Results over time") :]
    assert section.index("Sustained falls") < section.index("Charted, no signal")
    ticks = re.findall(r'<g class="portal-chart__axis-text">(.*?)</g>', section, re.S)
    y_labels = [re.findall(r'dy="0.35em" text-anchor="end">([^<]+)<', block) for block in ticks]
    assert len(y_labels) == 2
    assert y_labels[0] == y_labels[1]


def test_the_api_serves_the_series_its_limits_and_its_signals(client, library):
    sustained, _charted, before_after, _ = library

    detail = client.get(f"/api/v1/case-studies/{sustained.slug}/").json()
    [outcome] = detail["outcomes"]
    data = outcome["series"]

    assert detail["evidence"] == "sustained-improvement"
    assert len(data["points"]) == 24
    assert data["points"][0] == {"date": "2026-01-05", "value": 8.0, "note": ""}
    assert (data["chart"], data["verdict"], data["change_from"]) == ("xmr", "sustained improvement", "2026-03-23")
    assert [period["start"] for period in data["periods"]] == ["2026-01-05", "2026-03-23"]
    assert data["periods"][0]["upper_limit"] > data["periods"][0]["centre"] > data["periods"][0]["lower_limit"]
    [shift] = [signal for signal in data["signals"] if signal["rule"] == "baseline_shift"]
    assert (shift["meaning"], shift["direction"], len(shift["dates"])) == ("improvement", "down", 13)
    assert client.get(f"/api/v1/case-studies/{before_after.slug}/").json()["outcomes"][0]["series"] is None
