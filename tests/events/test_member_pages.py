"""The events list and an event's page as signed-in members get them: the parts that are the same
for everyone are kept and reused, the member's own states cost a fixed number of queries, and
nothing of one reader reaches another."""

import re

import pytest
from django.urls import reverse

from events.models import Event
from events.services import registration_cancel, registration_create
from tests.events.factories import EventFactory, RegistrationFactory
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.members.factories import UserFactory
from tests.readers import parts_made, reader
from tests.round_trips import redis_round_trips

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LIST_PARTS = {"events/includes/event_results.html", "events/includes/event_filters.html"}
EVENT_PARTS = {"events/includes/event_details.html", "events/includes/event_about.html"}


@pytest.fixture
def calendar():
    circle = GroupFactory(name="Quiet circle", slug="quiet-circle", private=True)
    open_group = GroupFactory(name="Flow coaches", slug="flow-coaches")
    alice, bob = UserFactory(name="Alice Ashworth"), UserFactory(name="Bob Bellamy")
    MembershipFactory(group=circle, user=alice)
    webinar = EventFactory(group=open_group, title="Flow webinar", capacity=2, joining_url="https://meet.example.org/r")
    EventFactory(group=circle, title="Circle planning huddle")
    registration_create(event=webinar, user=alice)
    return {"alice": alice, "bob": bob, "webinar": webinar, "open_group": open_group}


def test_the_events_list_for_a_member_takes_a_fixed_number_of_queries(calendar, django_assert_max_num_queries):
    EventFactory.create_batch(25)
    alice = reader(calendar["alice"])
    alice.get(reverse("events:list"))

    with django_assert_max_num_queries(2):  # the member, and the private groups the member sees
        response = alice.get(reverse("events:list"))

    assert "Circle planning huddle" in response.content.decode()
    assert not parts_made(response, LIST_PARTS), "the filters, cards and page links were kept"


@pytest.mark.parametrize("in_a_private_group", [False, True])
def test_the_events_list_parts_come_with_the_session_for_most_members(calendar, in_a_private_group):
    # Alice belongs to a private group; Bob does not, as most members, and reads in the site's timezone.
    member = calendar["alice"] if in_a_private_group else calendar["bob"]
    client = reader(member)
    client.get(reverse("events:list"))

    with redis_round_trips() as sent:
        response = client.get(reverse("events:list"))

    assert "Flow webinar" in response.content.decode()
    assert not parts_made(response, LIST_PARTS), "the filters, cards and page links were kept"
    # The page's versions with the session and the parts; a member in a private group has their
    # own parts, asked for apart (one round trip each).
    assert len(sent) == (4 if in_a_private_group else 1), sent


@pytest.mark.parametrize("waitlisted", [False, True])
def test_an_event_page_for_a_member_takes_a_fixed_number_of_queries(
    calendar, django_assert_max_num_queries, waitlisted
):
    webinar = calendar["webinar"]
    bob = calendar["bob"]
    RegistrationFactory(event=webinar, user=UserFactory())
    if waitlisted:
        registration_create(event=webinar, user=bob)
    client = reader(bob)
    client.get(webinar.get_absolute_url())

    # The member, the event with the member's states; the waitlist position when on it.
    with django_assert_max_num_queries(3 if waitlisted else 2), redis_round_trips() as sent:
        response = client.get(webinar.get_absolute_url())

    html = response.content.decode()
    assert ("on the waitlist at number 1" in html) == waitlisted
    assert ("Join the waitlist" in html) == (not waitlisted)
    assert not parts_made(response, EVENT_PARTS)
    assert len(sent) <= 2, sent  # the page's versions with the session, its kept parts


def test_the_events_list_and_its_filters_show_each_reader_only_the_groups_they_may_see(calendar):
    readers = {"alice": reader(calendar["alice"]), "bob": reader(calendar["bob"]), "visitor": reader()}
    reused = 0
    for _turn in range(2):
        for name, client in readers.items():
            response = client.get(reverse("events:list"))
            html = response.content.decode()
            assert "Flow webinar" in html
            assert ("Circle planning huddle" in html) == (name == "alice"), name
            assert ('value="quiet-circle"' in html) == (name == "alice"), name
            reused += not parts_made(response, LIST_PARTS)
    assert reused >= 3


def test_bad_filters_answer_400_when_the_filters_are_kept_too(calendar):
    alice = reader(calendar["alice"])
    path = reverse("events:list") + "?start=2026-05-02&end=2026-05-01"

    assert alice.get(path).status_code == 400
    response = alice.get(path)
    assert response.status_code == 400
    assert not parts_made(response, LIST_PARTS)
    assert "must not be before its start" in response.content.decode()


def test_an_event_page_gives_each_reader_their_own_place_in_turns(calendar):
    webinar = calendar["webinar"]
    readers = {"alice": reader(calendar["alice"]), "bob": reader(calendar["bob"]), "visitor": reader()}
    personal = {
        "alice": ["You are registered for this event.", "https://meet.example.org/r", "Cancel my place"],
        "bob": ["Register</button>"],
        "visitor": ["to register."],
    }
    tokens: dict[str, set[str]] = {name: set() for name in readers}
    reused = 0
    for _turn in range(2):
        for name, client in readers.items():
            response = client.get(webinar.get_absolute_url())
            html = response.content.decode()
            assert "1 of 2 places left" in html
            for mark in {mark for marks in personal.values() for mark in marks}:
                assert (mark in html) == (mark in personal[name]), f"{name}: {mark!r}"
            tokens[name] |= set(TOKEN.findall(html))
            reused += response.context is None or not parts_made(response, EVENT_PARTS)
    assert not tokens["alice"] & tokens["bob"]
    assert not tokens["visitor"]
    assert reused >= 4


def test_a_private_groups_event_is_not_found_for_a_non_member_after_a_member_kept_its_parts(calendar):
    huddle = Event.objects.get(title="Circle planning huddle")
    assert reader(calendar["alice"]).get(huddle.get_absolute_url()).status_code == 200

    assert reader(calendar["bob"]).get(huddle.get_absolute_url()).status_code == 404
    assert reader().get(huddle.get_absolute_url()).status_code == 404


def test_a_registration_change_shows_at_once_for_the_member_and_in_the_places_for_others(
    calendar, django_capture_on_commit_callbacks
):
    webinar, alice, bob = calendar["webinar"], reader(calendar["alice"]), reader(calendar["bob"])
    assert "1 of 2 places left" in bob.get(webinar.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        registration_create(event=webinar, user=calendar["bob"])

    html = bob.get(webinar.get_absolute_url()).content.decode()
    assert "You are registered for this event." in html
    assert "Full" in html
    assert "Full" in alice.get(webinar.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(event=webinar, user=calendar["alice"])

    html = alice.get(webinar.get_absolute_url()).content.decode()
    assert "You are registered" not in html
    assert "1 of 2 places left" in html


def test_a_new_event_shows_on_the_events_list_for_members(calendar, django_capture_on_commit_callbacks):
    bob = reader(calendar["bob"])
    bob.get(reverse("events:list"))

    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(group=calendar["open_group"], title="Run charts clinic")

    assert "Run charts clinic" in bob.get(reverse("events:list")).content.decode()
