"""The groups list, a group page and a thread page: content, search, and a fixed number of queries."""

import csv
import io

import pytest
from django.urls import reverse

from casestudies.library.models import Status
from groups.models import Group
from tests.casestudies.factories import CaseStudyFactory, TopicFactory
from tests.groups.factories import GroupFactory, MembershipFactory, PostFactory, ThreadFactory, member_of, moderator_of

pytestmark = pytest.mark.django_db


def grow(group, size):
    for _ in range(size):
        member_of(group)
        thread = ThreadFactory(group=group)
        PostFactory(thread=thread)


@pytest.mark.parametrize("size", [1, 8])
def test_the_groups_list_runs_a_fixed_number_of_queries(client, user, size, django_assert_max_num_queries):
    for _ in range(size):
        grow(GroupFactory(), 2)
        member_of(GroupFactory(), user=user)
    client.force_login(user)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("groups:list"))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 8])
def test_a_group_page_runs_a_fixed_number_of_queries(client, size, django_assert_max_num_queries):
    group = GroupFactory()
    topic = TopicFactory()
    group.topics.add(topic)
    for _ in range(size):
        CaseStudyFactory(topics=[topic])
    grow(group, size)
    for _ in range(size):
        moderator_of(group)
    client.force_login(member_of(group))

    # Includes the related case studies, the upcoming events section that the events app adds
    # and whether the member follows the group.
    with django_assert_max_num_queries(18):
        response = client.get(group.get_absolute_url())

    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 10])
def test_a_thread_page_runs_a_fixed_number_of_queries(client, size, django_assert_max_num_queries):
    group = GroupFactory()
    thread = ThreadFactory(group=group)
    for _ in range(size):
        PostFactory(thread=thread, author=member_of(group))
    client.force_login(moderator_of(group))

    with django_assert_max_num_queries(14):
        response = client.get(thread.get_absolute_url())

    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 10])
def test_the_member_list_runs_a_fixed_number_of_queries(client, size, django_assert_max_num_queries):
    group = GroupFactory()
    for _ in range(size):
        member_of(group)
        MembershipFactory(group=group, pending=True)
    client.force_login(moderator_of(group))

    with django_assert_max_num_queries(13):
        response = client.get(reverse("groups:members", args=[group.slug]))

    assert response.status_code == 200


def test_the_list_shows_member_counts_and_my_groups(client, user):
    group = GroupFactory(name="Coaching for improvement")
    member_of(group, user=user)
    member_of(group)
    MembershipFactory(group=group, pending=True)
    client.force_login(user)

    page = client.get(reverse("groups:list")).content.decode()

    assert "2 members" in page
    assert "My groups" in page


def test_searching_by_name_finds_matching_groups(client):
    GroupFactory(name="Coaching for improvement")
    GroupFactory(name="Quality management in health care")

    page = client.get(reverse("groups:list"), {"q": "coach"}).content.decode()

    assert "Coaching for improvement" in page
    assert "Quality management" not in page


def test_a_very_long_or_odd_search_is_handled(client):
    assert client.get(reverse("groups:list"), {"q": "%_'\"" * 200}).status_code == 200
    assert client.get(reverse("groups:list"), {"page": "abc"}).status_code == 404


def test_threads_paginate(client):
    group = GroupFactory()
    for _ in range(21):
        ThreadFactory(group=group)

    first = client.get(reverse("groups:threads", args=[group.slug]))
    second = client.get(reverse("groups:threads", args=[group.slug]), {"page": 2})

    assert len(first.context["threads"]) == 20
    assert len(second.context["threads"]) == 1


def test_the_home_page_shows_groups_the_visitor_may_see(client):
    GroupFactory(name="Visible group")
    GroupFactory(name="Secret group", private=True)

    page = client.get(reverse("home")).content.decode()

    assert "Visible group" in page
    assert "Secret group" not in page


def test_the_csv_export_has_only_this_groups_members_and_the_columns_on_screen(client):
    group = GroupFactory()
    moderator = moderator_of(group)
    member = MembershipFactory(group=group, user__organisation="=HYPERLINK(1)").user
    MembershipFactory(group=group, pending=True)
    outsider = member_of(GroupFactory())
    client.force_login(moderator)

    response = client.get(reverse("groups:members_csv", args=[group.slug]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    page = client.get(reverse("groups:members", args=[group.slug])).content.decode()

    assert response["Content-Type"].startswith("text/csv")
    assert rows[0] == ["Name", "Organisation", "Role", "Joined"]
    assert {row[0] for row in rows[1:]} == {moderator.name, member.name}
    assert outsider.name not in response.content.decode()
    assert member.email not in response.content.decode()
    assert "'=HYPERLINK(1)" in [row[1] for row in rows]
    for heading in rows[0]:
        assert f'<th scope="col">{heading}</th>' in page


def test_a_curator_creates_a_group_with_its_first_moderators(client, curator):
    first, second = member_of(GroupFactory()), member_of(GroupFactory())
    client.force_login(curator)

    response = client.post(
        reverse("groups:create"),
        {
            "name": "Patient safety",
            "summary": "Learning from incidents",
            "description": "",
            "visibility": "by_request",
            "moderators": f"{first.email}, {second.email.upper()}",
        },
    )

    group = Group.objects.get(slug="patient-safety")
    assert response["Location"] == group.get_absolute_url()
    assert group.is_moderator(first)
    assert group.is_moderator(second)
    assert group.created_by == curator


def test_creating_a_group_with_an_unknown_moderator_says_so(client, curator):
    client.force_login(curator)

    response = client.post(
        reverse("groups:create"),
        {"name": "New", "summary": "S", "visibility": "open", "moderators": "nobody@example.org"},
    )

    assert response.status_code == 200
    assert "nobody@example.org" in response.content.decode()
    assert not Group.objects.exists()


def test_a_group_name_that_would_clash_with_a_page_is_refused(client, curator):
    client.force_login(curator)

    response = client.post(
        reverse("groups:create"),
        {"name": "New", "summary": "S", "visibility": "open", "moderators": curator.email},
    )

    assert response.status_code == 200
    assert not Group.objects.exists()


def test_the_list_filters_by_topic(client):
    flow = TopicFactory(name="Patient flow", slug="patient-flow")
    GroupFactory(name="Flow group").topics.add(flow)
    GroupFactory(name="Other group")

    page = client.get(reverse("groups:list"), {"topic": "patient-flow"}).content.decode()
    unknown = client.get(reverse("groups:list"), {"topic": "no-such-topic"})

    assert "Flow group" in page
    assert "Other group" not in page
    assert unknown.status_code == 200


def test_a_group_page_shows_published_case_studies_on_its_topics(client):
    flow = TopicFactory(name="Patient flow", slug="patient-flow")
    group = GroupFactory()
    group.topics.add(flow)
    CaseStudyFactory(title="Discharge before noon", topics=[flow])
    CaseStudyFactory(title="A draft on flow", topics=[flow], status=Status.DRAFT)
    CaseStudyFactory(title="Something unrelated")

    page = client.get(group.get_absolute_url()).content.decode()

    assert "Discharge before noon" in page
    assert "A draft on flow" not in page
    assert "Something unrelated" not in page


def test_a_curator_creates_a_group_with_topics(client, curator):
    flow = TopicFactory(name="Patient flow", slug="patient-flow")
    client.force_login(curator)

    client.post(
        reverse("groups:create"),
        {
            "name": "Flow",
            "summary": "S",
            "visibility": "open",
            "topics": [flow.pk],
            "moderators": member_of(GroupFactory()).email,
        },
    )

    assert list(Group.objects.get(slug="flow").topics.all()) == [flow]
