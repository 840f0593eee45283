"""The new member's journey of tests/browser/test_journey_home.py by keyboard alone, with focus
always visible: sign up from an event page, follow two topics and a group in the welcome step,
register for the event, find the event, the new case study and the reply on the home page, then
find a member by topic and region and send them a message. With JavaScript and without."""

import re

import pytest
from playwright.sync_api import Page, expect

from members.models import Follow, FollowKind, User
from tests.browser.keyboard import follow, tab_to
from tests.browser.mail import body_text
from tests.browser.test_journey_home import EMAIL, PASSWORD, post_with_a_reply, world  # noqa: F401 (the same world)

pytestmark = pytest.mark.browser


def type_into(page: Page, label: str, text: str) -> None:
    tab_to(page, label)
    page.keyboard.type(text)


def press(page: Page, name: str) -> None:
    """Tabs to a link or button and presses Enter on it, which leads to another page."""
    tab_to(page, name)
    follow(page)


def test_a_new_member_does_it_all_by_keyboard(any_page, live, world):  # noqa: F811
    page = any_page
    page.goto(live("/events/flow-clinic/"))
    tab_to(page, "create an account")  # the header's link, which does not come back to the event
    press(page, "create an account")  # the registration panel's
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    type_into(page, "Full name", "Alex Newcomer")
    type_into(page, "Email", EMAIL)
    type_into(page, "Password", PASSWORD)
    type_into(page, "Confirm password", PASSWORD)
    press(page, "Create account")
    message = live.mailbox.wait_for(to=EMAIL, subject="confirm")
    page.goto(re.search(r"https?://\S+/accounts/confirm-email/\S+/", body_text(message)).group(0))
    press(page, "Confirm")

    _welcome_and_register(page, live)
    _home_page(page, live, world)
    _find_and_message(page, live)
    assert page.console_errors == []


def _welcome_and_register(page: Page, live) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Alex")
    for choice in ("Patient flow", "Workforce", "Discharge network"):
        tab_to(page, choice)
        page.keyboard.press("Space")
        expect(page.get_by_label(choice)).to_be_checked()
    press(page, "Save and continue")
    expect(page).to_have_url(live("/events/flow-clinic/"))
    newcomer = User.objects.get(email=EMAIL)
    assert set(Follow.objects.filter(user=newcomer).values_list("kind", flat=True)) == {
        FollowKind.TOPIC,
        FollowKind.GROUP,
    }
    press(page, "Register")
    expect(page.get_by_role("button", name="Cancel my place")).to_be_visible()


def _home_page(page: Page, live, world) -> None:  # noqa: F811
    post_with_a_reply(world)
    page.goto(live("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back, Alex")
    expect(page.get_by_text("Because you follow Patient flow")).to_be_visible()
    expect(page.get_by_text("1 new reply")).to_be_visible()
    for link in ("Flow clinic", "Discharge before noon"):
        tab_to(page, link)
    press(page, "Who runs huddles at 9am?")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Who runs huddles at 9am?")
    expect(page.get_by_text("We do, on every ward.")).to_be_visible()
    page.goto(live("/"))


def _find_and_message(page: Page, live) -> None:
    press(page, "Find members")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find members")
    tab_to(page, "Topic")
    page.keyboard.type("Patient")
    expect(page.get_by_role("combobox", name="Topic")).to_have_value("patient-flow")
    tab_to(page, "Region")
    page.keyboard.type("North")
    expect(page.get_by_role("combobox", name="Region")).to_have_value("north-west")
    press(page, "Find members")
    expect(page).to_have_url(re.compile(r"topic=patient-flow"))
    expect(page.get_by_role("link", name="Sam Elsewhere")).to_have_count(0)
    press(page, "Priya Shah")
    expect(page.get_by_role("heading", level=1)).to_have_text("Priya Shah")
    press(page, "Send Priya a message")
    type_into(page, "Your message", "Could we compare notes on discharge?")
    press(page, "Send your message")
    expect(page.get_by_text("Your message is on its way to Priya Shah.")).to_be_visible()
    relayed = live.mailbox.wait_for(to="priya@example.org", subject="sent you a message")
    assert "Could we compare notes on discharge?" in body_text(relayed)
