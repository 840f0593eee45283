"""Stored XSS: every payload of the corpus, put into every user text field, renders as inert text.
Checked in the real browser: no dialog opens, no script runs and no live markup is left.

Some text is put in place by factories, to reach every page that shows it; the rest is typed into
the real forms (the submission form, the event form, the collection editor, the review
conversation), so it also passes the forms' own handling and their re-rendering with the values."""

import itertools
import math
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from casestudies.library.models import Status
from tests.browser.conftest import new_page, sign_in
from tests.browser.xss import PAYLOADS, assert_no_live_payload
from tests.casestudies.factories import CareSettingFactory, CaseStudyFactory, OutcomeMeasureFactory, TopicFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory, MembershipFactory, PostFactory, ThreadFactory
from tests.members.factories import UserFactory
from tests.members.mfa import turn_on_totp

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


# --- Through the real forms ------------------------------------------------------------------------

# The submission form's text fields by their names, with the most each takes.
SUBMISSION_FIELDS = {
    "title": 200,
    "summary": 600,
    "problem": None,
    "actions": None,
    "results": None,
    "lessons": None,
    "next_steps": None,
    "outcomes-0-label": 150,
    "outcomes-0-unit": 40,
    "links-0-title": 200,
    "authors-0-name": 150,
    "authors-0-role": 150,
    "cover_image_alt": 250,
}
EVENT_FORM_FIELDS = {"title": 200, "summary": 240, "description": None, "venue": 200, "address": None}
COLLECTION_FIELDS = {"title": 200, "introduction": None, "items-0-note": 300}


def fill(page: Page, row: dict[str, str], limits: dict[str, int | None]) -> None:
    for name, payload in row.items():
        page.locator(f'main [name="{name}"]').fill(payload[: limits[name]] if limits[name] else payload)


def visit(page: Page, address: str) -> None:
    """Loads the page, which must answer 200 (a refused page cannot pass as clean), and checks it."""
    response = page.goto(address)
    assert response is not None
    assert response.status == 200, address
    assert_no_live_payload(page)


def curator_page(browser: Browser) -> Page:
    curator = UserFactory(is_staff=True)
    turn_on_totp(curator)
    page = new_page(browser, javascript=True)
    sign_in(page, curator)
    return page


def test_submission_form_fields_keep_payloads_inert_for_the_author_and_the_curators(page, live, browser):
    TopicFactory(name="Patient flow")
    CareSettingFactory(name="Acute hospital")
    sign_in(page, UserFactory())
    conversations = []

    for row in chunks(list(SUBMISSION_FIELDS), passes=1):
        page.goto(live("/case-studies/new/?layout=one-page"))
        fill(page, row, SUBMISSION_FIELDS)
        page.locator('main [name="outcomes-0-before"]').fill("21")
        page.locator('main [name="outcomes-0-after"]').fill("8")
        page.locator('main [name="links-0-url"]').fill("https://example.org/report")
        page.get_by_label("Patient flow").check()
        page.get_by_label("Acute hospital").check()
        # Saved first: the form comes back with every value in its fields.
        page.get_by_role("button", name="Save as draft").click()
        expect(page.get_by_text("is saved as a draft")).to_be_visible()
        assert_no_live_payload(page)
        page.get_by_role("button", name="Submit for review").click()
        expect(page.get_by_text("is submitted for review")).to_be_visible()
        assert_no_live_payload(page)
        conversations.append(page.url)

    for conversation in conversations:
        visit(page, conversation)
        visit(page, conversation.removesuffix("review/"))  # the case study as its author sees it
    visit(page, live("/me/case-studies/"))

    curator = curator_page(browser)
    visit(curator, live("/review/"))
    for conversation in conversations:
        slug = conversation.removesuffix("/review/").rsplit("/", 1)[1]
        visit(curator, live(f"/review/case-studies/{slug}/"))
    curator.context.close()


