"""Notifications of new work in what a member follows: made by a task after the change is
committed, never about one's own work, blocked members or what one cannot see; listed newest
first with the reason, marked read, counted in the header, exported and erased with the account."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from casestudies.editorial.services import review as library
from casestudies.library.models import Status
from events import services as event_services
from events.models import Event, Format, Kind
from groups import services as group_services
from members import data_rights
from members.models import Block, Follow, FollowKind, ProfileVisibility
from members.services import account_delete
from notifications import services
from notifications.models import Notification, Subject
from tests.casestudies.factories import CaseStudyFactory, OrganisationFactory, TopicFactory
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def follow(user, kind, thing):
    Follow.objects.create(user=user, kind=kind, object_id=thing.pk)


@pytest.fixture
def flow():
    return TopicFactory(name="Patient flow", slug="patient-flow")


def _submitted(**kwargs):
    return CaseStudyFactory(status=Status.SUBMITTED, published_at=None, **kwargs)


def test_publishing_queues_the_work_after_commit_and_makes_nothing_in_the_request(
    flow, curator, django_capture_on_commit_callbacks
):
    reader = UserFactory()
    follow(reader, FollowKind.TOPIC, flow)
    case_study = _submitted(topics=[flow])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        library.case_study_publish(case_study=case_study, by=curator)
    assert not Notification.objects.exists()
    # The task is queued on commit (the outbox's email and the notifications task among them).
    assert callbacks
    assert services.notifications_for_case_study(case_study_id=case_study.pk) == 1
    note = Notification.objects.get(user=reader)
    assert (note.subject, note.title, note.reason) == (Subject.CASE_STUDY, case_study.title, "Patient flow")
    assert note.path == case_study.get_absolute_url()


def test_a_retry_makes_no_second_notification(flow):
    reader = UserFactory()
    follow(reader, FollowKind.TOPIC, flow)
    case_study = CaseStudyFactory(topics=[flow])
    services.notifications_for_case_study(case_study_id=case_study.pk)
    services.notifications_for_case_study(case_study_id=case_study.pk)
    assert Notification.objects.filter(user=reader).count() == 1


def test_followers_of_each_kind_are_told_with_the_most_particular_reason(flow):
    organisation = OrganisationFactory(name="Leeds Teaching Hospitals NHS Trust")
    author = UserFactory(name="Priya Shah")
    case_study = CaseStudyFactory(topics=[flow], organisations=[organisation], author=author)
    by_topic, by_organisation, by_person, by_both, stranger = (UserFactory() for _ in range(5))
    follow(by_topic, FollowKind.TOPIC, flow)
    follow(by_organisation, FollowKind.ORGANISATION, organisation)
    follow(by_person, FollowKind.PERSON, author)
    follow(by_both, FollowKind.TOPIC, flow)
    follow(by_both, FollowKind.PERSON, author)
    services.notifications_for_case_study(case_study_id=case_study.pk)
    reasons = dict(Notification.objects.values_list("user_id", "reason"))
    assert reasons == {
        by_topic.pk: "Patient flow",
        by_organisation.pk: "Leeds Teaching Hospitals NHS Trust",
        by_person.pk: "Priya Shah",
        by_both.pk: "Priya Shah",
    }
    assert stranger.pk not in reasons


def test_no_one_is_told_of_their_own_work_nor_of_members_they_blocked_or_who_blocked_them(flow):
    author = UserFactory()
    case_study = CaseStudyFactory(topics=[flow], author=author)
    blocker, blocked, reader, inactive = UserFactory(), UserFactory(), UserFactory(), UserFactory(is_active=False)
    Block.objects.create(blocker=blocker, blocked=author)
    Block.objects.create(blocker=author, blocked=blocked)
    for member in (author, blocker, blocked, reader, inactive):
        follow(member, FollowKind.TOPIC, flow)
    services.notifications_for_case_study(case_study_id=case_study.pk)
    assert list(Notification.objects.values_list("user_id", flat=True)) == [reader.pk]


def test_a_hidden_author_is_no_reason_to_be_told(flow):
    hidden = UserFactory(profile_visibility=ProfileVisibility.HIDDEN)
    case_study = CaseStudyFactory(author=hidden)
    reader = UserFactory()
    follow(reader, FollowKind.PERSON, hidden)
    assert services.notifications_for_case_study(case_study_id=case_study.pk) == 0


def test_an_unpublished_case_study_tells_no_one(flow):
    reader = UserFactory()
    follow(reader, FollowKind.TOPIC, flow)
    draft = CaseStudyFactory(topics=[flow], status=Status.DRAFT)
    assert services.notifications_for_case_study(case_study_id=draft.pk) == 0


def test_a_new_event_tells_the_groups_followers_and_a_private_groups_only_to_its_members(
    django_capture_on_commit_callbacks,
):
    group = GroupFactory(name="Flow network", private=True)
    moderator = MembershipFactory(group=group, moderator=True).user
    member, outsider = MembershipFactory(group=group).user, UserFactory()
    for person in (moderator, member, outsider):
        follow(person, FollowKind.GROUP, group)
    starts = timezone.now() + timezone.timedelta(days=3)
    event = Event(
        group=group,
        title="Flow huddle",
        summary="Short.",
        kind=Kind.WEBINAR,
        format=Format.ONLINE,
        starts_at=starts,
        ends_at=starts + timezone.timedelta(hours=1),
    )
    with django_capture_on_commit_callbacks(execute=False):
        event_services.event_create(event=event, by=moderator)
    assert not Notification.objects.exists()
    services.notifications_for_event(event_id=event.pk)
    note = Notification.objects.get()
    assert (note.user, note.subject, note.reason, note.path) == (
        member,
        Subject.EVENT,
        "Flow network",
        event.get_absolute_url(),
    )


def test_a_new_thread_tells_followers_who_are_members_and_never_its_author():
    group = GroupFactory(name="Discharge group")
    author, member, follower_outside = UserFactory(), UserFactory(), UserFactory()
    for person in (author, member):
        MembershipFactory(group=group, user=person)
    for person in (author, member, follower_outside):
        follow(person, FollowKind.GROUP, group)
    thread = group_services.thread_create(group=group, author=author, title="Weekend discharges", body="Ideas?")
    services.notifications_for_thread(thread_id=thread.pk)
    assert list(Notification.objects.values_list("user_id", "subject")) == [(member.pk, Subject.THREAD)]


@pytest.fixture
def reader_with_notes(flow):
    reader = UserFactory()
    follow(reader, FollowKind.TOPIC, flow)
    studies = [CaseStudyFactory(title=f"Flow study {number:02d}", topics=[flow]) for number in range(23)]
    for case_study in studies:
        services.notifications_for_case_study(case_study_id=case_study.pk)
    return reader


def test_the_header_counts_unread_notifications_for_members_only(client, reader_with_notes):
    assert "Notifications" not in client.get("/about/").content.decode()
    client.force_login(reader_with_notes)
    assert "Notifications (23" in client.get("/about/").content.decode()


def test_the_page_lists_newest_first_with_the_reason_and_marks_them_read(client, reader_with_notes):
    client.force_login(reader_with_notes)
    page = client.get(reverse("notifications:list")).content.decode()
    assert page.index("Flow study 22") < page.index("Flow study 21")
    assert "Flow study 02" not in page
    assert "Because you follow Patient flow" in page
    assert 'class="nhsuk-pagination"' in page
    assert Notification.objects.unread().count() == 3
    assert "Notifications (3" in client.get("/about/").content.decode()
    client.get(reverse("notifications:list") + "?page=2")
    assert not Notification.objects.unread().exists()
    assert client.get(reverse("notifications:list") + "?page=99").status_code == 200


def test_a_member_sees_only_their_own_notifications(client, reader_with_notes):
    client.force_login(UserFactory())
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Flow study" not in page
    assert "You have no notifications yet" in page
    assert Notification.objects.unread().count() == 23


def test_visitors_are_asked_to_sign_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_page_runs_a_fixed_number_of_queries(client, reader_with_notes, django_assert_max_num_queries):
    client.force_login(reader_with_notes)
    client.get("/about/")  # the session's first request records the browser
    # 7 for the session and member; the count, the page, marking it read and the member's
    # count of unread ones, in a transaction (2 more).
    with django_assert_max_num_queries(13):
        client.get(reverse("notifications:list"))


def test_the_export_holds_them_and_deleting_the_account_removes_them(reader_with_notes):
    exported = json.loads(data_rights.export_json(reader_with_notes))["notifications"]
    assert len(exported) == 23
    assert exported[0]["because_you_follow"] == "Patient flow"
    account_delete(user=reader_with_notes)
    assert not Notification.objects.exists()
