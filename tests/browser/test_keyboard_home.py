"""A signed-in member goes through every section of their home page by keyboard alone, with
focus always visible: follows and unfollows a suggested topic, opens a notification from the
header, and goes to their next event. With JavaScript (the button changes in place and keeps
the focus) and without (each press is a page load)."""

import pytest
from playwright.sync_api import Page, expect

from groups import services as group_services
from members.models import Follow, FollowKind
from notifications import services as notifications
from tests.browser.axe import assert_accessible
from tests.browser.conftest import sign_in
from tests.browser.keyboard import FOCUSED_NAME, follow, tab_to
from tests.casestudies.factories import CaseStudyFactory, TopicFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.browser

SECTION_OF_FOCUS = "() => document.activeElement.closest('section')?.getAttribute('aria-labelledby') || ''"


@pytest.fixture
def member(live):
    flow = TopicFactory(name="Patient flow", slug="patient-flow")
    CaseStudyFactory(title="Discharge before noon", topics=[flow])
    group = GroupFactory(name="Discharge network", slug="discharge-network")
    member = UserFactory(name="Kim Keyboard")
    MembershipFactory(group=group, user=member)
    Follow.objects.create(user=member, kind=FollowKind.GROUP, object_id=group.pk)
    RegistrationFactory(event=EventFactory(title="Flow clinic", slug="flow-clinic", group=group), user=member)
    other = MembershipFactory(group=group).user
    thread = group_services.thread_create(group=group, author=other, title="Huddles at nine", body="Who runs them?")
    notifications.notifications_for_thread(thread_id=thread.pk)
    return member


def in_section(page: Page, section: str) -> None:
    assert page.evaluate(SECTION_OF_FOCUS) == section, page.evaluate(FOCUSED_NAME)


def test_a_member_uses_their_home_page_by_keyboard_alone(any_page, live, member):
    page = any_page
    sign_in(page, member)
    page.goto(live("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back, Kim")

    # New in what you follow: a suggested topic to follow, then to stop following.
    tab_to(page, "Follow Patient flow")
    in_section(page, "home-new-work")
    if page.javascript:
        page.keyboard.press("Enter")
        expect(page.get_by_role("button", name="Stop following Patient flow")).to_be_focused()
        assert Follow.objects.filter(user=member, kind=FollowKind.TOPIC).exists()
        page.keyboard.press("Enter")
        expect(page.get_by_role("button", name="Follow Patient flow")).to_be_focused()
    else:
        follow(page)
        expect(page.get_by_text("You now follow Patient flow.")).to_be_visible()
        assert Follow.objects.filter(user=member, kind=FollowKind.TOPIC).exists()
        tab_to(page, "Change what you follow")
        follow(page)
        tab_to(page, "Stop following Patient flow")
        follow(page)
        expect(page.get_by_text("You no longer follow Patient flow.")).to_be_visible()
        page.goto(live("/"))
    assert not Follow.objects.filter(user=member, kind=FollowKind.TOPIC).exists()

    # Every other section can be reached in turn.
    page.goto(live("/"))
    tab_to(page, "Flow clinic")
    in_section(page, "home-events")
    tab_to(page, "Huddles at nine")
    in_section(page, "home-discussion")
    tab_to(page, "Share a case study")
    in_section(page, "home-your-work")

    # A notification, from the header's count.
    page.goto(live("/"))
    tab_to(page, "Notifications (1")
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_text("Because you follow Discharge network")).to_be_visible()
    if page.javascript:
        assert_accessible(page)
    tab_to(page, "Huddles at nine")
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huddles at nine")
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    # Back home, and on to the next event.
    page.goto(live("/"))
    tab_to(page, "Flow clinic")
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Flow clinic")
    assert page.console_errors == []
