"""Parts of pages kept for everyone (core.kept_parts) are reused across members, and nothing of one
reader ever reaches another: two members and a visitor ask for the same pages in turns."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from casestudies.library.services import bookmark_add
from core.kept_parts import kept_part
from events.services import registration_create
from members.models import FollowKind
from members.services import follow_add
from tests.casestudies.factories import CaseStudyFactory, OutcomeMeasureFactory, TopicFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.members.factories import UserFactory
from tests.round_trips import redis_round_trips

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def library():
    topic = TopicFactory(name="Patient flow")
    case_study = CaseStudyFactory(title="Huddles on the wards", topics=[topic])
    OutcomeMeasureFactory(case_study=case_study, label="Length of stay")
    CaseStudyFactory(title="Discharge before noon", topics=[topic])
    group = GroupFactory(name="Flow coaches")
    group.topics.set([topic])
    alice, bob = UserFactory(name="Alice Ashworth"), UserFactory(name="Bob Bellamy")
    bookmark_add(user=alice, case_study=case_study)
    follow_add(user=alice, kind=FollowKind.TOPIC, object_id=topic.pk, name=topic.name)
    MembershipFactory(group=group, user=alice)
    MembershipFactory(group=group, user=UserFactory(name="Mo Derator"), moderator=True)
    return {"topic": topic, "case_study": case_study, "group": group, "alice": alice, "bob": bob}


def _readers(library) -> dict[str, Client]:
    alice, bob = Client(), Client()
    alice.force_login(library["alice"])
    bob.force_login(library["bob"])
    return {"alice": alice, "bob": bob, "visitor": Client()}


def _pages(library) -> dict[str, tuple[str, set[str]]]:
    """Each page, and the templates of its kept parts."""
    case_study, group, topic = library["case_study"], library["group"], library["topic"]
    return {
        "library": (reverse("casestudies:list") + f"?topic={topic.slug}", {"casestudies/includes/library_part.html"}),
        "case study": (
            case_study.get_absolute_url(),
            {
                "casestudies/includes/detail_head.html",
                "casestudies/includes/detail_lead.html",
                "casestudies/includes/detail_results.html",
                "casestudies/includes/adaptations.html",
                "casestudies/includes/detail_sections.html",
                "casestudies/includes/detail_related.html",
                "casestudies/includes/detail_authors.html",
                "casestudies/includes/detail_facts.html",
            },
        ),
        "group": (
            reverse("groups:detail", args=[group.slug]),
            {
                "groups/includes/group_about.html",
                "groups/includes/group_related.html",
                "groups/includes/group_moderators.html",
            },
        ),
    }


# What each reader, and only that reader, sees on each page.
PERSONAL = {
    "alice": {
        "library": ["Alice", "Stop following Patient flow", "Sign out"],
        "case study": ["Alice", "Remove from saved", "Sign out"],
        "group": ["Alice", "You are a member of this group.", "Sign out"],
    },
    "bob": {
        "library": ["Bob", "Follow Patient flow", "Sign out"],
        "case study": ["Bob", "Save for later", "Sign out"],
        "group": ["Bob", "Join this group", "Sign out"],
    },
    "visitor": {
        "library": ["Sign in"],
        "case study": ["to save case studies for later"],
        "group": ["Sign in to join"],
    },
}


def _short(name: str) -> str:
    return name.split()[0]


@pytest.mark.parametrize("page", ["library", "case study", "group"])
def test_members_and_a_visitor_in_turns_each_get_only_their_own(library, page):
    readers = _readers(library)
    path, parts = _pages(library)[page]
    others = {"alice": "Bob Bellamy", "bob": "Alice Ashworth"}
    tokens: dict[str, set[str]] = {name: set() for name in readers}
    reused = 0
    for turn in range(2):
        for name, client in readers.items():
            response = client.get(path)
            html = response.content.decode()
            assert response.status_code == 200
            for shown in PERSONAL[name][page]:
                assert shown in html, f"{name} on the {page} page, turn {turn}: {shown!r} missing"
            if name in others:
                assert _short(others[name]) not in html
                assert "Sign out" in html
            else:
                assert "Sign out" not in html
                assert "Remove from saved" not in html
                assert "Stop following" not in html
                assert "You are a member of this group." not in html
            tokens[name] |= set(TOKEN.findall(html))
            rendered = {template.name for template in response.templates}
            reused += not (parts & rendered)
    assert not tokens["alice"] & tokens["bob"], "a CSRF token reached another member"
    assert not tokens["visitor"], "a visitor's page holds a member's CSRF token"
    # Every reader after the first got the parts as kept (the visitor's second turn gets the whole page kept).
    assert reused >= 4


def test_a_members_case_study_page_with_its_parts_kept_asks_two_queries(library, django_assert_max_num_queries):
    alice = Client()
    alice.force_login(library["alice"])
    path = library["case_study"].get_absolute_url()
    alice.get(path)

    with django_assert_max_num_queries(2), redis_round_trips() as sent:  # the member, and the case study
        response = alice.get(path)

    # The page's versions, with the session and the page's parts as a reader who is not its author gets them.
    assert len(sent) == 1, sent

    html = response.content.decode()
    assert "Remove from saved" in html
    assert "Huddles on the wards" in html
    assert "Length of stay" in html
    assert not {t.name for t in response.templates} & _pages(library)["case study"][1], "a part was made again"


def test_a_members_search_with_its_part_kept_asks_redis_once(library, django_assert_max_num_queries):
    alice = Client()
    alice.force_login(library["alice"])
    path = reverse("casestudies:list") + "?q=huddles"
    alice.get(path)

    with django_assert_max_num_queries(1), redis_round_trips() as sent:  # the member
        response = alice.get(path)

    # The page's versions, with the session, the vocabulary's version and the kept part.
    assert len(sent) == 1, sent
    html = response.content.decode()
    assert "Huddles on the wards" in html
    assert "Alice" in html
    assert "casestudies/includes/library_part.html" not in {t.name for t in response.templates}


def test_an_author_and_a_reader_of_a_published_case_study_in_turns_each_get_their_own_links(library):
    author = UserFactory(name="Ada Author")
    case_study = CaseStudyFactory(title="Published and shared", author=author)
    readers = {"author": Client(), "reader": Client(), "visitor": Client()}
    readers["author"].force_login(author)
    readers["reader"].force_login(library["bob"])

    for _turn in range(2):
        for name, client in readers.items():
            html = client.get(case_study.get_absolute_url()).content.decode()
            assert ("You are an author of this case study." in html) is (name == "author")
            assert ("We are adapting this: tell others" in html) is (name != "author")
            assert ("Ask the authors a question" in html) is (name == "reader")


def test_an_authors_own_links_are_never_kept_for_others(library):
    author = UserFactory(name="Ada Author")
    case_study = CaseStudyFactory(title="Still being written", status="draft", author=author)
    OutcomeMeasureFactory(case_study=case_study, label="Waiting time")
    client = Client()
    client.force_login(author)

    client.get(case_study.get_absolute_url())
    response = client.get(case_study.get_absolute_url())

    assert "casestudies/includes/detail_results.html" in {t.name for t in response.templates}, "made afresh"


def test_a_part_holding_a_csrf_token_or_a_nonce_is_never_kept(rf):
    request = rf.get("/case-studies/")
    request.page_versions = "library=1"
    made = []

    def personal() -> str:
        made.append(1)
        return '<input type="hidden" name="csrfmiddlewaretoken" value="abc">'

    kept_part(request, "test", personal)
    kept_part(request, "test", personal)

    assert len(made) == 2


def test_a_part_kept_under_other_versions_is_made_again(rf):
    request = rf.get("/case-studies/")
    request.page_versions = "library=1"
    assert kept_part(request, "test", lambda: "<p>first</p>") == "<p>first</p>"
    assert kept_part(request, "test", lambda: "<p>again</p>") == "<p>first</p>"

    request.page_versions = "library=2"

    assert kept_part(request, "test", lambda: "<p>second</p>") == "<p>second</p>"
    assert kept_part(request, "test", lambda: "<p>again</p>") == "<p>second</p>"


def test_a_change_retires_the_parts_for_members_too(library, django_capture_on_commit_callbacks):
    readers = _readers(library)
    path = library["case_study"].get_absolute_url()
    readers["bob"].get(path)

    with django_capture_on_commit_callbacks(execute=True):
        case_study = library["case_study"]
        case_study.lessons = "Start with one ward and a daily huddle."
        case_study.save()

    assert "Start with one ward and a daily huddle." in readers["alice"].get(path).content.decode()


@pytest.fixture
def events():
    quality = GroupFactory(name="Quality leads", private=True)
    alice = UserFactory(name="Alice Ashworth")
    bob = UserFactory(name="Bob Bellamy")
    MembershipFactory(group=quality, user=alice)
    webinar = EventFactory(
        site=True, title="Flow webinar", capacity=10, joining_url="https://meet.example.org/flow-room"
    )
    EventFactory(group=quality, title="Private planning huddle")
    registration_create(event=webinar, user=alice)
    return {"alice": alice, "bob": bob, "webinar": webinar}


EVENT_PAGE_PARTS = {"events/includes/event_details.html", "events/includes/event_about.html"}
EVENTS_LIST_PARTS = {"events/includes/event_results.html"}


def _in_turns(readers: dict[str, Client], path: str, parts: set[str], check) -> int:
    """Each reader asks twice, in turns; `check` looks at each page; returns how many reused the parts."""
    tokens: dict[str, set[str]] = {name: set() for name in readers}
    reused = 0
    for _turn in range(2):
        for name, client in readers.items():
            response = client.get(path)
            assert response.status_code == 200
            html = response.content.decode()
            check(name, html)
            tokens[name] |= set(TOKEN.findall(html))
            reused += not (parts & {template.name for template in response.templates})
    assert not tokens["alice"] & tokens["bob"], "a CSRF token reached another member"
    assert not tokens["visitor"], "a visitor's page holds a member's CSRF token"
    return reused


def test_an_events_page_gives_each_reader_only_their_own_place(events):
    readers = _readers(events)

    def check(name: str, html: str) -> None:
        assert "Bring <strong>your own data</strong>" in html
        assert "10 of 10 places left" not in html
        assert "9 of 10 places left" in html
        registered = ["Alice", "You are registered for this event.", "https://meet.example.org/flow-room"]
        if name == "alice":
            assert all(shown in html for shown in [*registered, "Cancel my place"]), name
        else:
            assert not any(shown in html for shown in registered), f"{name} got Alice's place"
        if name == "bob":
            assert "Bob" in html
            assert '<button class="nhsuk-button" type="submit">Register</button>' in html
        if name == "visitor":
            assert "create an account</a> to register" in html
            assert "Sign out" not in html

    reused = _in_turns(readers, events["webinar"].get_absolute_url(), EVENT_PAGE_PARTS, check)

    # Only Alice's first visit made the parts: everyone else got them as kept.
    assert reused == 5


def test_the_events_list_never_shows_a_private_groups_event_to_those_outside_it(events):
    readers = _readers(events)

    def check(name: str, html: str) -> None:
        assert "Flow webinar" in html
        if name == "alice":
            assert "Private planning huddle" in html
            assert "Alice" in html
        else:
            assert "Private planning huddle" not in html, f"{name} saw a private group's event"
        assert ("Bob" in html) == (name == "bob")

    reused = _in_turns(readers, reverse("events:list"), EVENTS_LIST_PARTS, check)

    # Alice's cards (with her group's event) and Bob's were made once each; the visitor shares Bob's.
    assert reused == 4


def test_event_times_kept_for_one_timezone_never_reach_a_reader_in_another(events):
    events["bob"].timezone = "America/New_York"
    events["bob"].save()
    readers = _readers(events)
    path = events["webinar"].get_absolute_url()

    for _turn in range(2):
        for name, client in readers.items():
            detail = client.get(path).content.decode()
            listing = client.get(reverse("events:list")).content.decode()
            in_new_york = name == "bob"
            assert ("In your timezone that is" in detail) == in_new_york, name
            assert ("(America/New_York)" in listing) == in_new_york, name
            assert ("(Europe/London)" in listing) != in_new_york, name
