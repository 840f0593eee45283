"""The home page of a signed-in member: what is new for them, empty-stated helpfully, in a fixed
number of queries; visitors keep the front page, and no cache serves one member's home to another."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casestudies.library.models import Status
from casestudies.spread.models import AuthorQuestion
from members.models import Follow, FollowKind
from tests.casestudies.factories import AdaptationFactory, CareSettingFactory, CaseStudyFactory, TopicFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.groups.factories import GroupFactory, MembershipFactory, PostFactory, ThreadFactory
from tests.members.factories import UserFactory
from tests.members.mfa import turn_on_totp

pytestmark = pytest.mark.django_db
HOME = reverse("home")


def follow(user, kind, thing):
    Follow.objects.create(user=user, kind=kind, object_id=thing.pk)


def home_of(client, user) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_new_case_studies_in_what_the_member_follows_come_with_the_reason(client, user):
    flow = TopicFactory(name="Patient flow")
    acute = CareSettingFactory(name="Acute hospital")
    follow(user, FollowKind.TOPIC, flow)
    follow(user, FollowKind.SETTING, acute)
    CaseStudyFactory(title="Discharge before noon", topics=[flow], care_settings=[acute])
    CaseStudyFactory(title="Rota planning", topics=[TopicFactory()])
    CaseStudyFactory(title="Old flow work", topics=[flow], published_at=timezone.now() - timedelta(days=400))

    page = home_of(client, user)

    assert "Discharge before noon" in page
    assert "Because you follow Patient flow, Acute hospital" in page
    assert "Rota planning" not in page
    assert "Old flow work" not in page


def test_work_by_a_followed_person_is_there_because_of_them(client, user):
    priya = UserFactory(name="Priya Shah")
    follow(user, FollowKind.PERSON, priya)
    CaseStudyFactory(title="Huddles that work", author=priya)

    page = home_of(client, user)

    assert "Huddles that work" in page
    assert "Because you follow Priya Shah" in page


def test_a_new_member_is_asked_to_follow_a_few_topics_with_suggestions(client, user):
    flow = TopicFactory(name="Patient flow", slug="patient-flow")
    CaseStudyFactory(topics=[flow])
    TopicFactory(name="Empty topic")

    page = home_of(client, user)

    assert "Follow a few topics to see new work here" in page
    assert "Follow Patient flow" in page
    assert "Follow Empty topic" not in page
    assert "You have not registered for any events yet" in page
    assert "No new discussion in your groups this month" in page
    assert "Share a case study" in page


def test_next_events_show_the_joining_link_only_when_it_is_time(client, user):
    soon = EventFactory(title="Flow clinic", starts_at=timezone.now() + timedelta(minutes=10))
    later = EventFactory(title="Run charts 101")
    RegistrationFactory(event=soon, user=user)
    RegistrationFactory(event=later, user=user)
    RegistrationFactory(event=EventFactory(title="Cancelled one", cancelled=True), user=user)

    page = home_of(client, user)

    assert "Flow clinic" in page
    assert "Run charts 101" in page
    assert "Cancelled one" not in page
    assert soon.joining_url in page
    assert later.joining_url not in page
    assert "The joining link appears here half an hour before the start." in page


def test_new_threads_in_my_groups_and_replies_to_my_posts_are_shown(client, user):
    membership = MembershipFactory(user=user)
    group = membership.group
    ThreadFactory(group=group, title="Who uses SAFER?")
    mine = ThreadFactory(group=group, title="My huddle question", author=user)
    PostFactory(thread=mine, body="Try 9am.")
    ThreadFactory(title="In a group I am not in")

    page = home_of(client, user)

    assert "Who uses SAFER?" in page
    assert "My huddle question" in page
    assert "1 new reply" in page
    assert "In a group I am not in" not in page


def test_submissions_questions_and_adaptations_of_my_work_are_shown(client, user):
    CaseStudyFactory(title="My draft", author=user, status=Status.SUBMITTED)
    published = CaseStudyFactory(title="My published work", author=user)
    AuthorQuestion.objects.create(case_study=published, asker=UserFactory(), text="How did you measure it?")
    AdaptationFactory(case_study=published, organisation="Leeds Community Trust")

    page = home_of(client, user)

    assert "My draft" in page
    assert "Submitted" in page
    assert "About “My published work”" in page
    assert "not answered yet" in page
    assert "Leeds Community Trust is adapting" in page


def test_the_home_page_runs_a_fixed_number_of_queries_however_much_the_member_follows(
    client, user, django_assert_max_num_queries
):
    def add_things(n: int) -> None:
        for _ in range(n):
            topic = TopicFactory()
            follow(user, FollowKind.TOPIC, topic)
            follow(user, FollowKind.PERSON, UserFactory())
            membership = MembershipFactory(user=user)
            ThreadFactory(group=membership.group)
            CaseStudyFactory(topics=[topic], care_settings=[CareSettingFactory()])
            RegistrationFactory(user=user)
            CaseStudyFactory(author=user, status=Status.DRAFT)

    client.force_login(user)
    add_things(1)
    with django_assert_max_num_queries(24) as few:
        client.get(HOME)
    add_things(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(HOME).status_code == 200


def test_visitors_keep_the_front_page(client):
    page = client.get(HOME).content.decode()
    assert "Learn from improvement work across health and care" in page
    assert "Welcome back" not in page


def test_the_page_cache_never_serves_a_members_home_to_anyone_else(settings):
    settings.PAGE_CACHE_SECONDS = 300
    alice, bob = UserFactory(name="Alice Example"), UserFactory(name="Bob Example")
    flow = TopicFactory(name="Patient flow")
    follow(alice, FollowKind.TOPIC, flow)
    CaseStudyFactory(title="Discharge before noon", topics=[flow])
    visitor, alice_client, bob_client = Client(), Client(), Client()
    alice_client.force_login(alice)
    bob_client.force_login(bob)

    for _ in range(2):
        visitor_page = visitor.get(HOME).content.decode()
        alice_page = alice_client.get(HOME)
        bob_page = bob_client.get(HOME).content.decode()
        assert "Welcome back" not in visitor_page
        assert "Welcome back, Alice" in alice_page.content.decode()
        assert "Discharge before noon" in alice_page.content.decode()
        assert "Welcome back, Bob" in bob_page
        assert "Alice" not in bob_page
        assert "private" in alice_page["Cache-Control"]
        assert "no-store" in alice_page["Cache-Control"]


def test_new_threads_in_a_followed_group_show_but_not_in_a_private_one_i_cannot_read(client, user):
    followed = GroupFactory(name="Followed open group")
    secret = GroupFactory(name="Secret group", private=True)
    follow(user, FollowKind.GROUP, followed)
    follow(user, FollowKind.GROUP, secret)
    ThreadFactory(group=followed, title="Open conversation")
    ThreadFactory(group=secret, title="Private conversation")

    page = home_of(client, user)

    assert "Open conversation" in page
    assert "Private conversation" not in page


def test_a_curator_sees_threads_of_every_group_they_follow_private_ones_too(client):
    curator = UserFactory(is_staff=True)
    turn_on_totp(curator)
    secret = GroupFactory(name="Secret group", private=True)
    belongs = MembershipFactory(user=curator).group
    follow(curator, FollowKind.GROUP, secret)
    GroupFactory(name="Unfollowed group")
    ThreadFactory(group=secret, title="Private conversation")
    ThreadFactory(group=belongs, title="Conversation in my own group")

    page = home_of(client, curator)

    assert "Private conversation" in page
    assert "Conversation in my own group" in page


def test_each_next_event_is_kept_as_its_template_makes_it_and_made_again_when_anything_shown_changes(client, user):
    """An event's item is kept once a process under everything it shows: the same markup as its
    template gives, and a change to the event, the registration or the member's timezone shows
    on the next request."""
    from django.template.loader import render_to_string

    from qportal import member_home

    event = EventFactory(title="Flow clinic", starts_at=timezone.now() + timedelta(minutes=10))
    registration = RegistrationFactory(event=event, user=user)

    def item() -> str:
        (next_event,) = member_home.build(_request_of(user)).events
        made = render_to_string("home/member_next_event.html", {"next": next_event, "zone": user.zoneinfo})
        assert next_event.markup == made
        return next_event.markup

    assert "Join Flow clinic now" in item()
    event.title = "Flow clinic, moved"
    event.save()
    assert "Join Flow clinic, moved now" in item()
    registration.status, registration.waitlisted_at = registration.Status.WAITLISTED, timezone.now()
    registration.save()
    waiting = item()
    assert "On the waitlist" in waiting
    assert "Join Flow clinic, moved now" not in waiting
    user.timezone = "America/New_York"
    user.save()
    assert "America/New_York" in item()
    assert "America/New_York" in home_of(client, user)


def _request_of(user):
    from django.test import RequestFactory

    request = RequestFactory().get(HOME)
    request.user = user
    return request
