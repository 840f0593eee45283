"""Journey 2: a new member signs up, confirms their email address from the message they receive,
and saves a case study for later. With JavaScript, without it, and with the keyboard alone.

(Following topics belongs to the digest preferences; that step joins this journey when they land.)
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.keyboard import follow, tab_to
from tests.browser.mail import body_text
from tests.casestudies.factories import CaseStudyFactory

pytestmark = pytest.mark.browser

TITLE = "A discharge lounge that people want to wait in"
EMAIL = "new.member@example.org"
PASSWORD = "a long and memorable passphrase"


@pytest.fixture
def case_study(live):
    return CaseStudyFactory(title=TITLE, slug="discharge-lounge")


def confirmation_link(live) -> str:
    message = live.mailbox.wait_for(to=EMAIL, subject="confirm")
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", body_text(message))
    assert match, body_text(message)
    return match.group(0)


def saves_it(page: Page, live) -> None:
    page.goto(live("/case-studies/discharge-lounge/"))
    page.get_by_role("button", name="Save for later").click()
    expect(page.get_by_role("button", name="Remove from saved")).to_be_visible()
    page.goto(live("/me/bookmarks/"))
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()


def test_a_new_member_signs_up_confirms_their_address_and_saves_a_case_study(any_page, live, case_study):
    page = any_page
    page.goto(live("/"))

    page.get_by_role("navigation", name="Account").get_by_role("link", name="Create an account").click()
    page.get_by_label("Full name").fill("Priya Shah")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify")

    page.goto(confirmation_link(live))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("link", name="Priya")).to_be_visible()

    saves_it(page, live)


def test_signing_up_can_be_done_with_the_keyboard_alone(page, live, case_study):
    page.goto(live("/"))

    tab_to(page, "Create an account")
    follow(page)
    tab_to(page, "Full name")
    page.keyboard.type("Priya Shah")
    page.keyboard.press("Tab")
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify")
    page.goto(confirmation_link(live))
    tab_to(page, "Confirm")
    follow(page)
    expect(page.get_by_role("link", name="Priya")).to_be_visible()
    page.goto(live("/case-studies/discharge-lounge/"))
    tab_to(page, "Save for later")
    page.keyboard.press("Enter")

    expect(page.get_by_role("button", name="Remove from saved")).to_be_visible()
