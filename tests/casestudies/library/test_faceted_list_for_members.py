"""The library filtered by facets, for a member: the results are kept for everyone, and what is
the member's own (the follow buttons of the chosen terms) costs one small query whatever is chosen."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from casestudies.library import browse
from members.models import FollowKind
from members.services import follow_add, follow_remove
from tests.casestudies.factories import CareSettingFactory, CaseStudyFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.readers import parts_made, reader
from tests.round_trips import redis_round_trips

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]
PART = {"casestudies/includes/library_part.html"}


@pytest.fixture
def terms():
    flow = TopicFactory(name="Patient flow", slug="patient-flow")
    community = CareSettingFactory(name="Community care", slug="community")
    CaseStudyFactory(title="Huddles in the community", topics=[flow], care_settings=[community])
    return flow, community


def two_facets(flow, community) -> str:
    return reverse("casestudies:list") + f"?topic={flow.slug}&setting={community.slug}"


def test_a_member_with_the_results_kept_asks_two_queries(terms, django_assert_max_num_queries):
    member = reader(UserFactory())
    path = two_facets(*terms)
    member.get(path)

    # The member, and which of the chosen terms they follow; the terms are known from the cache.
    with django_assert_max_num_queries(2):
        response = member.get(path)

    assert not parts_made(response, PART), "the results were made again"
    html = response.content.decode()
    assert "Follow Patient flow" in html
    assert "Follow Community care" in html


def test_a_member_reads_the_chosen_terms_results_and_session_in_one_round_trip_to_redis(terms):
    member = reader(UserFactory())
    path = two_facets(*terms)
    member.get(path)

    with redis_round_trips() as sent:
        response = member.get(path)

    assert not parts_made(response, PART), "the results were made again"
    assert "Follow Community care" in response.content.decode()
    # The page's versions, with the session, the results and the chosen kinds' terms beside them.
    assert len(sent) == 1, sent


def test_a_visitor_after_the_first_asks_no_query(terms, django_assert_max_num_queries):
    path = two_facets(*terms)
    reader().get(path)
    visitor = reader()

    with django_assert_max_num_queries(0):
        response = visitor.get(path)

    assert "to follow Patient flow" in response.content.decode()


def test_members_and_a_visitor_in_turns_each_see_only_their_own_follows(terms):
    flow, community = terms
    alice, bob = UserFactory(name="Alice Ashworth"), UserFactory(name="Bob Bellamy")
    follow_add(user=alice, kind=FollowKind.TOPIC, object_id=flow.pk, name=flow.name)
    follow_add(user=bob, kind=FollowKind.SETTING, object_id=community.pk, name=community.name)
    readers = {"alice": reader(alice), "bob": reader(bob), "visitor": reader()}
    path = two_facets(flow, community)
    expected = {
        "alice": ["Stop following Patient flow", "Follow Community care"],
        "bob": ["Follow Patient flow", "Stop following Community care"],
        "visitor": ["to follow Patient flow", "to follow Community care"],
    }
    unexpected = {
        "alice": ["Stop following Community care", "Bob"],
        "bob": ["Stop following Patient flow", "Alice"],
        "visitor": ["Stop following", "Sign out", "csrfmiddlewaretoken"],
    }

    for turn in range(2):
        for name, client in readers.items():
            html = client.get(path).content.decode()
            for shown in expected[name]:
                assert shown in html, f"{name}, turn {turn}: {shown!r} missing"
            for hidden in unexpected[name]:
                assert hidden not in html, f"{name}, turn {turn}: {hidden!r} shown"


def test_following_and_unfollowing_shows_at_once_with_the_results_kept(terms):
    flow, community = terms
    member = UserFactory()
    client = reader(member)
    path = two_facets(flow, community)
    client.get(path)

    follow_add(user=member, kind=FollowKind.TOPIC, object_id=flow.pk, name=flow.name)
    assert "Stop following Patient flow" in client.get(path).content.decode()

    follow_remove(user=member, kind=FollowKind.TOPIC, object_id=flow.pk, name=flow.name)
    html = client.get(path).content.decode()
    assert "Follow Patient flow" in html
    assert "Stop following" not in html


def test_a_renamed_term_is_named_so_on_the_follow_button_at_once(terms):
    flow, community = terms
    client = reader(UserFactory())
    path = two_facets(flow, community)
    client.get(path)

    flow.name = "Flow through hospital"
    flow.save()

    assert "Follow Flow through hospital" in client.get(path).content.decode()


def test_a_term_read_by_another_request_before_its_rename_commits_is_read_afresh_after(
    terms, django_capture_on_commit_callbacks
):
    flow, community = terms
    path = two_facets(flow, community)
    client = reader(UserFactory())

    with django_capture_on_commit_callbacks(execute=True):
        flow.name = "Flow through hospital"
        flow.save()
        # Kept as another request reads it, between the rename and its commit.
        cache.set(browse.terms_cache_key(type(flow)), [(flow.pk, flow.slug, "Patient flow")])

    assert "Follow Flow through hospital" in client.get(path).content.decode()
