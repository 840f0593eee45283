"""The Follow button on a topic's library page and a group page: in place with htmx, and as a
plain form without JavaScript."""

import pytest
from playwright.sync_api import expect

from members.models import Follow, FollowKind
from tests.browser.axe import assert_accessible
from tests.browser.conftest import sign_in
from tests.browser.keyboard import tab_to
from tests.casestudies.factories import CaseStudyFactory, TopicFactory
from tests.groups.factories import GroupFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.browser


def test_a_member_follows_a_topic_and_a_group_and_stops(any_page, live):
    flow = TopicFactory(name="Patient flow", slug="patient-flow")
    CaseStudyFactory(title="Discharge before noon", topics=[flow])
    group = GroupFactory(name="Discharge network", slug="discharge-network")
    member = UserFactory()
    sign_in(any_page, member)

    any_page.goto(live("/case-studies/?topic=patient-flow"))
    any_page.get_by_role("button", name="Follow Patient flow").click()
    expect(any_page.get_by_role("button", name="Stop following Patient flow")).to_be_visible()
    expect(any_page.get_by_role("link", name="Discharge before noon")).to_be_visible()
    if any_page.javascript:
        assert_accessible(any_page)

    any_page.goto(live("/groups/discharge-network/"))
    any_page.get_by_role("button", name="Follow Discharge network").click()
    expect(any_page.get_by_role("button", name="Stop following Discharge network")).to_be_visible()
    any_page.get_by_role("button", name="Stop following Discharge network").click()
    expect(any_page.get_by_role("button", name="Follow Discharge network")).to_be_visible()

    assert set(Follow.objects.filter(user=member).values_list("kind", "object_id")) == {(FollowKind.TOPIC, flow.pk)}
    assert group.pk not in Follow.objects.filter(kind=FollowKind.GROUP).values_list("object_id", flat=True)
    assert any_page.console_errors == []


def test_following_can_be_done_with_the_keyboard_alone(page, live):
    GroupFactory(name="Discharge network", slug="discharge-network")
    sign_in(page, UserFactory())
    page.goto(live("/groups/discharge-network/"))

    tab_to(page, "Follow Discharge network")
    page.keyboard.press("Enter")

    expect(page.get_by_role("button", name="Stop following Discharge network")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("You now follow Discharge network.")
