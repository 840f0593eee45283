"""The Save for later button as members get it (casestudies/templatetags/bookmark_buttons.py): kept
once a process for each case study and state, with only the member's CSRF token, the address to
come back to and the announcement put in per request, so that it looks exactly as its template
makes it and nothing of one reader reaches another."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory

from casestudies.library.models import Bookmark
from casestudies.templatetags import bookmark_buttons
from tests.casestudies.factories import CaseStudyFactory
from tests.members.factories import UserFactory
from tests.readers import reader

pytestmark = pytest.mark.django_db

BUTTON = "casestudies/includes/bookmark_button.html"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_two_members_and_a_visitor_in_turns_each_get_only_their_own_button():
    case_study = CaseStudyFactory(title="Discharge before noon")
    alice, bob = UserFactory(), UserFactory()
    Bookmark.objects.create(user=alice, case_study=case_study)
    readers = {"alice": reader(alice), "bob": reader(bob), "visitor": reader()}
    tokens: dict[str, set[str]] = {name: set() for name in readers}
    for turn in range(2):
        for name, client in readers.items():
            response = client.get(case_study.get_absolute_url())
            html = response.content.decode()
            [button] = re.findall(rf'<div id="bookmark-{case_study.pk}".*?</div>', html, re.S)
            assert ("Remove from saved" in button) == (name == "alice"), name
            assert ("Save for later" in button) == (name == "bob"), name
            assert ("to save case studies for later" in button) == (name == "visitor"), name
            if name != "visitor":
                assert TOKEN.findall(button) == TOKEN.findall(html)[:1], "the page's own token"
                tokens[name] |= set(TOKEN.findall(button))
                if turn:
                    assert BUTTON not in {template.name for template in response.templates}, "made again"
    assert not tokens["alice"] & tokens["bob"], "a CSRF token reached another member"
    kept = "".join(piece for pieces in bookmark_buttons.kept.pieces() for piece in pieces)
    for personal in [*tokens["alice"], *tokens["bob"], "nonce="]:
        assert personal not in kept, f"the process keeps {personal!r}"


@pytest.mark.parametrize(("bookmarked", "come_back_to"), [(False, ""), (True, ""), (True, "bookmarks")])
def test_the_kept_button_is_what_its_template_makes(bookmarked, come_back_to):
    member = UserFactory()
    case_study = CaseStudyFactory(title="Ann's <b>ward</b> & co")
    request = RequestFactory().get(case_study.get_absolute_url())
    request.user = member
    context = {
        "case_study": case_study,
        "user": member,
        "csrf_token": "t" * 64,
        "request": request,
        "announcement": "Saved & <b>",
    }
    included = engines["django"].from_string(
        '{% include "casestudies/includes/bookmark_button.html" with bookmarked=bookmarked next=come_back_to %}'
    )
    tagged = engines["django"].from_string(
        "{% load bookmark_buttons %}{% bookmark_button case_study bookmarked come_back_to=come_back_to %}"
    )
    values = {**context, "bookmarked": bookmarked, "come_back_to": come_back_to}
    for _twice in range(2):  # made, then kept
        assert tagged.render(values) == included.render(values)
