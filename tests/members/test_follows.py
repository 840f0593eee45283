"""One way to follow: the Follow button on a topic's library page, a group and a profile, as a
plain form and in place with htmx; the email settings page lists follows and unfollows them."""

import json

import pytest
from django.urls import reverse

from members import data_rights
from members.models import Follow, FollowKind, ProfileVisibility
from members.services import account_delete, block_add
from tests.casestudies.factories import CaseStudyFactory, TopicFactory
from tests.groups.factories import GroupFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def follow_url(kind: str, key) -> str:
    return reverse("follow", args=[kind, key])


def followed(user) -> set[tuple[str, int]]:
    return set(Follow.objects.filter(user=user).values_list("kind", "object_id"))


def test_a_member_follows_a_topic_from_its_library_page_without_javascript(member_client, user):
    flow = TopicFactory(name="Patient flow", slug="patient-flow")
    CaseStudyFactory(topics=[flow])
    page = member_client.get("/case-studies/?topic=patient-flow").content.decode()
    assert "Follow Patient flow" in page

    response = member_client.post(
        follow_url("topic", "patient-flow"), {"action": "follow", "next": "/case-studies/?topic=patient-flow"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/case-studies/?topic=patient-flow"
    assert followed(user) == {(FollowKind.TOPIC, flow.pk)}
    page = member_client.get(response["Location"]).content.decode()
    assert "You now follow Patient flow." in page
    assert "Stop following" in page


def test_htmx_gets_the_same_button_back_in_its_new_state(member_client, user):
    group = GroupFactory(name="Discharge network", slug="discharge")

    response = member_client.post(
        follow_url("group", "discharge"), {"action": "follow", "next": "/groups/discharge/"}, HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith('<div id="follow-group-discharge"')
    assert "Stop following" in page
    assert "You now follow Discharge network." in page
    assert 'name="next" value="/groups/discharge/"' in page
    assert followed(user) == {(FollowKind.GROUP, group.pk)}


def test_the_group_page_shows_the_follow_button_in_its_state(member_client, user):
    group = GroupFactory(name="Discharge network", slug="discharge")
    assert "Follow Discharge network" in member_client.get(group.get_absolute_url()).content.decode()
    Follow.objects.create(user=user, kind=FollowKind.GROUP, object_id=group.pk)
    assert "Stop following" in member_client.get(group.get_absolute_url()).content.decode()


def test_visitors_are_asked_to_sign_in_to_follow(client):
    GroupFactory(name="Discharge network", slug="discharge")
    page = client.get("/groups/discharge/").content.decode()
    assert "to follow Discharge network" in page
    response = client.post(follow_url("group", "discharge"), {"action": "follow", "next": "/groups/discharge/"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Follow.objects.exists()


def test_following_twice_says_so_and_keeps_one_follow(member_client, user):
    flow = TopicFactory(name="Patient flow", slug="patient-flow")
    member_client.post(follow_url("topic", "patient-flow"), {"action": "follow"})

    response = member_client.post(follow_url("topic", "patient-flow"), {"action": "follow"}, follow=True)

    assert response.status_code == 200
    assert "You already follow Patient flow." in response.content.decode()
    assert followed(user) == {(FollowKind.TOPIC, flow.pk)}


def test_unfollowing_what_you_do_not_follow_says_so(member_client, user):
    TopicFactory(name="Patient flow", slug="patient-flow")

    response = member_client.post(follow_url("topic", "patient-flow"), {"action": "unfollow"}, follow=True)

    assert response.status_code == 200
    assert "You were not following Patient flow." in response.content.decode()


def test_following_yourself_is_refused_with_a_message(member_client, user):
    response = member_client.post(follow_url("person", user.pk), {"action": "follow"}, follow=True)

    assert response.status_code == 200
    assert "You cannot follow yourself." in response.content.decode()
    assert not Follow.objects.exists()


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("topic", "no-such-topic"),
        ("planet", "mars"),
        ("person", "99999999"),
        ("person", "x" * 40),
        ("group", "a-b-c-" * 30),
    ],
)
def test_unknown_things_to_follow_get_a_clear_not_found_page(member_client, kind, key):
    response = member_client.post(f"/follow/{kind}/{key}/", {"action": "follow"})

    assert response.status_code == 404
    assert "Nothing to follow here" in response.content.decode()
    assert not Follow.objects.exists()


def test_a_strange_action_is_a_bad_request(member_client):
    TopicFactory(slug="patient-flow")
    response = member_client.post(follow_url("topic", "patient-flow"), {"action": "explode"})
    assert response.status_code == 400
    assert not Follow.objects.exists()


def test_a_private_group_cannot_be_followed_by_an_outsider(member_client):
    GroupFactory(slug="secret", private=True)
    response = member_client.post(follow_url("group", "secret"), {"action": "follow"})
    assert response.status_code == 404
    assert not Follow.objects.exists()


def test_a_hidden_member_cannot_be_followed(member_client):
    hidden = UserFactory(profile_visibility=ProfileVisibility.HIDDEN)
    response = member_client.post(follow_url("person", hidden.pk), {"action": "follow"})
    assert response.status_code == 404


def test_an_offsite_next_is_ignored(member_client):
    TopicFactory(slug="patient-flow")
    response = member_client.post(
        follow_url("topic", "patient-flow"), {"action": "follow", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_email_settings_list_what_you_follow_and_unfollow_it(member_client, user):
    flow = TopicFactory(name="Patient flow", slug="patient-flow")
    group = GroupFactory(name="Discharge network", slug="discharge")
    person = UserFactory(name="Priya Shah")
    for kind, object_id in [(FollowKind.TOPIC, flow.pk), (FollowKind.GROUP, group.pk), (FollowKind.PERSON, person.pk)]:
        Follow.objects.create(user=user, kind=kind, object_id=object_id)
    settings_url = reverse("digests:settings")

    page = member_client.get(settings_url).content.decode()
    for name in ["Patient flow", "Discharge network", "Priya Shah"]:
        assert f'Stop following<span class="nhsuk-u-visually-hidden"> {name}</span>' in page

    response = member_client.post(
        follow_url("group", "discharge"), {"action": "unfollow", "next": f"{settings_url}#following"}
    )
    assert response["Location"] == f"{settings_url}#following"
    assert followed(user) == {(FollowKind.TOPIC, flow.pk), (FollowKind.PERSON, person.pk)}


def test_the_library_and_group_pages_make_the_same_number_of_queries_however_many_are_followed(
    member_client, user, django_assert_max_num_queries
):
    topics = TopicFactory.create_batch(3)
    CaseStudyFactory(topics=topics)
    url = "/case-studies/?" + "&".join(f"topic={topic.slug}" for topic in topics)
    with django_assert_max_num_queries(20) as one:
        member_client.get(url)
    for topic in topics:
        Follow.objects.create(user=user, kind=FollowKind.TOPIC, object_id=topic.pk)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert member_client.get(url).content.decode().count("Stop following") == 3


def test_follows_of_a_deleted_topic_group_or_member_go_with_it(user):
    flow, group, person = TopicFactory(), GroupFactory(), UserFactory()
    for kind, object_id in [(FollowKind.TOPIC, flow.pk), (FollowKind.GROUP, group.pk), (FollowKind.PERSON, person.pk)]:
        Follow.objects.create(user=user, kind=kind, object_id=object_id)
    kept = TopicFactory()
    Follow.objects.create(user=user, kind=FollowKind.TOPIC, object_id=kept.pk)

    flow.delete()
    group.delete()
    account_delete(user=person)

    assert followed(user) == {(FollowKind.TOPIC, kept.pk)}


def test_the_data_export_lists_what_the_member_follows_and_blocks(user):
    flow = TopicFactory(name="Patient flow")
    Follow.objects.create(user=user, kind=FollowKind.TOPIC, object_id=flow.pk)
    pest = UserFactory(name="Pat Nuisance")
    block_add(blocker=user, blocked=pest)

    document = json.loads(data_rights.export_json(user))

    assert document["following"] == [{"kind": "Topic", "name": "Patient flow"}]
    assert [block["name"] for block in document["account"]["members_you_blocked"]] == ["Pat Nuisance"]
    assert "members_you_blocked" in document["account"]
    assert json.loads(data_rights.export_json(pest))["account"]["members_you_blocked"] == []
