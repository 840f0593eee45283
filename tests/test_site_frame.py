"""The frame of every page (qportal/frame.py): kept for the process for each kind of reader, with
only the reader's own name, unread count and CSRF token put in per request, so that it looks
exactly as its templates make it and nothing of one reader reaches another."""

import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from qportal import frame, navigation
from tests.members.factories import CuratorFactory, UserFactory
from tests.readers import reader

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HEADER = re.compile(r'<a class="nhsuk-skip-link".*?</header>', re.S)


def _header(html: str) -> str:
    found = HEADER.search(html)
    assert found, "no site header"
    return found.group()


def _kept_text() -> str:
    return "".join(piece for pieces in frame.kept.pieces() for piece in pieces)


def test_two_members_and_a_visitor_in_turns_each_get_only_their_own_header():
    alice = UserFactory(name="Alice Ashworth", unread_notifications=3)
    bob = UserFactory(name="Bob Bellamy")
    readers = {"alice": reader(alice), "bob": reader(bob), "visitor": reader()}
    tokens: dict[str, set[str]] = {name: set() for name in readers}
    for _turn in range(2):
        for name, client in readers.items():
            header = _header(client.get(reverse("casestudies:list")).content.decode())
            assert ("Alice<span" in header) == (name == "alice"), name
            assert ("Bob<span" in header) == (name == "bob"), name
            assert ("Notifications (3)" in header) == (name == "alice"), name
            assert ("Sign out" in header) == (name != "visitor"), name
            assert ("Create an account" in header) == (name == "visitor"), name
            tokens[name] |= set(TOKEN.findall(header))
    assert tokens["alice"]
    assert tokens["bob"]
    assert not tokens["alice"] & tokens["bob"], "a CSRF token reached another member"
    assert not tokens["visitor"], "a visitor's header holds a member's CSRF token"
    kept = _kept_text()
    for personal in ["Alice", "Bob", "(3)", *tokens["alice"], *tokens["bob"], "nonce="]:
        assert personal not in kept, f"the process keeps {personal!r}"


@pytest.mark.parametrize("kind", ["visitor", "member", "member with unread", "curator"])
@pytest.mark.parametrize("path", ["/", "/groups/some-group/", "/events/", "/case-studies/?q=flow"])
def test_the_kept_header_is_what_its_template_makes_for_the_reader(kind, path):
    users = {
        "visitor": None,
        "member": UserFactory(name="Ann <b>O'Neil</b> & co"),
        "member with unread": UserFactory(name="Una Read", unread_notifications=12),
        "curator": CuratorFactory(name="Cora Curator"),
    }
    user = users[kind]
    request = RequestFactory().get(path)
    token = "a" * 64 if user else None
    for _twice in range(2):  # made, then kept
        filled = frame.header(request, user, token)
        made = render_to_string(
            "includes/site_header.html",
            {"user": user, "csrf_token": token, "header_links": navigation.header_links(),
             "main_navigation": navigation.main_navigation(request.path), "SITE_NAME": settings.SITE_NAME},
        )  # fmt: skip
        assert filled == made


def test_the_menu_marks_the_section_of_the_page_as_current():
    member = reader(UserFactory())
    groups = _header(member.get(reverse("groups:list")).content.decode())
    events = _header(member.get(reverse("events:list")).content.decode())

    assert re.search(r'aria-current="true"><strong[^>]*>Groups<', groups)
    assert re.search(r'aria-current="true"><strong[^>]*>Events<', events)
    assert groups.count("aria-current") == events.count("aria-current") == 1


def test_a_name_that_looks_like_a_mark_is_shown_as_written_and_never_filled():
    sly = UserFactory(name=f"{frame.CSRF_TOKEN}Sly")
    header = _header(reader(sly).get(reverse("casestudies:list")).content.decode())

    assert f"{frame.CSRF_TOKEN}Sly<span" in header
    assert len(TOKEN.findall(header)) == 1
