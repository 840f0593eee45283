"""Stored XSS: every payload of the corpus, put into every user text field, renders as inert text.
Checked in the real browser: no dialog opens, no script runs and no live markup is left."""

import itertools
import math

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.xss import PAYLOADS, assert_no_live_payload
from tests.casestudies.factories import CaseStudyFactory, OutcomeMeasureFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory, MembershipFactory, PostFactory, ThreadFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.browser

CASE_STUDY_FIELDS = ["title", "summary", "problem", "actions", "results", "lessons", "next_steps"]
EVENT_FIELDS = ["title", "summary", "description", "venue"]
GROUP_FIELDS = ["name", "summary", "description", "title", "body"]
PROFILE_FIELDS = ["Name", "Job title", "Organisation", "Short bio"]


def chunks(fields: list[str], *, passes: int = 2) -> list[dict[str, str]]:
    """The corpus dealt out over the fields, a row per form: every payload lands in some field on
    each pass, and in a different field on the next pass."""
    rows_per_pass = math.ceil(len(PAYLOADS) / len(fields))
    return [
        {
            field: PAYLOADS[(row * len(fields) + column + shift * 3) % len(PAYLOADS)]
            for column, field in enumerate(fields)
        }
        for shift in range(passes)
        for row in range(rows_per_pass)
    ]


def test_the_corpus_is_big_enough():
    assert len(PAYLOADS) >= 50


def test_profile_fields_keep_payloads_inert_wherever_the_name_shows(page, live):
    member = UserFactory(name="Before")
    sign_in(page, member)
    published = CaseStudyFactory(author=member, slug="by-the-member")

    for n, fields in enumerate(chunks(PROFILE_FIELDS, passes=1)):
        page.goto(live("/me/profile/"))
        for label, payload in fields.items():
            page.get_by_label(label).fill(payload if label == "Short bio" else payload[:150])
        page.get_by_role("button", name="Save profile").click()
        expect(page.locator("main")).to_be_visible()
        assert_no_live_payload(page)
        if n % 4 == 0:
            for address in ("/me/", published.get_absolute_url()):
                assert page.goto(live(address)).status == 200, address
                assert_no_live_payload(page)


def test_case_study_text_keeps_payloads_inert_in_lists_and_pages(page, live):
    case_studies = []
    for n, fields in enumerate(chunks(CASE_STUDY_FIELDS)):
        author = UserFactory(name=fields["title"][:150], organisation=fields["summary"][:150])
        case_study = CaseStudyFactory(slug=f"xss-{n}", author=author, **fields)
        OutcomeMeasureFactory(case_study=case_study, label=fields["problem"][:200], unit=fields["lessons"][:20])
        case_studies.append(case_study)
    reader = UserFactory()
    sign_in(page, reader)

    for address in itertools.chain(
        ["/", "/case-studies/", "/case-studies/?q=alert", "/case-studies/?q=script&sort=newest"],
        (case_study.get_absolute_url() for case_study in case_studies),
    ):
        assert page.goto(live(address)).status == 200, address
        assert_no_live_payload(page)


def test_event_text_keeps_payloads_inert_in_lists_and_pages(page, live):
    events = [EventFactory(slug=f"xss-event-{n}", **fields) for n, fields in enumerate(chunks(EVENT_FIELDS))]

    for address in itertools.chain(["/", "/events/"], (f"/events/{event.slug}/" for event in events)):
        assert page.goto(live(address)).status == 200, address
        assert_no_live_payload(page)


def test_the_check_catches_a_payload_that_did_come_alive(page, live):
    page.goto(live("/about/"))
    page.evaluate("() => { document.querySelector('main').innerHTML += '<img src=x onerror=alert(1)>'; }")

    with pytest.raises(AssertionError, match="live markup"):
        assert_no_live_payload(page)


def test_group_and_discussion_text_keeps_payloads_inert(page, live):
    reader = UserFactory()
    addresses = ["/groups/"]
    for n, fields in enumerate(chunks(GROUP_FIELDS)):
        group = GroupFactory(
            slug=f"xss-group-{n}", name=f"{n} {fields['name']}"[:120], summary=fields["summary"][:240],
            description=fields["description"],
        )  # fmt: skip
        MembershipFactory(group=group, user=reader)
        thread = ThreadFactory(group=group, title=fields["title"][:200])
        PostFactory(thread=thread, body=fields["body"], author=UserFactory(name=fields["name"][:150]))
        addresses += [group.get_absolute_url(), thread.get_absolute_url()]
    sign_in(page, reader)

    for address in addresses:
        assert page.goto(live(address)).status == 200, address
        assert_no_live_payload(page)
