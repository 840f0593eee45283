"""Joining, asking to join, leaving, approving and declining, removing, and the moderator roles."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from groups import services
from groups.models import Group, Membership
from outbox.models import OutgoingEmail
from tests.groups.factories import GroupFactory, MembershipFactory, member_of, moderator_of
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def post(client, name, group, *args):
    return client.post(reverse(f"groups:{name}", args=[group.slug, *args]))


def member_count(group):
    return Group.objects.with_member_count().get(pk=group.pk).member_count


def test_joining_an_open_group_makes_an_active_member_at_once(member_client, user):
    group = GroupFactory()

    response = post(member_client, "join", group)

    assert response.status_code == 302
    assert group.is_member(user)
    assert member_count(group) == 1


def test_joining_twice_says_so_and_keeps_one_membership(member_client, user):
    group = GroupFactory()
    post(member_client, "join", group)

    response = post(member_client, "join", group)

    assert response.status_code == 409
    assert "already a member" in response.content.decode()
    assert member_count(group) == 1


def test_asking_to_join_a_by_request_group_waits_for_a_moderator_who_is_emailed(member_client, user):
    group = GroupFactory(by_request=True)
    moderator = moderator_of(group)

    post(member_client, "join", group)

    assert group.membership_for(user).is_pending
    assert not group.is_member(user)
    email = OutgoingEmail.objects.get(recipient=moderator)
    assert email.template_name == "group_request_received"
    assert email.stream == "group_requests"


def test_the_join_button_says_what_will_happen(client, user):
    client.force_login(user)
    open_page = client.get(GroupFactory().get_absolute_url()).content.decode()
    asking_page = client.get(GroupFactory(by_request=True).get_absolute_url()).content.decode()

    assert "You join at once" in open_page
    assert "Ask to join" in asking_page
    assert "You will get an email when they decide" in asking_page


def test_a_private_group_cannot_be_joined_without_an_invitation(user):
    group = GroupFactory(private=True)

    with pytest.raises(services.GroupActionError):
        services.membership_join(group=group, user=user)


def test_leaving_a_group_you_are_not_in_says_so(member_client):
    group = GroupFactory()

    response = post(member_client, "leave", group)

    assert response.status_code == 409
    assert "not a member" in response.content.decode()


def test_leaving_a_group_ends_the_membership(member_client, user):
    group = GroupFactory()
    member_of(group, user=user)

    post(member_client, "leave", group)

    assert not group.is_member(user)


def test_withdrawing_a_request_then_approving_it_tells_the_moderator_it_is_gone(client, user):
    group = GroupFactory(by_request=True)
    moderator = moderator_of(group)
    request = MembershipFactory(group=group, user=user, pending=True)
    client.force_login(user)
    post(client, "leave", group)

    client.force_login(moderator)
    response = post(client, "approve", group, request.pk)

    assert response.status_code == 409
    assert "withdrawn" in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()


def test_approving_a_request_makes_a_member_and_emails_them(client):
    group = GroupFactory(by_request=True)
    request = MembershipFactory(group=group, pending=True)
    client.force_login(moderator_of(group))

    post(client, "approve", group, request.pk)

    request.refresh_from_db()
    assert request.is_active
    assert request.joined_at is not None
    assert OutgoingEmail.objects.get(recipient=request.user).template_name == "group_request_approved"


def test_declining_a_request_removes_it_and_emails_the_requester(client):
    group = GroupFactory(by_request=True)
    request = MembershipFactory(group=group, pending=True)
    client.force_login(moderator_of(group))

    post(client, "decline", group, request.pk)

    assert not Membership.objects.filter(pk=request.pk).exists()
    assert OutgoingEmail.objects.get(recipient=request.user).template_name == "group_request_declined"


def test_approving_twice_is_refused_the_second_time(client):
    group = GroupFactory(by_request=True)
    request = MembershipFactory(group=group, pending=True)
    client.force_login(moderator_of(group))
    post(client, "approve", group, request.pk)

    response = post(client, "approve", group, request.pk)

    assert response.status_code == 409
    assert OutgoingEmail.objects.filter(recipient=request.user).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_moderators_approving_the_same_request_at_once_make_one_membership():
    group = GroupFactory(by_request=True)
    moderators = [moderator_of(group), moderator_of(group)]
    request = MembershipFactory(group=group, pending=True)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(moderator):
        try:
            barrier.wait(timeout=10)
            services.membership_approve(group=group, request_id=request.pk, by=moderator)
            outcomes.append("approved")
        except services.GroupActionError:
            outcomes.append("refused")
        finally:
            connection.close()

    workers = [threading.Thread(target=approve, args=(moderator,)) for moderator in moderators]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)

    assert sorted(outcomes) == ["approved", "refused"]
    assert group.memberships.filter(user=request.user).count() == 1
    assert member_count(group) == 3
    assert OutgoingEmail.objects.filter(recipient=request.user).count() == 1


def test_a_moderator_removes_a_member_whose_posts_stay(client):
    group = GroupFactory()
    member = member_of(group)
    client.force_login(moderator_of(group))

    post(client, "remove_member", group, member.pk)

    assert not group.is_member(member)
    assert member_count(group) == 1


def test_removing_someone_who_already_left_says_so(client):
    group = GroupFactory()
    client.force_login(moderator_of(group))

    response = post(client, "remove_member", group, UserFactory().pk)

    assert response.status_code == 409


def test_a_moderator_appoints_another_moderator_who_can_then_step_down(client):
    group = GroupFactory()
    first = moderator_of(group)
    second = member_of(group)
    client.force_login(first)

    post(client, "appoint", group, second.pk)
    assert group.is_moderator(second)

    client.force_login(second)
    post(client, "step_down", group)
    assert not group.is_moderator(second)
    assert group.is_member(second)


def test_the_last_moderator_cannot_step_down_or_leave(client):
    group = GroupFactory()
    moderator = moderator_of(group)
    client.force_login(moderator)

    step_down = post(client, "step_down", group)
    leave = post(client, "leave", group)

    assert step_down.status_code == 409
    assert leave.status_code == 409
    assert "only moderator" in leave.content.decode()
    assert group.is_moderator(moderator)


def test_the_last_moderator_cannot_be_removed_by_a_curator(client, curator):
    group = GroupFactory()
    moderator = moderator_of(group)
    client.force_login(curator)

    response = post(client, "remove_member", group, moderator.pk)

    assert response.status_code == 409
    assert group.is_moderator(moderator)


@pytest.mark.django_db(transaction=True)
def test_two_moderators_stepping_down_at_once_leave_one_moderator():
    group = GroupFactory()
    moderators = [moderator_of(group), moderator_of(group)]
    barrier = threading.Barrier(2)

    def step_down(moderator):
        try:
            barrier.wait(timeout=10)
            services.moderator_step_down(group=group, user=moderator)
        except services.GroupActionError:
            pass
        finally:
            connection.close()

    workers = [threading.Thread(target=step_down, args=(moderator,)) for moderator in moderators]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)

    assert group.memberships.moderators().count() == 1


def test_a_member_sees_their_groups_and_requests(member_client, user):
    joined = GroupFactory(name="Joined group")
    asked = GroupFactory(name="Asked group", by_request=True)
    member_of(joined, user=user)
    MembershipFactory(group=asked, user=user, pending=True)

    page = member_client.get(reverse("groups:mine")).content.decode()

    assert "Joined group" in page
    assert "Asked group" in page
    assert "Asked to join" in page


def test_the_dashboard_links_to_your_groups(member_client):
    page = member_client.get(reverse("members:dashboard")).content.decode()

    assert reverse("groups:mine") in page
    assert "Your groups" in page
