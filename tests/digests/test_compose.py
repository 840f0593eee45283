"""A digest holds what is new for the member, once, and nothing they cannot see."""

from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casestudies.library.models import Status
from digests import compose as compose_module
from digests.compose import Window, compose
from events.models import Event, Registration
from groups.models import Membership, Thread, Visibility
from tests.casestudies.factories import CaseStudyFactory, CollectionFactory, TopicFactory
from tests.digests.batches import compose_three_and_twelve, last_day
from tests.digests.factories import DigestPreferenceFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.groups.factories import GroupFactory, MembershipFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def digest_for(preference, *, start=None, end=None):
    now = timezone.now()
    [digest] = compose([Window(preference, start or now - timedelta(days=7), end or now + timedelta(minutes=1))])
    return digest


def titles(items):
    return [item["title"] for item in items]


def test_a_case_study_in_a_followed_topic_is_in_and_one_in_another_topic_is_not():
    flow, workforce = TopicFactory(name="Patient flow"), TopicFactory(name="Workforce")
    preference = DigestPreferenceFactory(topics=[flow])
    CaseStudyFactory(title="Flow", topics=[flow])
    CaseStudyFactory(title="Rotas", topics=[workforce])

    digest = digest_for(preference)

    assert titles(digest.case_studies) == ["Flow"]
    assert digest.case_studies[0]["reasons"] == ["In Patient flow"]
    assert digest.case_studies[0]["path"].startswith("/case-studies/")


def test_a_case_study_by_a_member_of_my_group_is_in():
    preference = DigestPreferenceFactory()
    group = GroupFactory(name="Flow coaches")
    colleague = MembershipFactory(group=group).user
    MembershipFactory(group=group, user=preference.user)
    CaseStudyFactory(title="By a colleague", author=colleague)
    CaseStudyFactory(title="By a stranger")

    digest = digest_for(preference)

    assert titles(digest.case_studies) == ["By a colleague"]
    assert digest.case_studies[0]["reasons"] == ["By a member of Flow coaches"]


def test_an_item_that_matches_several_reasons_appears_once_with_all_of_them():
    flow = TopicFactory(name="Patient flow")
    preference = DigestPreferenceFactory(topics=[flow])
    group = GroupFactory(name="Flow coaches")
    colleague = MembershipFactory(group=group).user
    MembershipFactory(group=group, user=preference.user)
    CaseStudyFactory(title="Both", topics=[flow], author=colleague)

    digest = digest_for(preference)

    assert titles(digest.case_studies) == ["Both"]
    assert digest.case_studies[0]["reasons"] == ["In Patient flow", "By a member of Flow coaches"]


def test_an_author_in_two_of_my_groups_is_named_once_with_both_groups():
    flow, huddles = TopicFactory(name="Patient flow"), TopicFactory(name="Huddles")
    preference = DigestPreferenceFactory(topics=[flow, huddles])
    coaches, leads = GroupFactory(name="Flow coaches"), GroupFactory(name="Ward leads")
    colleague = MembershipFactory(group=coaches).user
    MembershipFactory(group=leads, user=colleague)
    MembershipFactory(group=coaches, user=preference.user)
    MembershipFactory(group=leads, user=preference.user)
    CaseStudyFactory(title="Four reasons", topics=[flow, huddles], author=colleague)

    digest = digest_for(preference)

    [item] = digest.case_studies
    assert item["reasons"] == ["In Patient flow and Huddles", "By a member of Flow coaches and Ward leads"]


def test_drafts_old_news_and_my_own_case_studies_are_left_out():
    flow = TopicFactory()
    preference = DigestPreferenceFactory(topics=[flow])
    CaseStudyFactory(title="Draft", topics=[flow], status=Status.DRAFT)
    CaseStudyFactory(title="Submitted", topics=[flow], status=Status.SUBMITTED)
    CaseStudyFactory(title="Old", topics=[flow], published_at=timezone.now() - timedelta(days=30))
    CaseStudyFactory(title="Mine", topics=[flow], author=preference.user)

    assert digest_for(preference).is_empty


