"""Journey 4: a moderator creates an event for their group; a member registers; the joining link
appears for them and not for a visitor; the member downloads the .ics file. With JavaScript
and without it."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import new_page, sign_in
from tests.browser.keyboard import follow, tab_to
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.browser

TITLE = "Measuring flow: a practical clinic"
JOINING_LINK = "https://meet.example.org/flow-clinic-7731"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_member_registers_for_a_moderators_event_and_only_they_get_the_joining_link(
    browser: Browser, live, javascript
):
    group = GroupFactory(name="Flow improvers", slug="flow-improvers")
    moderator, member = UserFactory(), UserFactory()
    MembershipFactory(group=group, user=moderator, role="moderator")
    moderator_page, member_page, visitor_page = (new_page(browser, javascript=javascript) for _ in range(3))
    sign_in(moderator_page, moderator)
    sign_in(member_page, member)

    page = moderator_page
    page.goto(live("/groups/flow-improvers/events/new/"))
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Webinar").check()
    page.get_by_label("Online", exact=True).check()
    page.get_by_label("Timezone").select_option("Europe/London")
    page.get_by_label("Starts").fill("2031-03-12T14:00")
    page.get_by_label("Ends").fill("2031-03-12T15:30")
    page.get_by_label("Online joining link").fill(JOINING_LINK)
    page.get_by_role("button", name="Publish the event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    page = member_page
    page.goto(live("/events/"))
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text(JOINING_LINK)).to_have_count(0)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("link", name=JOINING_LINK)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to your calendar (.ics file)").click()
    calendar = Path(download.value.path()).read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in calendar
    assert TITLE.split(":")[0] in calendar
    assert "20310312T140000" in calendar

    page = visitor_page
    page.goto(live(member_page.url.removeprefix(live.url)))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert JOINING_LINK not in page.content()

    for each in (moderator_page, member_page, visitor_page):
        assert each.dialogs == []
        each.context.close()


def test_registering_and_getting_the_calendar_file_can_be_done_with_the_keyboard_alone(page, live):
    member = UserFactory()
    EventFactory(title=TITLE, slug="flow-clinic", joining_url=JOINING_LINK)
    sign_in(page, member)

    page.goto(live("/events/flow-clinic/"))
    tab_to(page, "Register")
    follow(page)
    expect(page.get_by_role("link", name=JOINING_LINK)).to_be_visible()
    tab_to(page, "Add to your calendar")
    with page.expect_download() as download:
        page.keyboard.press("Enter")

    assert "BEGIN:VCALENDAR" in Path(download.value.path()).read_text(encoding="utf-8")
