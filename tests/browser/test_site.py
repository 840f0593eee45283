"""The browser test harness itself: the real server, worker, email and browser work together."""

import uuid

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from core.tasks import ping
from tests.browser.axe import assert_accessible
from tests.browser.mail import body_text
from tests.members.factories import UserFactory
from tests.processes import wait_for

pytestmark = pytest.mark.browser


def test_the_home_page_is_served_with_its_stylesheet_and_script_and_no_csp_violation(page, live):
    response = page.goto(live("/"))

    assert response.status == 200
    expect(page.get_by_role("link", name="Skip to main content")).to_be_attached()
    assert page.evaluate("() => document.styleSheets.length") >= 1
    assert page.evaluate("() => getComputedStyle(document.body).margin") == "0px"
    expect(page.locator("body")).to_have_class("js-enabled nhsuk-frontend-supported")
    assert page.console_errors == []


def test_without_javascript_the_page_is_still_styled_and_nothing_ran(page_without_js, live):
    page_without_js.goto(live("/"))

    expect(page_without_js.locator("body")).not_to_have_class("js-enabled nhsuk-frontend-supported")
    assert page_without_js.evaluate  # evaluate still works through the debugging protocol
    expect(page_without_js.get_by_role("link", name="Sign in")).to_be_visible()


def test_the_home_page_has_no_accessibility_violations(page, live):
    page.goto(live("/"))

    assert_accessible(page)


def test_a_password_reset_email_reaches_the_smtp_sink(page, live):
    member = UserFactory()
    page.goto(live("/accounts/password/reset/"))

    page.get_by_label("Email").fill(member.email)
    page.get_by_role("button", name="Reset my password").click()

    message = live.mailbox.wait_for(to=member.email, subject="reset your password")
    assert "/accounts/password/reset/key/" in body_text(message)


def test_the_real_worker_runs_tasks_sent_to_the_default_queue(live):
    token = uuid.uuid4().hex

    ping.delay(token)

    wait_for(lambda: cache.get(f"celery-ping:{token}") == "pong", timeout=60, what="the worker to run the task")