def test_event_form_fields_keep_payloads_inert(page, live):
    group = GroupFactory(name="Flow improvers", slug="flow-improvers")
    moderator = UserFactory()
    MembershipFactory(group=group, user=moderator, role="moderator")
    sign_in(page, moderator)
    events = []

    for n, row in enumerate(chunks(list(EVENT_FORM_FIELDS), passes=1)):
        page.goto(live("/groups/flow-improvers/events/new/"))
        fill(page, row, EVENT_FORM_FIELDS)
        page.get_by_label("Workshop").check()
        page.get_by_label("In person", exact=True).check()
        page.get_by_label("Timezone").select_option("Europe/London")
        page.get_by_label("Starts").fill(f"2031-03-{n + 1:02d}T14:00")
        page.get_by_label("Ends").fill(f"2031-03-{n + 1:02d}T15:30")
        page.get_by_role("button", name="Publish the event").click()
        expect(page.get_by_role("link", name="Edit the event")).to_be_visible()
        assert_no_live_payload(page)
        events.append(page.url)

    for event in events:
        visit(page, event + "edit/")  # the form again, with every value in its fields
    for address in ("/", "/events/", "/groups/flow-improvers/", "/me/events/"):
        visit(page, live(address))


def test_collection_editor_fields_keep_payloads_inert(live, browser):
    CaseStudyFactory(title="Huddles before theatre lists", slug="huddles")
    page = curator_page(browser)
    collections = []

    for n, row in enumerate(chunks(list(COLLECTION_FIELDS), passes=1)):
        page.goto(live("/review/collections/new/"))
        fill(page, {name: text for name, text in row.items() if name != "items-0-note"}, COLLECTION_FIELDS)
        page.get_by_label("Web address name").fill(f"xss-collection-{n}")
        if n == 0:
            page.get_by_label("Feature this collection on the home page").check()
        page.get_by_role("button", name="Save").first.click()
        expect(page.get_by_text("is saved.")).to_be_visible()
        # Case studies join with the editor's own search; then their rows take a note.
        page.locator('main [name="q"]').fill("Huddles")
        page.get_by_role("button", name="Find").click()
        page.get_by_role("button", name=re.compile("Add .*Huddles before theatre lists")).click()
        if "items-0-note" in row:
            fill(page, {"items-0-note": row["items-0-note"]}, COLLECTION_FIELDS)
            page.get_by_role("button", name="Save").first.click()
            expect(page.get_by_text("is saved.")).to_be_visible()
        assert_no_live_payload(page)  # the editor again, with every value in its fields
        collections.append(f"/collections/xss-collection-{n}/")

    for address in ["/", "/collections/", "/review/collections/", *collections]:
        visit(page, live(address))
    page.context.close()


def test_review_messages_keep_payloads_inert_for_the_authors_and_the_curators(page, live, browser):
    author = UserFactory()
    CaseStudyFactory(title="Huddles before theatre lists", slug="huddles", author=author, status=Status.SUBMITTED)
    sign_in(page, author)
    curator = curator_page(browser)

    for n, payload in enumerate(PAYLOADS):
        if n % 2:
            page.goto(live("/case-studies/huddles/review/"))
            page.get_by_label("Your message").fill(payload)
            page.get_by_role("button", name="Send message").click()
            expect(page.get_by_text("Your message is added to the conversation.")).to_be_visible()
            assert_no_live_payload(page)
        elif n == len(PAYLOADS) - 1:
            curator.goto(live("/review/case-studies/huddles/"))
            curator.get_by_label("Ask the authors for changes").check()
            curator.get_by_label("Message to the authors").fill(payload)
            curator.get_by_role("button", name="Record decision").click()
            expect(curator.get_by_text("Changes to")).to_be_visible()
        else:
            curator.goto(live("/review/case-studies/huddles/"))
            curator.get_by_label("Your message").fill(payload)
            curator.get_by_role("button", name="Send message to the authors").click()
            expect(curator.get_by_text("Your message is added to the conversation")).to_be_visible()
            assert_no_live_payload(curator)

    visit(page, live("/case-studies/huddles/review/"))
    visit(curator, live("/review/case-studies/huddles/"))
    visit(curator, live("/review/history/"))
    shown = page.locator(".portal-thread").inner_text()
    assert [payload for payload in PAYLOADS if payload.splitlines()[0].strip() not in shown] == []  # all, as text
    curator.context.close()
