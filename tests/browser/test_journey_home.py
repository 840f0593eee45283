"""Journey: a new member signs up from an event page, follows two topics and a group in the
welcome step, lands back on the event and registers; finds on their home page the event, a new
case study in a followed topic (with the reason) and a reply to their group post; finds another
member by topic and region and sends them a message through the relay; on a phone, the first
search result is in the first screenful. With JavaScript and without; axe passes on every new
page, looked at 1280 and 390 pixels wide. The same home page by keyboard alone is
tests/browser/test_keyboard_home.py."""

import re

import pytest
from playwright.sync_api import Page, expect

from members.models import User
from people.models import WorkProfile
from tests.browser.axe import assert_accessible as axe_passes
from tests.browser.mail import body_text
from tests.casestudies.factories import CaseStudyFactory, RegionFactory, TopicFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory, MembershipFactory, PostFactory, ThreadFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.browser

EMAIL = "new.member@example.org"
PASSWORD = "a long and memorable passphrase"


@pytest.fixture
def world(live):
    flow, workforce = TopicFactory(name="Patient flow", slug="patient-flow"), TopicFactory(name="Workforce")
    TopicFactory(name="Safety")
    north_west = RegionFactory(name="North West", slug="north-west")
    group = GroupFactory(name="Discharge network", slug="discharge-network")
    group.topics.set([flow])
    EventFactory(title="Flow clinic", slug="flow-clinic", site=True)
    CaseStudyFactory(title="Discharge before noon", topics=[flow])
    priya = UserFactory(name="Priya Shah", email="priya@example.org", organisation="Leeds Teaching Hospitals")
    WorkProfile.objects.create(user=priya, region=north_west).topics.set([flow])
    UserFactory(name="Sam Elsewhere")
    return {"group": group, "priya": priya, "workforce": workforce}


def assert_accessible(page: Page) -> None:
    """axe runs in the page, so it scans the pages with JavaScript on (the same markup)."""
    if page.javascript:
        axe_passes(page)


def shoot(page: Page, name: str) -> None:
    if not page.javascript:
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/home-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def submit(page: Page, button: str) -> None:
    page.get_by_role("button", name=button).click()


def test_a_new_member_gets_a_home_of_their_own(any_page, live, world):
    page = any_page
    _sign_up_and_confirm(page, live)
    _choose_topics_and_register(page, live)
    _home_with_a_reply(page, live, world)
    _find_and_message_a_member(page, live)
    _first_result_on_a_phone(page, live)
    assert page.console_errors == []


def _sign_up_and_confirm(page, live) -> None:
    """Sign up from an event page and confirm the address from the email."""
    page.goto(live("/events/flow-clinic/"))
    page.get_by_role("link", name="create an account", exact=True).click()
    page.get_by_label("Full name").fill("Alex Newcomer")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    submit(page, "Create account")
    message = live.mailbox.wait_for(to=EMAIL, subject="confirm")
    page.goto(re.search(r"https?://\S+/accounts/confirm-email/\S+/", body_text(message)).group(0))
    submit(page, "Confirm")


def _choose_topics_and_register(page, live) -> None:
    """The welcome: two topics and a group, then back to the event to register."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Alex")
    assert_accessible(page)
    shoot(page, "welcome")
    page.get_by_label("Patient flow").check()
    page.get_by_label("Workforce").check()
    page.get_by_label("Discharge network").check()
    submit(page, "Save and continue")
    expect(page).to_have_url(live("/events/flow-clinic/"))
    submit(page, "Register")
    expect(page.get_by_role("button", name="Cancel my place")).to_be_visible()


def _home_with_a_reply(page, live, world) -> None:
    """A post of theirs in the group, and a reply from another member, on their home page."""
    post_with_a_reply(world)
    page.goto(live("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back, Alex")
    expect(page.get_by_role("link", name="Flow clinic")).to_be_visible()
    expect(page.get_by_role("link", name="Discharge before noon")).to_be_visible()
    expect(page.get_by_text("Because you follow Patient flow")).to_be_visible()
    expect(page.get_by_role("link", name="Who runs huddles at 9am?")).to_be_visible()
    expect(page.get_by_text("1 new reply")).to_be_visible()
    assert_accessible(page)
    shoot(page, "member-home")


def post_with_a_reply(world) -> None:
    """The new member joins the group and asks a question there; Priya answers it."""
    newcomer = User.objects.get(email=EMAIL)
    MembershipFactory(group=world["group"], user=newcomer)
    thread = ThreadFactory(group=world["group"], author=newcomer, title="Who runs huddles at 9am?")
    MembershipFactory(group=world["group"], user=world["priya"])
    PostFactory(thread=thread, author=world["priya"], body="We do, on every ward.")


def _find_and_message_a_member(page, live) -> None:
    """Who else works on patient flow in the North West? Message one without showing either address."""
    page.get_by_role("link", name="Find members").click()
    page.get_by_role("combobox", name="Topic").select_option("patient-flow")
    page.get_by_role("combobox", name="Region").select_option("north-west")
    submit(page, "Find members")
    expect(page.get_by_role("link", name="Sam Elsewhere")).to_have_count(0)
    assert_accessible(page)
    shoot(page, "directory")
    page.get_by_role("link", name="Priya Shah").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Priya Shah")
    expect(page.get_by_text("priya@example.org")).to_have_count(0)
    assert_accessible(page)
    shoot(page, "profile")
    page.get_by_role("link", name="Send Priya a message").click()
    page.get_by_label("Your message").fill("Could we compare notes on discharge?")
    assert_accessible(page)
    submit(page, "Send your message")
    expect(page.get_by_text("Your message is on its way to Priya Shah.")).to_be_visible()
    relayed = live.mailbox.wait_for(to="priya@example.org", subject="sent you a message")
    assert "Could we compare notes on discharge?" in body_text(relayed)
    assert EMAIL not in body_text(relayed)


def _first_result_on_a_phone(page, live) -> None:
    """On a phone, the first search result is in the first screenful."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live("/case-studies/?q=discharge"))
    first = page.locator(".portal-card").first
    expect(first).to_contain_text("Discharge before noon")
    box = first.bounding_box()
    assert box is not None
    assert box["y"] + 80 < 844, box
