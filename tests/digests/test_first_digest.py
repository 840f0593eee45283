"""A new member's first digest is worth opening: the best of the library in what they follow
(not only this week's news), the coming events of their groups and topics, and one group to join."""

from datetime import timedelta

import pytest
from django.utils import timezone

from digests.compose import Window, compose
from digests.models import DigestPreference
from digests.services import digest_send_batch
from events.models import Event
from outbox.models import OutgoingEmail
from tests.casestudies.factories import CaseStudyFactory, TopicFactory
from tests.digests.batches import compose_three_and_twelve
from tests.digests.factories import DigestPreferenceFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def week(preference):
    now = timezone.now()
    return Window(preference, now - timedelta(days=7), now + timedelta(minutes=1))


def titles(items):
    return [item["title"] for item in items]


@pytest.fixture
def newcomer(db):
    flow = TopicFactory(name="Patient flow")
    preference = DigestPreferenceFactory(topics=[flow], first_sent_at=None)
    mine = GroupFactory(name="My group")
    MembershipFactory(group=mine, user=preference.user)
    long_ago = timezone.now() - timedelta(days=200)
    CaseStudyFactory(title="Featured flow classic", topics=[flow], published_at=long_ago, featured=True)
    CaseStudyFactory(title="Another flow story", topics=[flow], published_at=long_ago)
    CaseStudyFactory(title="Rotas", topics=[TopicFactory()], published_at=long_ago, featured=True)
    with_event = EventFactory(title="My group's clinic", group=mine)
    topical = EventFactory(title="Flow webinar", site=True)
    topical.topics.set([flow])
    EventFactory(title="Elsewhere")
    # Announced long ago, so not "new" in this week's digest: only the first digest shows them.
    Event.objects.filter(pk__in=[with_event.pk, topical.pk]).update(created_at=long_ago)
    on_flow = GroupFactory(name="Flow network")
    on_flow.topics.set([flow])
    GroupFactory(name="Big but off topic")
    return preference


def test_a_first_digest_brings_the_best_in_what_they_follow_coming_events_and_a_group(newcomer):
    [digest] = compose([week(newcomer)])

    assert titles(digest.best) == ["Featured flow classic", "Another flow story"]
    assert digest.best[0]["reasons"] == ["In Patient flow"]
    assert set(titles(digest.upcoming)) == {"My group's clinic", "Flow webinar"}
    assert digest.suggested_group["name"] == "Flow network"
    assert digest.suggested_group["reasons"] == ["On Patient flow"]
    assert not digest.is_empty


def test_later_digests_carry_only_what_is_new(newcomer):
    assert digest_send_batch(preference_ids=[newcomer.pk]) == 1
    newcomer = DigestPreference.objects.select_related("user").get(pk=newcomer.pk)
    assert newcomer.first_sent_at is not None

    [digest] = compose([week(newcomer)])

    assert digest.best == []
    assert digest.upcoming == []
    assert digest.suggested_group is None


def test_the_first_digest_email_shows_the_extras(newcomer):
    digest_send_batch(preference_ids=[newcomer.pk])
    email = OutgoingEmail.objects.get(template_name="digest")
    assert [item["title"] for item in email.context["best"]] == ["Featured flow classic", "Another flow story"]
    from outbox.services import render_email

    body = render_email(email).body
    assert "THE BEST OF THE LIBRARY IN WHAT YOU FOLLOW" in body
    assert "COMING UP" in body
    assert "A GROUP YOU MIGHT JOIN" in body
    assert "Flow network" in body


def test_first_digests_of_a_batch_run_the_same_queries_for_three_members_as_for_twelve():
    def batch(size):
        flow = TopicFactory()
        windows = []
        for _ in range(size):
            preference = DigestPreferenceFactory(topics=[flow], first_sent_at=None)
            group = GroupFactory()
            group.topics.set([flow])
            MembershipFactory(group=group, user=preference.user)
            CaseStudyFactory(topics=[flow], published_at=timezone.now() - timedelta(days=60))
            EventFactory(group=group).topics.set([flow])
            windows.append(week(preference))
        GroupFactory().topics.set([flow])
        # Announced before the week, so they are coming events rather than this week's news.
        Event.objects.update(created_at=timezone.now() - timedelta(days=30))
        return windows

    few, many, digests = compose_three_and_twelve(batch)

    assert many == few <= 20
    assert [(bool(d.best), bool(d.upcoming), bool(d.suggested_group)) for d in digests] == [(True, True, True)] * 15
