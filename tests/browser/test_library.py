"""The case study library in a real browser: filtering with and without JavaScript, bookmarks
swapped in place, and accessibility scans of the list, search and detail pages."""

import re

import pytest
from playwright.sync_api import expect

from casestudies.library.models import Bookmark
from tests.browser.axe import assert_accessible
from tests.browser.conftest import sign_in
from tests.casestudies.factories import CaseStudyFactory, OutcomeMeasureFactory, TopicFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.browser


def test_a_topic_filter_narrows_the_results_and_keeps_the_address_shareable(any_page, live):
    flow, safety = TopicFactory(name="Patient flow"), TopicFactory(name="Patient safety")
    CaseStudyFactory(title="Faster discharge home", topics=[flow])
    CaseStudyFactory(title="Fewer falls on wards", topics=[safety])
    any_page.goto(live("/case-studies/"))

    any_page.get_by_label("Patient flow (1 case study)").check()
    if not any_page.evaluate("() => document.body.classList.contains('js-enabled')"):
        # Without JavaScript the form is sent with its button; with it, htmx sends it on change.
        any_page.get_by_role("button", name="Search and filter").click()

    expect(any_page.get_by_role("link", name="Fewer falls on wards")).to_have_count(0)
    expect(any_page.get_by_role("link", name="Faster discharge home")).to_be_visible()
    expect(any_page).to_have_url(re.compile(r"/case-studies/\?.*topic=patient-flow"))
    assert any_page.console_errors == []


def test_the_new_results_answer_a_change_the_moment_they_appear(page, live):
    """A keyboard user who ticks a box or picks a sort as soon as the new results appear is
    answered: htmx wires up swapped-in content in the same task that shows it, leaving no moment
    in which a change is lost. The sort is picked in a microtask right after the swap, before any
    timer could run."""
    flow = TopicFactory(name="Patient flow")
    CaseStudyFactory(title="Faster discharge home", topics=[flow])
    CaseStudyFactory(title="Fewer falls on wards")
    page.goto(live("/case-studies/"))
    page.evaluate(PICK_OLDEST_FIRST_AS_SOON_AS_SWAPPED)

    page.get_by_label("Patient flow (1 case study)").check()

    expect(page.get_by_label("Sort by")).to_have_value("oldest")
    expect(page).to_have_url(re.compile(r"topic=patient-flow.*sort=oldest|sort=oldest.*topic=patient-flow"))
    expect(page.get_by_role("link", name="Fewer falls on wards")).to_have_count(0)
    assert page.console_errors == []


PICK_OLDEST_FIRST_AS_SOON_AS_SWAPPED = """() => {
  document.addEventListener("htmx:afterSwap", () => queueMicrotask(() => {
    const sort = document.getElementById("sort");
    sort.value = "oldest";
    sort.dispatchEvent(new Event("change", {bubbles: true}));
  }), {once: true});
}"""


def test_a_search_highlights_matches_and_the_library_pages_are_accessible(page, live):
    topic = TopicFactory(name="Patient flow")
    case_study = CaseStudyFactory(title="Faster discharge home", summary="We cut discharge delays.", topics=[topic])
    OutcomeMeasureFactory(case_study=case_study)
    CaseStudyFactory(title="Discharge planning with families", topics=[topic])

    page.goto(live("/case-studies/?q=discharge"))
    expect(page.locator("mark").first).to_be_visible()
    assert_accessible(page)

    page.goto(live(case_study.get_absolute_url()))
    expect(page.get_by_role("heading", name="Key results")).to_be_visible()
    assert_accessible(page)
    assert page.console_errors == []


def test_saving_a_case_study_swaps_the_button_in_place(page, live):
    member = UserFactory()
    case_study = CaseStudyFactory(title="Faster discharge home")
    sign_in(page, member)
    page.goto(live(case_study.get_absolute_url()))

    page.get_by_role("button", name="Save for later").click()

    expect(page.get_by_role("button", name="Remove from saved")).to_be_visible()
    assert Bookmark.objects.filter(user=member, case_study=case_study).exists()
    assert page.url == live(case_study.get_absolute_url())
    assert page.console_errors == []
