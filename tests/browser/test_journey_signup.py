"""Journey 2: a new member signs up, confirms their email address from the message they receive,
follows two topics for their digest (a short welcome greets them after their first sign-in)
and saves a case study for later. With JavaScript, without it, and with the keyboard alone.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from casestudies.library.models import Topic
from members.models import Follow, FollowKind
from tests.browser.keyboard import follow, tab_to
from tests.browser.mail import body_text
from tests.casestudies.factories import CaseStudyFactory, TopicFactory

pytestmark = pytest.mark.browser

TITLE = "A discharge lounge that people want to wait in"
EMAIL = "new.member@example.org"
PASSWORD = "a long and memorable passphrase"


FOLLOWED = ["Patient flow", "Workforce"]


@pytest.fixture
def case_study(live):
    for name in [*FOLLOWED, "Safety"]:
        TopicFactory(name=name)
    return CaseStudyFactory(title=TITLE, slug="discharge-lounge")


def follows_the_two_topics(page: Page, live) -> None:
    """Checks, once the member has saved, that they follow exactly the two topics, on the page and in the database."""
    expect(page.get_by_text("You can change what you follow in your email settings")).to_be_visible()
    topic_ids = Follow.objects.filter(user__email=EMAIL, kind=FollowKind.TOPIC).values("object_id")
    assert sorted(Topic.objects.filter(pk__in=topic_ids).values_list("name", flat=True)) == FOLLOWED
    page.goto(live("/me/settings/email/"))
    for name in FOLLOWED:
        expect(page.get_by_label(name)).to_be_checked()
    expect(page.get_by_label("Safety")).not_to_be_checked()


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


def test_a_new_member_signs_up_confirms_their_address_follows_two_topics_and_saves_a_case_study(
    any_page, live, case_study
):
    page = any_page
    page.goto(live("/"))

    page.get_by_role("navigation", name="Account").get_by_role("link", name="Create an account").click()
    page.get_by_label("Full name").fill("Priya Shah")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify")

    page.goto(confirmation_link(live))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("link", name="Priya")).to_be_visible()

    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Priya")
    for name in FOLLOWED:
        page.get_by_label(name).check()
    page.get_by_role("button", name="Save and continue").click()
    follows_the_two_topics(page, live)

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
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Priya")
    for name in FOLLOWED:
        tab_to(page, name)
        page.keyboard.press("Space")
    tab_to(page, "Save and continue")
    follow(page)
    follows_the_two_topics(page, live)
    page.goto(live("/case-studies/discharge-lounge/"))
    tab_to(page, "Save for later")
    page.keyboard.press("Enter")

    expect(page.get_by_role("button", name="Remove from saved")).to_be_visible()
