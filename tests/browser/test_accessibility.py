"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any page: every page template, as
each role sees it, forms with and without errors, and the error pages."""

import re

import pytest
from django.test import Client, override_settings
from playwright.sync_api import Browser, Page, Route, expect

from casestudies.spread.models import AuthorQuestion
from casestudies.spread.services.questions import question_report_token
from tests.browser.axe import axe_violations
from tests.browser.conftest import new_page, sign_in
from tests.members.factories import UserFactory
from tests.security.walk import World, build_world

pytestmark = pytest.mark.browser

PUBLISHED = "/case-studies/walk-published/"
EVENT = "/events/walk-event/"

PAGES = {
    "anonymous": [
        "/",
        "/about/",
        "/privacy/",
        "/accessibility/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/password/reset/key/1-not-a-key/",
        "/accounts/confirm-email/",
        "/accounts/confirm-email/not-a-key/",
        "/accounts/inactive/",
        "/case-studies/",
        "/case-studies/?q=flow&topic=patient-flow",
        "/case-studies/?q=nothing+matches+this+at+all",
        "/case-studies/?featured=1",
        "/case-studies/share/",
        "/organisations/?q=walk",
        "/organisations/?q=nowhere+at+all",
        PUBLISHED,
        PUBLISHED + "spread/",
        "/collections/",
        "/collections/walk-collection/",
        "/events/",
        "/events/?past=1",
        EVENT,
        "/no-such-page/",
        "/unsubscribe/forged-token/",
        "/groups/",
        "/groups/walk-group/",
        "/groups/walk-group/discussion/",
        lambda world: f"/groups/walk-group/discussion/{world.objects['thread'].pk}/",
        lambda world: f"/unsubscribe/{world.objects['unsubscribe_token']}/",
        "/case-studies/questions/report/forged-token/",
        lambda world: question_report_path(world),
    ],
    "member": [
        "/me/",
        "/me/profile/",
        "/me/bookmarks/",
        "/me/case-studies/",
        "/me/events/",
        "/me/groups/",
        "/groups/walk-group/discussion/new/",
        lambda world: f"/groups/walk-group/discussion/{world.objects['thread'].pk}/",
        "/case-studies/new/",
        "/case-studies/walk-draft/",
        "/case-studies/walk-draft/edit/",
        *(
            f"/case-studies/walk-draft/steps/{step}/"
            for step in ("about", "story", "results", "people", "files", "check")
        ),
        "/case-studies/walk-draft/preview/",
        "/case-studies/walk-submitted/review/",
        PUBLISHED,
        PUBLISHED + "ask/",
        EVENT,
        EVENT + "edit/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/reauthenticate/",
        "/accounts/2fa/",
        "/accounts/sessions/",
        "/accounts/logout/",
    ],
    "moderator": [
        EVENT,
        EVENT + "edit/",
        EVENT + "cancel/",
        EVENT + "attendees/",
        "/groups/walk-group/events/new/",
        "/groups/walk-group/edit/",
        "/groups/walk-group/members/",
        "/groups/walk-group/invite/",
        "/groups/walk-group/reports/",
    ],
    "curator": [
        "/groups/new/",
        "/review/",
        "/review/history/",
        "/review/collections/",
        "/review/collections/new/",
        "/review/collections/walk-collection/",
        "/review/taxonomy/",
        "/review/organisations/",
        "/review/collections/walk-collection/?q=walk",
        "/review/case-studies/walk-submitted/",
        "/events/new/",
        "/admin/",
    ],
}

# Forms sent empty (or wrong), to scan the page with its error summary and messages.
FORMS = {
    "anonymous": ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"],
    "member": [
        "/me/profile/",
        "/case-studies/new/",
        "/accounts/password/change/",
        "/accounts/email/",
        PUBLISHED + "ask/",
    ],
    "moderator": ["/groups/walk-group/events/new/", "/groups/walk-group/invite/"],
    "curator": ["/review/collections/new/", "/events/new/"],
}


def question_report_path(world: World) -> str:
    """The report link an author of the published case study gets with a member's question."""
    published = world.objects["published"]
    question = AuthorQuestion.objects.create(
        case_study=published, asker=world.users["member"], text="How did you start?"
    )
    token = question_report_token(question_id=question.pk, author_id=published.authors.get().member_id)
    return f"/case-studies/questions/report/{token}/"


