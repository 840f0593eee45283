"""Security emails: password, email address, two-factor and new-device changes are told at once."""

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.test import Client
from django.urls import reverse

from outbox.models import OutgoingEmail, Stream, StreamOptOut
from outbox.services import email_send, render_email
from tests.members.factories import PASSWORD, UserFactory
from tests.members.mfa import reauthenticate, sign_in_with_password, turn_on_totp
from tests.outbox.sending import send_written_emails

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Safari/604.1"


def security_emails(template: str):
    return OutgoingEmail.objects.filter(template_name=template, stream=Stream.ACCOUNT)


def test_changing_the_password_sends_a_security_email_even_to_members_who_opted_out_of_everything(client):
    user = UserFactory()
    StreamOptOut.objects.bulk_create([StreamOptOut(user=user, stream=stream) for stream in Stream.optional()])
    client.force_login(user)

    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "a-fresh-long-phrase", "password2": "a-fresh-long-phrase"},
        HTTP_USER_AGENT=FIREFOX,
    )

    email = security_emails("account_password_changed").get()
    assert email.recipient == user
    message = render_email(email)
    assert message.subject == "Your password was changed"
    assert "Firefox on Windows" in message.body
    assert "/accounts/password/reset/" in message.body


def test_resetting_a_forgotten_password_sends_a_security_email(client):
    import re

    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    send_written_emails()
    reset_url = re.search(r"http://testserver(/accounts/[^\s]+/)", mail.outbox[0].body).group(1)
    form = client.get(reset_url, follow=True)
    client.post(form.redirect_chain[-1][0], {"password1": "a-brand-new-phrase", "password2": "a-brand-new-phrase"})

    assert security_emails("account_password_changed").filter(recipient=user).count() == 1


def test_changing_the_email_address_tells_the_new_and_the_old_address(client):
    user = UserFactory(email="old@example.org")
    client.force_login(user)
    reauthenticate(client)
    client.post(reverse("account_email"), {"action_add": "", "email": "new@example.org"})
    new_address = EmailAddress.objects.get(email="new@example.org")
    client.post(reverse("account_confirm_email", args=[EmailConfirmationHMAC(new_address).key]))

    client.post(reverse("account_email"), {"action_primary": "", "email": "new@example.org"})

    user.refresh_from_db()
    assert user.email == "new@example.org"
    emails = security_emails("account_email_changed")
    assert emails.count() == 2
    to_member = emails.get(recipient=user)
    to_old_address = emails.get(recipient=None)
    assert to_old_address.to_address == "old@example.org"
    for email in [to_member, to_old_address]:
        assert "old@example.org" in render_email(email).body
        assert "new@example.org" in render_email(email).body
    email_send(email_id=to_member.pk)
    assert mail.outbox[-1].to == ["new@example.org"]


def test_turning_off_the_authenticator_app_says_two_factor_is_off(client):
    user = UserFactory()
    turn_on_totp(user)
    client.force_login(user)
    reauthenticate(client)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    email = security_emails("account_mfa_removed").get()
    message = render_email(email)
    assert message.subject == "Two-factor authentication was turned off"
    assert "authenticator app" in message.body


def test_signing_in_from_a_new_browser_sends_an_email_but_the_first_and_known_ones_do_not():
    user = UserFactory()

    sign_in_with_password(Client(HTTP_USER_AGENT=FIREFOX), user)
    sign_in_with_password(Client(HTTP_USER_AGENT=FIREFOX), user)
    assert not security_emails("account_new_sign_in").exists()

    sign_in_with_password(Client(HTTP_USER_AGENT=SAFARI), user)

    email = security_emails("account_new_sign_in").get()
    assert email.recipient == user
    assert render_email(email).subject == "New sign-in to your account from Safari on iPhone"


def test_a_failed_sign_in_from_a_new_browser_sends_nothing():
    user = UserFactory()
    sign_in_with_password(Client(HTTP_USER_AGENT=FIREFOX), user)

    sign_in_with_password(Client(HTTP_USER_AGENT=SAFARI), user, password="wrong-password")

    assert not security_emails("account_new_sign_in").exists()
