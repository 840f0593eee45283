"""The Follow button as members get it (members/templatetags/follow_buttons.py): kept once a process
for each thing followed and state, with only the member's CSRF token, the address to come back to
and the announcement put in per request, so that it looks exactly as its template makes it and
nothing of one reader reaches another."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from members.follows import Followable, FollowButton, FollowKind
from members.services import follow_add
from members.templatetags import follow_buttons
from tests.casestudies.factories import CaseStudyFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.readers import reader

pytestmark = pytest.mark.django_db

BUTTON = "members/includes/follow_button.html"
FORM = re.compile(r'<div id="follow-topic-patient-flow".*?</div>', re.S)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_two_members_and_a_visitor_in_turns_each_get_only_their_own_button():
    flow = TopicFactory(name="Patient flow", slug="patient-flow")
    CaseStudyFactory(topics=[flow])
    alice, bob = UserFactory(), UserFactory()
    follow_add(user=alice, kind=FollowKind.TOPIC, object_id=flow.pk, name=flow.name)
    readers = {"alice": reader(alice), "bob": reader(bob), "visitor": reader()}
    tokens: dict[str, set[str]] = {name: set() for name in readers}
    for turn in range(2):
        for name, client in readers.items():
            path = reverse("casestudies:list") + f"?topic=patient-flow&page={turn + 1}"
            response = client.get(path)
            html = response.content.decode()
            [button] = FORM.findall(html)
            assert ("Stop following Patient flow" in button) == (name == "alice"), name
            assert ('value="follow"' in button) == (name == "bob"), name
            assert ("Sign in</a> to follow Patient flow" in button) == (name == "visitor"), name
            if name != "visitor":
                # The page's own token and address, as the template puts them.
                assert TOKEN.findall(button) == TOKEN.findall(html)[:1]
                assert f'name="next" value="{path.replace("&", "&amp;")}"' in button
                tokens[name] |= set(TOKEN.findall(button))
                if turn:
                    assert BUTTON not in {template.name for template in response.templates}, "made again"
    assert not tokens["alice"] & tokens["bob"], "a CSRF token reached another member"
    kept = "".join(piece for pieces in follow_buttons.kept.pieces() for piece in pieces)
    for personal in [*tokens["alice"], *tokens["bob"], "page=", "nonce="]:
        assert personal not in kept, f"the process keeps {personal!r}"


@pytest.mark.parametrize("following", [False, True])
def test_the_kept_button_is_what_its_template_makes(following):
    member = UserFactory()
    request = RequestFactory().get("/people/12/?tab=work&x=<b>")
    request.user = member
    button = FollowButton(Followable(FollowKind.PERSON, 12, "12", "Ann <b>O'Neil</b> & co"), following, "Done & <b>")
    context = {"button": button, "user": member, "csrf_token": "t" * 64, "request": request}
    included = engines["django"].from_string('{% include "members/includes/follow_button.html" %}')
    tagged = engines["django"].from_string("{% load follow_buttons %}{% follow_button button %}")
    for _twice in range(2):  # made, then kept
        assert tagged.render(context) == included.render(context)


def test_the_process_keeps_at_most_its_bound_forgetting_the_least_used_first(monkeypatch):
    monkeypatch.setattr(follow_buttons.kept, "most", 2)
    follow_buttons.kept._pieces.clear()
    made = []

    def kind(name):
        return follow_buttons.kept.filled(("follow", name), lambda: made.append(name) or f"<p>{name}</p>", {})

    kind("a"), kind("b"), kind("a"), kind("c")  # "b" is the least used when "c" comes

    assert kind("a") == "<p>a</p>"
    kind("b")
    assert made == ["a", "b", "c", "b"], "only the least used was forgotten"
