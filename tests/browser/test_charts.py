"""Charts of measures over time, as a person sees and hears them: on a wide screen and a phone,
by axe, with the summary read first and the data as a table."""

import itertools
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page

from casestudies.library.models import MeasurePoint
from tests.browser.axe import assert_accessible
from tests.casestudies.factories import CaseStudyFactory, OutcomeMeasureFactory

pytestmark = pytest.mark.browser

# Screenshots are kept where CHART_SCREENSHOTS points, for a person to look at; nowhere otherwise.
SHOTS = os.environ.get("CHART_SCREENSHOTS", "")
FALLS = [8, 9, 7, 8, 10, 9, 8, 9, 7, 8, 9, 5, 4, 5, 3, 4, 5, 4, 3, 4, 5, 4, 4, 3]


@pytest.fixture
def charted(live):
    case_study = CaseStudyFactory(title="Fewer falls on ward 7", slug="fewer-falls")
    falls = OutcomeMeasureFactory(
        case_study=case_study,
        label="Falls a week",
        before=8,
        after=4,
        unit="falls",
        better="lower",
        change_from=date(2026, 3, 23),
    )
    MeasurePoint.objects.bulk_create(
        MeasurePoint(
            measure=falls,
            on=date(2026, 1, 5) + timedelta(weeks=week),
            value=value,
            note="Safety huddle started" if week == 11 else "",
        )
        for week, value in enumerate(FALLS)
    )
    steady = OutcomeMeasureFactory(
        case_study=case_study, label="Staff who feel safe", before=61, after=63, unit="%", better="higher", position=1
    )
    MeasurePoint.objects.bulk_create(
        MeasurePoint(measure=steady, on=date(2025, 1, 1).replace(month=1 + m % 12, year=2025 + m // 12), value=v)
        for m, v in enumerate([61, 64, 60, 62, 63, 59, 62, 64, 61, 60, 63, 62, 61, 63, 60, 62, 64, 61])
    )
    return case_study


def shoot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_chart_reads_first_as_a_sentence_then_as_a_drawing_and_a_table(page, live, charted, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live(charted.get_absolute_url()))

    drawing = page.locator("svg.portal-chart__svg:visible").first
    assert drawing.get_attribute("role") == "img"
    name = page.evaluate(
        "(el) => el.getAttribute('aria-labelledby').split(' ')"
        ".map(id => document.getElementById(id).textContent).join(' ')",
        drawing.element_handle(),
    )
    assert "Falls a week (falls): SPC chart (XmR)" in name
    assert "sustained improvement, a shift below the baseline mean from 23 Mar 2026, sustained for 13 weeks" in name
    assert page.locator("svg.portal-chart__svg:visible").count() == 2  # one drawing per chart at this width
    box = drawing.bounding_box()
    assert 300 < box["width"] <= width
    assert drawing.locator(".portal-chart__point--improvement").count() >= 7  # signals marked by shape
    assert page.console_errors == []  # nothing refused by the CSP

    page.get_by_text("Data for falls a week (falls)").click()
    assert page.locator("table.portal-chart__table").first.locator("tbody tr").count() == 24
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing runs off the side
    shoot(page, f"chart-{width}")
    assert_accessible(page)


def test_the_data_page_is_accessible_with_its_errors(page, live, charted):
    from tests.browser.conftest import sign_in

    author = charted.authors.get().member
    sign_in(page, author)
    charted.status = "draft"
    charted.save()
    measure = charted.outcomes.first()
    page.goto(live(f"/case-studies/{charted.slug}/measures/{measure.pk}/data/"))
    page.get_by_label("Paste from a spreadsheet").fill("2026-01-05,3\n31/02/2026,4\n2026-01-19,")
    page.get_by_role("button", name="Save the data").click()

    assert "Row 2: “31/02/2026” is not a date we can read" in page.content()
    shoot(page, "data-page-errors")
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_spread_page_shows_the_chain_s_charts_small_and_accessible(page, live, charted, width):
    from tests.casestudies.factories import AdaptationFactory

    adapted = CaseStudyFactory(title="Fewer falls on ward 9", slug="fewer-falls-9")
    falls = OutcomeMeasureFactory(case_study=adapted, label="Falls a week", before=11, after=6, unit="falls")
    MeasurePoint.objects.bulk_create(
        MeasurePoint(measure=falls, on=date(2026, 2, 2) + timedelta(weeks=week), value=value)
        for week, value in enumerate([11, 12, 10, 11, 13, 12, 11, 12, 10, 11, 12, 11])
    )
    AdaptationFactory(case_study=charted, adapted_as=adapted, organisation="Ward 9", status="spreading")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live("/case-studies/fewer-falls-9/spread/"))

    small = page.locator(".portal-charts-row figure")
    assert small.count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    small.first.scroll_into_view_if_needed()
    shoot(page, f"spread-{width}")
    assert_accessible(page)


@pytest.fixture
def hundred_weeks(live):
    case_study = CaseStudyFactory(title="Fewer falls across the trust", slug="fewer-falls-trust")
    falls = OutcomeMeasureFactory(
        case_study=case_study, label="Falls a week", unit="falls", better="lower", change_from=date(2018, 9, 4)
    )
    MeasurePoint.objects.bulk_create(
        MeasurePoint(measure=falls, on=date(2017, 9, 26) + timedelta(weeks=week), value=value)
        for week, value in enumerate([9 + (w * 7) % 5 for w in range(50)] + [4 + (w * 3) % 3 for w in range(50)])
    )
    return case_study


@pytest.mark.parametrize("width", [1280, 390])
def test_a_hundred_point_chart_s_dates_do_not_overlap_as_drawn(page, live, hundred_weeks, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live(hundred_weeks.get_absolute_url()))
    drawing = page.locator("svg.portal-chart__svg:visible").first
    drawing.scroll_into_view_if_needed()
    shoot(page, f"chart-100-{width}")

    # The x axis's labels, as the browser lays them out: the axis texts on the lowest line.
    boxes = page.evaluate(
        """(svg) => {
            const texts = [...svg.querySelectorAll('.portal-chart__axis-text text')];
            const lowest = Math.max(...texts.map(t => +t.getAttribute('y')));
            return texts.filter(t => +t.getAttribute('y') === lowest)
                .map(t => { const b = t.getBoundingClientRect(); return [b.left, b.right, t.textContent]; });
        }""",
        drawing.element_handle(),
    )
    assert boxes[0][2].startswith("26 Sep")  # the first date, and the last
    assert boxes[-1][2].startswith("20 Aug")
    for (_, right, text), (left, _, after) in itertools.pairwise(sorted(boxes)):
        assert left > right, f"{text!r} and {after!r} overlap"
    svg_box = drawing.bounding_box()
    assert svg_box["x"] <= boxes[0][0]
    assert boxes[-1][1] <= svg_box["x"] + svg_box["width"] + 1