def test_a_muted_group_adds_nothing():
    preference = DigestPreferenceFactory()
    group = GroupFactory()
    MembershipFactory(group=group, user=preference.user)
    preference.muted_groups.set([group])
    colleague = MembershipFactory(group=group).user
    CaseStudyFactory(author=colleague)
    EventFactory(group=group)
    ThreadFactory(group=group)

    assert digest_for(preference).is_empty


def test_events_of_my_groups_and_in_my_topics_with_places_left_are_in():
    flow = TopicFactory(name="Patient flow")
    preference = DigestPreferenceFactory(topics=[flow])
    mine = GroupFactory(name="Mine")
    MembershipFactory(group=mine, user=preference.user)
    EventFactory(title="My group's", group=mine)
    topical = EventFactory(title="In my topic", group=GroupFactory())
    topical.topics.set([flow])
    site = EventFactory(title="Site event", group=None)
    site.topics.set([flow])
    EventFactory(title="Elsewhere", group=GroupFactory())

    digest = digest_for(preference)

    assert sorted(titles(digest.events)) == ["In my topic", "My group's", "Site event"]
    assert {item["title"]: item["reasons"] for item in digest.events}["My group's"] == ["From Mine"]


def test_full_cancelled_started_and_closed_events_are_left_out():
    preference = DigestPreferenceFactory()
    mine = GroupFactory()
    MembershipFactory(group=mine, user=preference.user)
    full = EventFactory(group=mine, capacity=1)
    RegistrationFactory(event=full, status=Registration.Status.REGISTERED)
    EventFactory(group=mine, status=Event.Status.CANCELLED)
    now = timezone.now()
    EventFactory(group=mine, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1))
    EventFactory(group=mine, registration_closes_at=now - timedelta(minutes=1))
    spaces = EventFactory(title="Two places left", group=mine, capacity=3)
    RegistrationFactory(event=spaces)

    digest = digest_for(preference)

    assert titles(digest.events) == ["Two places left"]
    assert digest.events[0]["places_left"] == 2


def test_an_event_of_a_private_group_i_am_not_in_stays_out_even_in_my_topic():
    flow = TopicFactory()
    preference = DigestPreferenceFactory(topics=[flow])
    secret = EventFactory(group=GroupFactory(visibility=Visibility.PRIVATE))
    secret.topics.set([flow])

    assert digest_for(preference).is_empty


def test_new_threads_come_from_my_groups_only_and_not_from_groups_i_left_or_only_asked_to_join():
    preference = DigestPreferenceFactory()
    mine, left, asked = GroupFactory(), GroupFactory(visibility=Visibility.PRIVATE), GroupFactory()
    MembershipFactory(group=mine, user=preference.user)
    MembershipFactory(group=asked, user=preference.user, status=Membership.Status.PENDING, joined_at=None)
    ThreadFactory(group=mine, title="In my group")
    ThreadFactory(group=mine, title="Started by me", author=preference.user)
    ThreadFactory(group=left, title="In the group I left")
    ThreadFactory(group=asked, title="In the group I asked to join")

    digest = digest_for(preference)

    assert titles(digest.threads) == ["In my group"]


def test_things_from_before_the_last_digest_are_not_repeated():
    preference = DigestPreferenceFactory()
    mine = GroupFactory()
    MembershipFactory(group=mine, user=preference.user)
    old = ThreadFactory(group=mine, title="Old")
    Thread.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    ThreadFactory(group=mine, title="New")

    digest = digest_for(preference, start=timezone.now() - timedelta(days=1))

    assert titles(digest.threads) == ["New"]


