"""Member profiles, seen only by whom the member chose: members by default, visitors only if the
member opts in, never across a block; the email address is never shown."""

import pytest
from django.test import Client
from django.urls import reverse

from members.models import Follow, FollowKind, ProfileVisibility
from members.services import account_delete, block_add
from people.models import WorkProfile
from tests.casestudies.factories import AdaptationFactory, CaseStudyFactory, RegionFactory, TopicFactory
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def profile_url(person) -> str:
    return reverse("people:profile", args=[person.pk])


@pytest.fixture
def priya(db):
    person = UserFactory(
        name="Priya Shah", job_title="Discharge lead", organisation="Leeds Teaching Hospitals", bio="I run huddles."
    )
    work = WorkProfile.objects.create(user=person, region=RegionFactory(name="North West"))
    work.topics.set([TopicFactory(name="Discharge")])
    return person


def test_a_profile_shows_the_members_work_and_never_their_address(member_client, priya):
    CaseStudyFactory(title="Home before noon", author=priya)
    MembershipFactory(user=priya, group=GroupFactory(name="Discharge network"))
    MembershipFactory(user=priya, group=GroupFactory(name="Secret circle", private=True))
    AdaptationFactory(member=priya, case_study=CaseStudyFactory(title="Red to green days"))

    page = member_client.get(profile_url(priya)).content.decode()

    for words in [
        "Priya Shah",
        "Discharge lead, Leeds Teaching Hospitals",
        "I run huddles.",
        "Discharge",
        "North West",
        "Home before noon",
        "Discharge network",
        "Red to green days",
        "Follow Priya Shah",
        "Send Priya a message",
    ]:
        assert words in page
    assert priya.email not in page
    assert "Secret circle" not in page


def test_profiles_are_for_members_only_by_default(client, priya):
    assert client.get(profile_url(priya)).status_code == 404


def test_a_member_may_open_their_profile_to_visitors(client, priya):
    priya.profile_visibility = ProfileVisibility.PUBLIC
    priya.save()
    page = client.get(profile_url(priya)).content.decode()
    assert "Priya Shah" in page
    assert "Send Priya a message" not in page
    assert priya.email not in page


def test_a_hidden_blocked_or_deleted_member_has_no_profile_to_see(member_client, user, priya):
    blocker = UserFactory()
    block_add(blocker=blocker, blocked=user)
    hidden = UserFactory(profile_visibility=ProfileVisibility.HIDDEN)
    gone = UserFactory()
    gone_url = profile_url(gone)
    account_delete(user=gone)

    for url in [profile_url(blocker), profile_url(hidden), gone_url]:
        assert member_client.get(url).status_code == 404


def test_the_profile_page_runs_a_fixed_number_of_queries(member_client, priya, django_assert_max_num_queries):
    for _ in range(5):
        CaseStudyFactory(author=priya)
        MembershipFactory(user=priya)
    # 16: the organisation named on the profile is looked up for its link.
    with django_assert_max_num_queries(16):
        assert member_client.get(profile_url(priya)).status_code == 200


def test_a_member_chooses_who_sees_their_profile_on_the_profile_form(member_client, user):
    response = member_client.post(
        reverse("members:profile"),
        {"name": user.name, "profile_visibility": "public", "timezone": "Europe/London"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.profile_visibility == ProfileVisibility.PUBLIC


def test_a_member_sets_the_topics_they_work_on_and_their_region(member_client, user):
    discharge, region = TopicFactory(name="Discharge"), RegionFactory(name="North West")

    response = member_client.post(reverse("people:work"), {"topics": [discharge.pk], "region": region.pk})

    assert response.status_code == 302
    page = Client()
    page.force_login(user)
    text = page.get(profile_url(user)).content.decode()
    assert "Discharge" in text
    assert "North West" in text


def test_a_profile_offers_the_follow_button_for_the_person(member_client, user, priya):
    member_client.post(reverse("follow", args=["person", priya.pk]), {"action": "follow"})
    assert Follow.objects.filter(user=user, kind=FollowKind.PERSON, object_id=priya.pk).exists()
    assert "Stop following" in member_client.get(profile_url(priya)).content.decode()
