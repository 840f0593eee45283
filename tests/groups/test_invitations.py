"""Moderators invite by email; the link works once, expires, and joins the person after they sign in."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import Invitation
from outbox.models import OutgoingEmail
from tests.groups.factories import GroupFactory, InvitationFactory, member_of, moderator_of
from tests.members.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_moderator_invites_by_email_and_the_link_is_in_the_outbox(client):
    group = GroupFactory(private=True)
    client.force_login(moderator_of(group))

    response = client.post(reverse("groups:invite", args=[group.slug]), {"email": "New.Person@Example.org"})

    assert response.status_code == 302
    invitation = Invitation.objects.get(group=group)
    assert invitation.email == "new.person@example.org"
    email = OutgoingEmail.objects.get(to_address="new.person@example.org")
    assert email.template_name == "group_invitation"
    assert email.context["invitation_path"] == invitation.get_absolute_url()


def test_inviting_a_bad_address_shows_a_message(client):
    group = GroupFactory()
    client.force_login(moderator_of(group))

    response = client.post(reverse("groups:invite", args=[group.slug]), {"email": "not an address"})

    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_a_member_says_they_are_already_in(client):
    group = GroupFactory()
    member = member_of(group)
    client.force_login(moderator_of(group))

    response = client.post(reverse("groups:invite", args=[group.slug]), {"email": member.email})

    assert response.status_code == 400
    assert "already a member" in response.content.decode()


def test_a_signed_in_person_joins_a_private_group_with_the_invitation_once(client):
    invitation = InvitationFactory(group=GroupFactory(private=True))
    person = UserFactory()
    client.force_login(person)

    first = client.post(invitation.get_absolute_url())
    client.post(reverse("groups:leave", args=[invitation.group.slug]))
    second = client.post(invitation.get_absolute_url())

    assert first.status_code == 302
    assert second.status_code == 410
    assert "already been used" in second.content.decode()
    assert not invitation.group.is_member(person)


def test_an_expired_invitation_is_refused(client, user):
    invitation = InvitationFactory(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(user)

    page = client.get(invitation.get_absolute_url())
    response = client.post(invitation.get_absolute_url())

    assert page.status_code == 410
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not invitation.group.is_member(user)


def test_an_unknown_invitation_is_not_found(client, user):
    client.force_login(user)

    assert client.get(reverse("groups:invitation", args=["nope"])).status_code == 404
    assert client.post(reverse("groups:invitation", args=["nope"])).status_code == 404


def test_someone_who_opens_the_link_then_signs_in_joins_at_once(client):
    invitation = InvitationFactory(group=GroupFactory(private=True))
    person = UserFactory()

    page = client.get(invitation.get_absolute_url())
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})

    assert "Sign in" in page.content.decode()
    assert invitation.group.is_member(person)
    invitation.refresh_from_db()
    assert invitation.accepted_by == person


def test_an_invitation_opened_by_an_existing_member_does_not_get_used_up(client):
    group = GroupFactory()
    member = member_of(group)
    invitation = InvitationFactory(group=group)
    client.force_login(member)

    response = client.post(invitation.get_absolute_url())

    assert response.status_code == 409
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
