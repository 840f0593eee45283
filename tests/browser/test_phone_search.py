"""Searching the library on a phone: the first result is in the first screenful, the filters
fold away behind "Filter (n active)" (a details element, so it works without JavaScript), a
skip link leads to the results, and with JavaScript ticked filters still apply at once."""

import re

import pytest
from playwright.sync_api import expect

from tests.casestudies.factories import CaseStudyFactory, TopicFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def library(live):
    topics = [TopicFactory(name=f"Topic {n:02d}") for n in range(30)]
    flow, safety = TopicFactory(name="Patient flow"), TopicFactory(name="Patient safety")
    for n, topic in enumerate(topics):
        CaseStudyFactory(title=f"Work number {n}", topics=[topic, flow])
    CaseStudyFactory(title="Fewer falls on wards", topics=[safety, flow])
    return flow


def test_on_a_phone_the_first_result_is_in_the_first_screenful(any_page, live, library):
    page = any_page
    page.set_viewport_size(PHONE)
    page.goto(live("/case-studies/?topic=patient-flow"))

    expect(page.get_by_text("Filter (1 active)")).to_be_visible()
    expect(page.get_by_label("Patient safety (1 case study)")).to_be_hidden()
    first = page.locator(".portal-card").first
    expect(first).to_be_visible()
    page.screenshot(path=f"/tmp/home-phone-library-{'js' if page.javascript else 'nojs'}.png", full_page=True)
    box = first.bounding_box()
    assert box is not None
    # Its heading and the start of its summary show without scrolling.
    assert box["y"] + 80 < PHONE["height"], box


def test_on_a_phone_the_folded_filters_open_and_apply(any_page, live, library):
    page = any_page
    page.set_viewport_size(PHONE)
    page.goto(live("/case-studies/?topic=patient-flow"))

    page.get_by_text("Filter (1 active)").click()
    page.get_by_label("Patient safety (1 case study)").check()
    if not page.javascript:
        page.get_by_role("button", name="Search and filter").click()

    expect(page).to_have_url(re.compile(r"topic=patient-safety"))
    expect(page.get_by_role("link", name="Fewer falls on wards")).to_be_visible()
    expect(page.get_by_text("Filter (2 active)")).to_be_visible()
    if page.javascript:
        # Swapped in place, the filters stay open as the member left them.
        expect(page.get_by_label("Topic 01 (1 case study)")).to_be_visible()
    assert page.console_errors == []


def test_the_skip_link_leads_to_the_results_by_keyboard(any_page, live, library):
    page = any_page
    page.set_viewport_size(PHONE)
    page.goto(live("/case-studies/"))

    page.get_by_role("link", name="Skip to results").focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"#results$"))


def test_on_a_wide_screen_the_filters_are_open_beside_the_results(page, live, library):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live("/case-studies/"))

    expect(page.get_by_label("Patient safety (1 case study)")).to_be_visible()
    expect(page.get_by_text("Filter (0 active)")).to_be_hidden()
    page.screenshot(path="/tmp/home-wide-library.png", full_page=True)