def report(found: dict[str, list[dict]]) -> str:
    lines = []
    for address, violations in found.items():
        for violation in violations:
            lines.append(f"{address}: {violation['id']} ({violation['impact']}) {violation['help']}")
            lines += [f"    {node}" for node in violation["nodes"][:3]]
    return "\n".join(lines)


def scan(page: Page, world: World, live, addresses) -> dict[str, list[dict]]:
    found = {}
    for address in addresses:
        address = address(world) if callable(address) else address
        page.goto(live(address))
        violations = axe_violations(page)
        if violations:
            found[address] = violations
    return found


def submit_empty(page: Page, live, address: str) -> None:
    page.goto(live(address))
    form = page.locator("main form[method=post]").last
    for field in form.locator("input[type=text], input[type=email], input[type=password], textarea").all():
        if field.is_visible() and field.is_editable():
            field.fill("")
    form.locator("button[type=submit], button:not([type]), input[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("role", list(PAGES))
def test_every_page_a_role_can_reach_has_no_accessibility_violations(browser: Browser, live, role):
    """Scanned as enhanced by JavaScript; the journeys cover the pages without it."""
    world = build_world()
    page = new_page(browser, javascript=True)
    if world.users[role]:
        sign_in(page, world.users[role])

    found = scan(page, world, live, PAGES[role])

    page.context.close()
    assert not found, report(found)


@pytest.mark.parametrize("role", list(FORMS))
def test_forms_showing_errors_have_no_accessibility_violations(browser: Browser, live, role):
    world = build_world()
    page = new_page(browser, javascript=True)
    if world.users[role]:
        sign_in(page, world.users[role])
    found = {}

    for address in FORMS[role]:
        submit_empty(page, live, address)
        assert page.locator(".nhsuk-error-summary, .nhsuk-error-message").count(), f"{address} showed no errors"
        violations = axe_violations(page)
        if violations:
            found[address + " (with errors)"] = violations

    page.context.close()
    assert not found, report(found)


def test_the_too_many_requests_page_has_no_accessibility_violations(page, live):
    member = UserFactory()
    for _ in range(6):
        page.goto(live("/accounts/password/reset/"))
        page.get_by_label("Email").fill(member.email)
        page.get_by_role("button", name="Reset my password").click()

    assert "Too many attempts" in page.title()
    assert axe_violations(page) == []


@override_settings(ROOT_URLCONF="tests.test_error_pages")  # its /boom/ raises
def test_the_server_error_page_has_no_accessibility_violations(page, live):
    """The live site has no address that fails, so the page a real failure gets here (Django's
    handler500 rendering 500.html with no context, then every middleware's headers) is served at
    an address of the live site, where its stylesheet loads as it would."""
    failed = Client(raise_request_exception=False).get("/boom/")
    assert failed.status_code == 500

    def fulfil(route: Route) -> None:
        route.fulfill(status=500, headers=dict(failed.headers), body=failed.content)

    page.route(live("/boom/"), fulfil)
    response = page.goto(live("/boom/"))

    assert response.status == 500
    expect(page).to_have_title(re.compile(r"^Sorry, there is a problem with the service – \S"))
    expect(page.get_by_role("main").get_by_role("heading", level=1)).to_have_text(
        "Sorry, there is a problem with the service"
    )
    assert page.evaluate("() => getComputedStyle(document.body).margin") == "0px"  # the stylesheet applies
    assert not [error for error in page.console_errors if "Content Security Policy" in error]
    assert axe_violations(page) == []


def test_the_form_expired_page_has_no_accessibility_violations(page, live):
    """A real CSRF failure: the form is sent after its security cookie is gone."""
    member = UserFactory()
    page.goto(live("/accounts/login/"))
    page.context.clear_cookies()

    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill("whatever it is")
    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        page.get_by_role("button", name="Sign in", exact=True).click()

    assert sent.value.status == 403
    expect(page).to_have_title(re.compile(r"^Your form has expired – "))
    expect(page.get_by_role("main").get_by_role("heading", level=1)).to_have_text("Your form has expired")
    assert axe_violations(page) == []
