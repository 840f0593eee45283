"""Journey 3: a member submits a case study; a curator asks for changes; the member fixes it and
resubmits; the curator publishes it; a visitor finds it by searching. With JavaScript and without."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import new_page, sign_in
from tests.casestudies.factories import CareSettingFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.members.mfa import turn_on_totp

pytestmark = pytest.mark.browser

TITLE = "Theatre lists that start on time"


def open_from_list(page: Page, address: str) -> None:
    page.goto(address)
    page.get_by_role("link", name=TITLE).first.click()


def decide(page: Page, live, decision: str, message: str = "") -> None:
    open_from_list(page, live("/review/"))
    page.get_by_label(decision).check()
    if message:
        page.get_by_label("Message to the authors").fill(message)
    page.get_by_role("button", name="Record decision").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_submission_goes_through_review_to_publication_and_is_found(browser: Browser, live, javascript):
    TopicFactory(name="Patient flow", slug="patient-flow")
    CareSettingFactory(name="Acute hospital", slug="acute-hospital")
    member, curator = UserFactory(), UserFactory(is_staff=True)
    turn_on_totp(curator)
    author, reviewer, visitor = (new_page(browser, javascript=javascript) for _ in range(3))
    sign_in(author, member)
    sign_in(reviewer, curator)

    author.goto(live("/case-studies/new/"))
    author.get_by_label("Title", exact=True).first.fill(TITLE)
    author.get_by_label("Summary").fill("Surgical teams agreed a huddle at 7.45 and a checklist.")
    author.get_by_label("The problem and its context").fill("Lists started late most days.")
    author.get_by_label("What you did").fill("Daily huddles, tested in PDSA cycles.")
    author.get_by_label("Results and impact").fill("Late starts fell.")
    author.get_by_label("Lessons learned").fill("Agree the start time together.")
    author.get_by_label("Patient flow").check()
    author.get_by_label("Acute hospital").check()
    author.get_by_role("button", name="Submit for review").click()
    expect(author.get_by_text("Submitted for review").first).to_be_visible()

    decide(reviewer, live, "Ask the authors for changes", "Please give the numbers for late starts.")

    open_from_list(author, live("/me/case-studies/"))
    if author.get_by_role("link", name="Edit and resubmit").count():
        author.get_by_role("link", name="Edit and resubmit").click()
    author.get_by_label("Results and impact").fill("Late starts fell from 62% of lists to 9% in twelve weeks.")
    author.get_by_role("button", name="Submit for review").click()
    expect(author.get_by_text("Submitted for review").first).to_be_visible()

    decide(reviewer, live, "Publish it")
    expect(reviewer.get_by_text("Published").first).to_be_visible()

    visitor.goto(live("/case-studies/"))
    visitor.get_by_label("Search case studies").fill("theatre lists late starts")
    visitor.get_by_role("button", name="Search and filter").click()
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_text("Late starts fell from 62% of lists to 9% in twelve weeks.")).to_be_visible()

    for page in (author, reviewer, visitor):
        assert page.dialogs == []
        page.context.close()
