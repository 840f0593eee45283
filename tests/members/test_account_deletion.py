"""Deleting one's account: personal data goes, what others rely on stays without a name."""

import pytest
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse

from casestudies.library.models import CaseStudy, CaseStudyAuthor
from groups.models import Membership, Post
from members.models import User
from tests.members.factories import PASSWORD, UserFactory
from tests.members.mfa import SECRET, reauthenticate, totp_code
from tests.members.personal_data import member_with_everything
from tests.members.test_accounts import sign_up

pytestmark = pytest.mark.django_db


def delete_account(client, user, password: str = PASSWORD):
    client.force_login(user)
    reauthenticate(client, password)
    return client.post(reverse("members:delete"), {"confirm": "on"})


def rows_mentioning(text: str) -> list[str]:
    """Every row of every table with a column whose text contains `text`, as 'table.column'."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.is_relation:
                continue
            matches = (
                model._base_manager.annotate(_as_text=Cast(field.attname, output_field=models.TextField()))
                .filter(_as_text__icontains=text)
                .count()
            )
            if matches:
                found.append(f"{model._meta.db_table}.{field.column}")
    return found


def test_deleting_removes_the_members_personal_data_from_every_table(client):
    footprint = member_with_everything("Zephyrine")
    other = member_with_everything("Bartholomew")
    user_id = footprint.user.pk
    assert rows_mentioning("Zephyrine"), "the search finds the member's data before deletion"

    response = delete_account(client, footprint.user)

    assert response.status_code == 302
    assert not User.objects.filter(pk=user_id).exists()
    assert rows_mentioning("Zephyrine") == []
    assert rows_mentioning("zephyrine@example.org") == []
    assert not UserSession.objects.filter(user_id=user_id).exists()
    assert all(session.get_decoded().get("_auth_user_id") != str(user_id) for session in Session.objects.all())
    assert rows_mentioning("Bartholomew"), "other members' data is untouched"
    assert User.objects.filter(pk=other.user.pk).exists()


def test_published_work_stays_as_by_a_former_member_and_unshared_drafts_go(client):
    footprint = member_with_everything("Zephyrine")

    delete_account(client, footprint.user)

    published = CaseStudy.objects.get(pk=footprint.published.pk)
    byline = published.authors.get()
    assert (byline.member, byline.display_name, byline.role) == (None, "Former member", "")
    assert [organisation.name for organisation in published.organisations.all()] == ["Northfield Teaching Hospitals"]
    assert not CaseStudy.objects.filter(pk=footprint.draft.pk).exists()
    shared = CaseStudy.objects.get(pk=footprint.shared_draft.pk)
    assert [author.display_name for author in CaseStudyAuthor.objects.filter(case_study=shared, member=None)] == [
        "Former member"
    ]
    assert shared.authors.filter(member__isnull=False).count() == 1


def test_discussion_posts_stay_without_their_author(client):
    footprint = member_with_everything("Zephyrine")

    delete_account(client, footprint.user)

    post = Post.objects.get(pk=footprint.post.pk)
    assert post.author is None
    assert post.body == "We moved our huddle to 9am."


def test_a_group_the_member_alone_moderated_is_handed_to_the_curators(client):
    curator = UserFactory(is_staff=True)
    retired_curator = UserFactory(is_staff=True, is_active=False)
    footprint = member_with_everything("Zephyrine")

    delete_account(client, footprint.user)

    moderators = set(Membership.objects.moderators().filter(group=footprint.group_alone).values_list("user", flat=True))
    assert moderators == {curator.pk}
    assert retired_curator.pk not in moderators
    shared_moderators = Membership.objects.moderators().filter(group=footprint.group_shared)
    assert shared_moderators.count() == 1
    assert curator.pk not in set(shared_moderators.values_list("user", flat=True))


def test_a_freed_place_goes_to_the_first_person_on_the_waitlist_who_is_told(client):
    from events.models import Registration
    from outbox.models import OutgoingEmail

    footprint = member_with_everything("Zephyrine")

    delete_account(client, footprint.user)

    footprint.waiting.refresh_from_db()
    assert footprint.waiting.status == Registration.Status.REGISTERED
    assert footprint.event.registrations.registered().count() == 1
    assert OutgoingEmail.objects.filter(recipient=footprint.waiting.user, template_name="event_promoted").exists()


def test_the_email_address_can_sign_up_again_as_a_new_member(client):
    user = UserFactory(email="again@example.org")
    delete_account(client, user)

    response = sign_up(client, email="again@example.org", name="New Start")

    assert response.status_code == 302
    assert User.objects.get(email="again@example.org").pk != user.pk


def test_deleting_signs_the_member_out_everywhere(client):
    from django.test import Client

    user = UserFactory()
    phone = Client()
    phone.force_login(user)
    phone.get(reverse("members:dashboard"))

    delete_account(client, user)

    assert phone.get(reverse("members:dashboard")).status_code == 302
    assert client.get(reverse("members:dashboard")).status_code == 302


def test_the_password_must_be_entered_again_before_deleting(client):
    user = UserFactory()
    client.force_login(user)

    page = client.get(reverse("members:delete"))
    post = client.post(reverse("members:delete"), {"confirm": "on"})

    assert page.status_code == 302
    assert page.url.startswith(reverse("account_reauthenticate"))
    assert post.status_code == 302
    assert post.url.startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=user.pk).exists()


def test_a_wrong_password_does_not_delete(client):
    user = UserFactory()
    client.force_login(user)

    reauthenticate(client, "not-my-password")
    response = client.post(reverse("members:delete"), {"confirm": "on"})

    assert response.status_code == 302
    assert User.objects.filter(pk=user.pk).exists()


def test_a_member_with_two_factor_can_confirm_with_a_code_instead(client):
    from tests.members.mfa import turn_on_totp

    user = UserFactory()
    turn_on_totp(user)
    client.force_login(user)

    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(SECRET)})
    response = client.post(reverse("members:delete"), {"confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()


def test_deleting_needs_the_box_ticked(client):
    user = UserFactory()
    client.force_login(user)
    reauthenticate(client)

    page = client.get(reverse("members:delete"))
    response = client.post(reverse("members:delete"), {})

    assert page.status_code == 200
    assert 'id="maincontent"' in page.content.decode()
    assert response.status_code == 200
    assert "Tick the box to confirm" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_visitors_cannot_delete_anything(client):
    user = UserFactory()

    response = client.post(reverse("members:delete"), {"confirm": "on"})

    assert response.status_code == 302
    assert User.objects.filter(pk=user.pk).exists()


def test_a_member_deletes_only_their_own_account(client):
    user, other = UserFactory(), UserFactory()

    delete_account(client, user)

    assert not User.objects.filter(pk=user.pk).exists()
    assert User.objects.filter(pk=other.pk).exists()


def test_pages_of_what_others_rely_on_still_work_and_show_a_former_member(client):
    from django.test import Client

    footprint = member_with_everything("Zephyrine")
    reader = Membership.objects.filter(group=footprint.group_alone).exclude(user=footprint.user).first().user

    delete_account(client, footprint.user)

    case_study_page = Client().get(footprint.published.get_absolute_url())
    assert case_study_page.status_code == 200
    assert "Former member" in case_study_page.content.decode()
    group_reader = Client()
    group_reader.force_login(reader)
    thread_page = group_reader.get(footprint.post.thread.get_absolute_url())
    assert thread_page.status_code == 200
    body = thread_page.content.decode()
    assert "We moved our huddle to 9am." in body
    assert "former member" in body.lower()
    assert "Zephyrine" not in body