def test_a_featured_collection_that_changed_is_in():
    preference = DigestPreferenceFactory()
    CollectionFactory(title="Productivity resources", featured=True)
    CollectionFactory(title="Not featured")

    assert titles(digest_for(preference).collections) == ["Productivity resources"]


def test_composing_a_batch_runs_the_same_queries_for_three_members_as_for_twelve():
    def batch(size):
        flow = TopicFactory()
        windows = []
        for _ in range(size):
            preference = DigestPreferenceFactory(topics=[flow])
            group = GroupFactory()
            MembershipFactory(group=group, user=preference.user)
            CaseStudyFactory(topics=[flow], author=MembershipFactory(group=group).user)
            EventFactory(group=group).topics.set([flow])
            ThreadFactory(group=group)
            windows.append(last_day(preference))
        return windows

    few, many, digests = compose_three_and_twelve(batch)

    assert many == few <= 13
    assert all(digest.case_studies and digest.events and digest.threads for digest in digests)


def test_each_section_holds_the_most_relevant_few_and_counts_the_rest(monkeypatch):
    monkeypatch.setattr(compose_module, "SECTION_LIMIT", 3)
    flow, falls = TopicFactory(name="Patient flow"), TopicFactory(name="Falls")
    preference = DigestPreferenceFactory(topics=[flow, falls])
    start = timezone.now() - timedelta(days=6)
    CaseStudyFactory(title="In both topics", topics=[flow, falls], published_at=start)
    for day in range(1, 6):
        CaseStudyFactory(title=f"Flow {day}", topics=[flow], published_at=start + timedelta(days=day))

    digest = digest_for(preference)

    # Two reasons beat one; among equals, the order they came in.
    assert titles(digest.case_studies) == ["In both topics", "Flow 1", "Flow 2"]
    assert digest.more == {"case_studies": {"count": 3, "path": reverse("casestudies:list")}}
    assert digest.item_count == 6
    assert digest.context()["more"]["case_studies"]["count"] == 3


def test_a_section_within_the_limit_has_nothing_more(monkeypatch):
    monkeypatch.setattr(compose_module, "SECTION_LIMIT", 3)
    flow = TopicFactory()
    preference = DigestPreferenceFactory(topics=[flow])
    CaseStudyFactory.create_batch(3, topics=[flow])

    digest = digest_for(preference)

    assert len(digest.case_studies) == 3
    assert digest.more == {}


def test_an_event_starts_in_each_members_own_time_zone_and_says_how_it_is_held():
    group = GroupFactory()
    starts = timezone.now().replace(year=2031, month=1, day=14, hour=9, minute=30, second=0, microsecond=0)
    EventFactory(title="Huddle", group=group, starts_at=starts.replace(tzinfo=UTC))
    members = []
    for zone in ("Europe/London", "Australia/Sydney", "Europe/London"):
        preference = DigestPreferenceFactory(user__timezone=zone)
        MembershipFactory(group=group, user=preference.user)
        members.append(preference)
    now = timezone.now()

    digests = compose(
        [Window(preference, now - timedelta(days=7), now + timedelta(minutes=1)) for preference in members]
    )

    assert [digest.events[0]["starts"] for digest in digests] == [
        "Tuesday 14 January 2031, 09:30",
        "Tuesday 14 January 2031, 20:30",
        "Tuesday 14 January 2031, 09:30",
    ]
    assert {digest.events[0]["format"] for digest in digests} == {"Online"}


def test_featured_case_studies_come_first_and_reach_members_who_follow_nothing_they_are_in():
    flow = TopicFactory(name="Patient flow")
    preference = DigestPreferenceFactory(topics=[flow])
    CaseStudyFactory(title="Flow", topics=[flow])
    CaseStudyFactory(title="Picked", featured=True)
    CaseStudyFactory(title="Neither")

    digest = digest_for(preference)

    assert titles(digest.case_studies) == ["Picked", "Flow"]
    assert digest.case_studies[0]["reasons"] == ["Featured by our curators"]
