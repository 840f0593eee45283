"""Journey 3: a member submits a case study; a curator asks for changes; the member fixes it and
resubmits; the curator publishes it; a visitor finds it by searching. With JavaScript, without it,
and with the keyboard alone."""

import pytest
from playwright.sync_api import Browser, Page, expect

from casestudies.library.models import CaseStudy
from tests.browser.conftest import new_page, sign_in
from tests.browser.keyboard import follow, tab_to
from tests.casestudies.factories import CareSettingFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.members.mfa import turn_on_totp

pytestmark = pytest.mark.browser

TITLE = "Theatre lists that start on time"


def cast(browser: Browser, *, javascript: bool) -> tuple[Page, Page, Page]:
    """The terms the submission uses, and the journey's three pages: a member's (the author), a
    curator's with two-factor sign-in (the reviewer) and a visitor's."""
    TopicFactory(name="Patient flow", slug="patient-flow")
    CareSettingFactory(name="Acute hospital", slug="acute-hospital")
    member, curator = UserFactory(), UserFactory(is_staff=True)
    turn_on_totp(curator)
    author, reviewer, visitor = (new_page(browser, javascript=javascript) for _ in range(3))
    sign_in(author, member)
    sign_in(reviewer, curator)
    return author, reviewer, visitor


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
    author, reviewer, visitor = cast(browser, javascript=javascript)

    author.goto(live("/case-studies/new/?layout=one-page"))
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

    author.goto(live(f"/case-studies/{CaseStudy.objects.get(title=TITLE).slug}/edit/"))
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


def type_into(page: Page, label: str, text: str) -> None:
    tab_to(page, label)
    page.keyboard.press("Control+A")  # replaces what is there, as someone editing would
    page.keyboard.type(text)


def save_through_to_check(page: Page) -> None:
    """From the story, saves each step in turn with its own button until the check step."""
    for heading in ("Results and measures", "People and organisations", "Files and links", "Check and send"):
        tab_to(page, "Save and continue")
        follow(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def decide_by_keyboard(page: Page, live, *, request_changes: str = "") -> None:
    page.goto(live("/review/"))
    tab_to(page, TITLE)
    follow(page)
    # A radio group is one stop for Tab, on its first choice; the arrow keys move to (and pick) the others.
    tab_to(page, "Publish it")
    if request_changes:
        page.keyboard.press("ArrowDown")
        expect(page.get_by_label("Ask the authors for changes")).to_be_checked()
        type_into(page, "Message to the authors", request_changes)
    else:
        page.keyboard.press("Space")
        expect(page.get_by_label("Publish it")).to_be_checked()
    tab_to(page, "Record decision")
    follow(page)


def test_the_whole_review_journey_can_be_done_with_the_keyboard_alone(browser: Browser, live):
    author, reviewer, visitor = cast(browser, javascript=True)

    submit_by_keyboard(author, live)

    decide_by_keyboard(reviewer, live, request_changes="Please give the numbers for late starts.")
    expect(reviewer.get_by_text("Changes to “" + TITLE + "” are requested")).to_be_visible()

    change_and_resubmit_by_keyboard(author, live)

    decide_by_keyboard(reviewer, live)
    expect(reviewer.get_by_text("Published").first).to_be_visible()

    find_by_keyboard(visitor, live)

    for page in (author, reviewer, visitor):
        assert page.dialogs == []
        page.context.close()


def submit_by_keyboard(author, live) -> None:
    """The author writes the case study from their account page and sends it for review."""
    author.goto(live("/me/"))
    tab_to(author, "Your case studies")
    follow(author)
    tab_to(author, "Share a case study")
    follow(author)
    # The form in steps, each saved with its own button.
    type_into(author, "Title", TITLE)
    type_into(author, "Summary", "Surgical teams agreed a huddle at 7.45 and a checklist.")
    for term in ("Patient flow", "Acute hospital"):
        tab_to(author, term)
        author.keyboard.press("Space")
        expect(author.get_by_label(term)).to_be_checked()
    tab_to(author, "Save and continue")
    follow(author)
    type_into(author, "The problem and its context", "Lists started late most days.")
    type_into(author, "What you did", "Daily huddles, tested in PDSA cycles.")
    type_into(author, "Results and impact", "Late starts fell.")
    type_into(author, "Lessons learned", "Agree the start time together.")
    save_through_to_check(author)
    tab_to(author, "Send for review")
    follow(author)
    expect(author.get_by_text("Submitted for review").first).to_be_visible()


def change_and_resubmit_by_keyboard(author, live) -> None:
    """The author gives the numbers the reviewer asked for and sends it again."""
    author.goto(live("/me/case-studies/"))
    tab_to(author, TITLE)
    follow(author)
    expect(author.get_by_role("heading", level=1)).to_have_text("About the work")
    tab_to(author, "2. The story")
    follow(author)
    type_into(author, "Results and impact", "Late starts fell from 62% of lists to 9% in twelve weeks.")
    save_through_to_check(author)
    tab_to(author, "Send for review")
    follow(author)
    expect(author.get_by_text("Submitted for review").first).to_be_visible()


def find_by_keyboard(visitor, live) -> None:
    """A visitor searches for the published case study and opens it."""
    visitor.goto(live("/"))
    tab_to(visitor, "Case studies")
    follow(visitor)
    tab_to(visitor, "Search case studies")
    visitor.keyboard.type("theatre lists late starts")
    # With JavaScript the results update in place; were it still loading, the form is sent as a
    # page. Either way the list is the search's once the search is named above it.
    visitor.keyboard.press("Enter")
    expect(visitor.get_by_text("1 case study found for “theatre lists late starts”")).to_be_visible()
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
    tab_to(visitor, TITLE)
    follow(visitor)
    expect(visitor.get_by_text("Late starts fell from 62% of lists to 9% in twelve weeks.")).to_be_visible()
