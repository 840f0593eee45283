"""The groups list and a group's page as signed-in members get them: the parts that are the same for
everyone are kept and reused across members, only the personal states are made per request (in a
fixed number of queries), and nothing of one reader reaches another."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from groups.models import Group
from groups.services import membership_join
from members.models import FollowKind
from members.services import follow_add
from tests.events.factories import EventFactory
from tests.groups.conftest import build_world, curator_with_mfa
from tests.groups.factories import GroupFactory, MembershipFactory, ThreadFactory
from tests.members.factories import UserFactory
from tests.readers import parts_made, reader
from tests.round_trips import redis_round_trips

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
GROUP_PARTS = {
    "groups/includes/group_header.html",
    "groups/includes/thread_rows.html",
    "events/includes/group_events.html",
}
LIST_PARTS = {"groups/includes/group_results.html"}


@pytest.fixture
def town():
    flow = GroupFactory(name="Flow coaches", slug="flow-coaches")
    alice_only = GroupFactory(name="Alice's quiet circle", slug="alices-circle", private=True)
    bob_only = GroupFactory(name="Bob's quiet circle", slug="bobs-circle", private=True)
    alice, bob = UserFactory(name="Alice Ashworth"), UserFactory(name="Bob Bellamy")
    MembershipFactory(group=flow, user=alice)
    MembershipFactory(group=alice_only, user=alice)
    MembershipFactory(group=bob_only, user=bob)
    moderator = MembershipFactory(group=flow, moderator=True, user=UserFactory(name="Mo Derator")).user
    follow_add(user=alice, kind=FollowKind.GROUP, object_id=flow.pk, name=flow.name)
    ThreadFactory(group=flow, title="Huddles that work")
    EventFactory(group=flow, title="Flow huddle webinar")
    return {"flow": flow, "alice": alice, "bob": bob, "moderator": moderator}


def test_the_groups_list_for_a_member_takes_a_fixed_number_of_queries(town, django_assert_max_num_queries):
    GroupFactory.create_batch(25)
    alice = reader(town["alice"])
    alice.get(reverse("groups:list"))

    with django_assert_max_num_queries(2):  # the member, and the member's groups
        response = alice.get(reverse("groups:list"))

    assert "Flow coaches" in response.content.decode()
    assert not parts_made(response, LIST_PARTS), "the cards and page links were kept"


def test_a_group_page_for_a_member_takes_a_fixed_number_of_queries(town, django_assert_max_num_queries):
    ThreadFactory.create_batch(6, group=town["flow"])
    EventFactory.create_batch(6, group=town["flow"])
    alice = reader(town["alice"])
    path = town["flow"].get_absolute_url()
    alice.get(path)

    with django_assert_max_num_queries(2), redis_round_trips() as sent:  # the member, and the group with its states
        response = alice.get(path)

    assert "You are a member of this group." in response.content.decode()
    # The page's versions, with the session, the group's kept parts and the events section's.
    assert len(sent) == 1, sent
    assert not parts_made(response, GROUP_PARTS), "the header, threads and events were kept"


def test_the_groups_list_shows_each_reader_only_the_private_groups_they_belong_to(town):
    readers = {
        "alice": reader(town["alice"]),
        "bob": reader(town["bob"]),
        "visitor": reader(),
        "curator": reader(curator_with_mfa()),
    }
    shown = {"alice": "Alice's quiet circle", "bob": "Bob's quiet circle"}
    reused = 0
    for _turn in range(2):
        for name, client in readers.items():
            response = client.get(reverse("groups:list"))
            html = response.content.decode().replace("&#x27;", "'")
            assert "Flow coaches" in html
            for other, group in shown.items():
                # Curators may see every group; the others only the private groups they belong to.
                assert (group in html) == (other == name or name == "curator"), f"{name} and {group}"
            if name == "visitor":
                assert "My groups" not in html
            else:
                assert "My groups" in html
            reused += not parts_made(response, LIST_PARTS)
    assert reused >= 4, "the part is kept for readers who see the same groups"


def test_a_group_page_gives_each_reader_their_own_states_in_turns(town):
    readers = {
        "alice": reader(town["alice"]),
        "bob": reader(town["bob"]),
        "moderator": reader(town["moderator"]),
        "visitor": reader(),
    }
    personal = {
        "alice": ["You are a member of this group.", "Stop following Flow coaches", "Start a discussion"],
        "bob": ["Join this group", "Follow Flow coaches"],
        "moderator": [
            "You are a moderator of this group.",
            "Add an event",
            "Edit the group",
            "Start a discussion",
            "Follow Flow coaches",
        ],
        "visitor": ["Sign in to join"],
    }
    path = town["flow"].get_absolute_url()
    tokens: dict[str, set[str]] = {name: set() for name in readers}
    reused = 0
    for _turn in range(2):
        for name, client in readers.items():
            response = client.get(path)
            html = response.content.decode()
            assert "Huddles that work" in html
            assert "Flow huddle webinar" in html
            assert "2 members" in html
            for mark in {mark for marks in personal.values() for mark in marks}:
                assert (mark in html) == (mark in personal[name]), f"{name}: {mark!r}"
            tokens[name] |= set(TOKEN.findall(html))
            reused += response.context is None or not parts_made(response, GROUP_PARTS)
    assert not tokens["alice"] & tokens["bob"], "a CSRF token reached another member"
    assert not tokens["visitor"], "a visitor's page holds a member's CSRF token"
    assert reused >= 6


def test_a_private_groups_page_is_not_found_for_a_non_member_after_a_member_kept_its_parts(town):
    circle = reverse("groups:detail", args=["alices-circle"])
    assert reader(town["alice"]).get(circle).status_code == 200

    assert reader(town["bob"]).get(circle).status_code == 404
    assert reader().get(circle).status_code == 404


def test_joining_a_group_shows_on_the_list_and_the_group_page_for_everyone(town, django_capture_on_commit_callbacks):
    bob = reader(town["bob"])
    alice = reader(town["alice"])
    path = town["flow"].get_absolute_url()
    assert "2 members" in alice.get(path).content.decode()
    assert "Join this group" in bob.get(path).content.decode()
    bob.get(reverse("groups:list"))

    with django_capture_on_commit_callbacks(execute=True):
        membership_join(group=town["flow"], user=town["bob"])

    assert "3 members" in alice.get(path).content.decode()
    html = bob.get(path).content.decode()
    assert "You are a member of this group." in html
    assert "3 members" in html
    assert "3 members" in bob.get(reverse("groups:list")).content.decode()
    assert "Flow coaches" in bob.get(reverse("groups:list")).content.decode().split("My groups")[1]


def test_a_new_event_and_a_new_thread_show_on_the_group_page(town, django_capture_on_commit_callbacks):
    alice = reader(town["alice"])
    path = town["flow"].get_absolute_url()
    alice.get(path)

    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(group=town["flow"], title="Run charts clinic")
        ThreadFactory(group=town["flow"], title="Measuring without tears")

    html = alice.get(path).content.decode()
    assert "Run charts clinic" in html
    assert "Measuring without tears" in html


@pytest.mark.parametrize("visibility", [{}, {"by_request": True}, {"private": True}])
def test_a_groups_own_visibility_rule_agrees_with_the_querysets_for_everyone(visibility):
    world = build_world(**visibility)
    readers = [*world.people.values(), world.requester, UserFactory()]
    for person in readers:
        user = person or AnonymousUser()
        in_queryset = Group.objects.visible_to(user).filter(pk=world.group.pk).exists()
        read_with_reader = Group.objects.with_reader(user).get(pk=world.group.pk)
        assert read_with_reader.is_visible_to(user) == in_queryset, person
        assert Group.objects.get(pk=world.group.pk).is_visible_to(user) == in_queryset, person


def test_a_group_pages_events_read_ahead_in_the_sites_timezone_never_reach_a_reader_in_another(town):
    town["bob"].timezone = "America/New_York"
    town["bob"].save()
    readers = {"alice": reader(town["alice"]), "bob": reader(town["bob"]), "visitor": reader()}
    path = town["flow"].get_absolute_url()
    for _turn in range(2):
        for name, client in readers.items():
            html = client.get(path).content.decode()
            assert "Flow huddle webinar" in html
            assert ("(America/New_York)" in html) == (name == "bob"), name
            assert ("(Europe/London)" in html) == (name != "bob"), name
