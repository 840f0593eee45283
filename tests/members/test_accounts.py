"""Signing up, verifying, signing in and out, and resetting a password."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from members.models import User
from tests.members.factories import PASSWORD, UserFactory
from tests.outbox.sending import send_written_emails

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    match = re.search(r"http://testserver(/accounts/[^\s]+/)", message.body)
    assert match, f"no link in: {message.body}"
    return match.group(1)


def sign_up(client, email="new.member@example.org", name="New Member", password="a-long-secret-phrase"):
    return client.post(
        reverse("account_signup"),
        {"name": name, "email": email, "password1": password, "password2": password},
    )


def test_signing_up_sends_a_verification_email_and_confirming_it_signs_the_member_in(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.member@example.org")
    assert user.name == "New Member"
    send_written_emails()
    assert len(mail.outbox) == 1
    confirm_url = link_in(mail.outbox[0])

    page = client.get(confirm_url)
    assert page.status_code == 200
    confirmed = client.post(confirm_url)

    assert confirmed.status_code == 302
    assert user.emailaddress_set.get().verified
    assert client.get(reverse("members:dashboard")).status_code == 200


def test_a_member_can_sign_in_and_sign_out(client):
    user = UserFactory(email="jo@example.org")

    response = client.post(reverse("account_login"), {"login": "jo@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_signing_in_ignores_the_case_of_the_email_address(client):
    UserFactory(email="jo@example.org")

    response = client.post(reverse("account_login"), {"login": "Jo@Example.ORG", "password": PASSWORD})

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_an_unverified_member_cannot_sign_in(client):
    UserFactory(email="unverified@example.org", verified=False)

    response = client.post(reverse("account_login"), {"login": "unverified@example.org", "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    send_written_emails()
    assert len(mail.outbox) == 1, "a fresh verification email is sent"


def test_a_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="jo@example.org")

    response = client.post(reverse("account_login"), {"login": "jo@example.org", "password": "not-it"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "not correct" in response.content.decode()


def test_signing_up_with_an_existing_address_in_another_case_is_refused_with_a_clear_message(client):
    UserFactory(email="taken@example.org")

    response = sign_up(client, email="Taken@Example.org")

    assert response.status_code == 200
    assert "There is already an account with this email address." in response.content.decode()
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1


def test_email_addresses_are_unique_whatever_their_case_in_the_database(db):
    from django.db import IntegrityError

    UserFactory(email="one@example.org")
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="ONE@example.org", name="Someone")])


def test_a_member_can_reset_a_forgotten_password_by_email(client):
    UserFactory(email="forgetful@example.org")

    client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    send_written_emails()

    assert len(mail.outbox) == 1
    reset_url = link_in(mail.outbox[0])
    form_page = client.get(reset_url, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_url
    response = client.post(action, {"password1": "a-brand-new-phrase", "password2": "a-brand-new-phrase"})
    assert response.status_code == 302

    client.logout()
    signed_in = client.post(
        reverse("account_login"), {"login": "forgetful@example.org", "password": "a-brand-new-phrase"}
    )
    assert signed_in.status_code == 302
    assert "_auth_user_id" in client.session


def test_signup_form_errors_keep_what_was_typed_and_are_summarised(client):
    response = sign_up(client, email="not-an-email", name="Kept Name")

    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'value="Kept Name"' in body
    assert 'href="#id_email"' in body


def test_account_pages_use_the_site_layout(client):
    for name in ["account_login", "account_signup", "account_reset_password"]:
        body = client.get(reverse(name)).content.decode()
        assert 'class="nhsuk-skip-link"' in body
        assert 'id="maincontent"' in body


def test_members_can_change_their_password(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "another-long-phrase", "password2": "another-long-phrase"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-phrase")


def test_the_dashboard_needs_a_signed_in_member(client):
    response = client.get(reverse("members:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_members_edit_their_own_profile(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("members:profile"),
        {
            "name": "Dr A Person",
            "job_title": "GP",
            "organisation": "Hill Surgery",
            "bio": "",
            "profile_visibility": "members",
            "timezone": "Europe/Paris",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.timezone) == ("Dr A Person", "Europe/Paris")


def test_an_unknown_timezone_is_refused(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("members:profile"), {"name": "A", "timezone": "Mars/Olympus"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    user.refresh_from_db()
    assert user.timezone == "Europe/London"
