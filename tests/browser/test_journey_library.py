"""Journey 1: a visitor searches for "lead time", narrows by a topic, opens a case study and reads
its outcomes. With JavaScript, without it, and with the keyboard alone."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.keyboard import follow, tab_to
from tests.casestudies.factories import CaseStudyFactory, OutcomeMeasureFactory, TopicFactory

pytestmark = pytest.mark.browser

TITLE = "Pathology results in half the time"


@pytest.fixture
def library(live):
    flow = TopicFactory(name="Patient flow", slug="patient-flow")
    workforce = TopicFactory(name="Workforce", slug="workforce")
    case_study = CaseStudyFactory(
        title=TITLE,
        summary="A pathology network cut the lead time from sample to result by testing changes weekly.",
        topics=[flow],
    )
    OutcomeMeasureFactory(case_study=case_study, label="Process lead time", before=21, after=8, unit="days")
    CaseStudyFactory(
        title="Rotas that staff can plan around",
        summary="Publishing rotas earlier gave staff a longer lead time to plan their lives.",
        topics=[workforce],
    )
    CaseStudyFactory(title="Fewer falls on older people's wards", summary="Hourly rounding.", topics=[flow])
    return case_study


def reads_the_outcomes(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    results = page.get_by_role("region", name="Key results")
    expect(results).to_contain_text("Process lead time")
    expect(results).to_contain_text("21 → 8 days")


def test_a_visitor_finds_a_case_study_by_searching_and_a_topic_and_reads_its_outcomes(any_page, live, library):
    page = any_page
    page.goto(live("/"))

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Case studies").click()
    page.get_by_label("Search case studies").fill("lead time")
    page.get_by_role("button", name="Search and filter").click()
    expect(page.get_by_text("2 case studies found for “lead time”")).to_be_visible()
    page.get_by_label("Patient flow").check()
    if not page.javascript:  # with JavaScript the list updates as soon as the box is ticked
        page.get_by_role("button", name="Search and filter").click()
    expect(page.get_by_text("1 case study found for “lead time”")).to_be_visible()
    page.get_by_role("link", name=TITLE).click()

    reads_the_outcomes(page)
    assert page.console_errors == []


def test_a_visitor_can_do_it_all_with_the_keyboard_alone(page, live, library):
    page.goto(live("/"))

    tab_to(page, "Case studies")
    follow(page)
    tab_to(page, "Search case studies")
    page.keyboard.type("lead time")
    page.keyboard.press("Enter")  # with JavaScript the results update in place
    expect(page.get_by_text("2 case studies found for “lead time”")).to_be_visible()
    tab_to(page, "Patient flow")
    page.keyboard.press("Space")
    expect(page.get_by_text("1 case study found for “lead time”")).to_be_visible()
    tab_to(page, TITLE)
    follow(page)

    reads_the_outcomes(page)
