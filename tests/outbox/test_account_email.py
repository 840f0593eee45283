"""allauth's account emails (verification, password reset) go through the outbox like every other
email: written with the account change, sent by the worker, retried, and shown in the data export."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from members.data_rights import export_document
from outbox.models import OutgoingEmail, Stream, StreamOptOut
from outbox.services import email_send
from tests.members.factories import UserFactory
from tests.processes import free_port
from tests.smtp import html, plain_text

pytestmark = pytest.mark.django_db

NEW = "new@example.org"


def sign_up(client, email=NEW):
    return client.post(
        reverse("account_signup"),
        {"email": email, "name": "New Member", "password1": "a-long-enough-pass", "password2": "a-long-enough-pass"},
    )


def mail_server_down(settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 2


def test_signing_up_while_the_mail_server_is_down_writes_the_verification_email_to_the_outbox(client, settings):
    mail_server_down(settings)

    response = sign_up(client)

    assert response.status_code == 302
    email = OutgoingEmail.objects.get(to_address=NEW)
    assert email.stream == Stream.ACCOUNT
    assert email.template_name == "account_confirm_signup"
    assert email.status == OutgoingEmail.Status.PENDING


def test_the_verification_email_is_sent_by_the_worker_and_retried_until_the_mail_server_answers(
    client, settings, smtp_server
):
    port = settings.EMAIL_PORT
    sign_up(client)
    email = OutgoingEmail.objects.get(to_address=NEW)
    assert smtp_server.messages == [], "nothing is sent from the web request"

    settings.EMAIL_PORT = free_port()
    email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 1
    assert email.last_error

    settings.EMAIL_PORT = port
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=email.created_at)
    email_send(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    [message] = smtp_server.to(NEW)
    assert message["Subject"] == f"Confirm your email address to finish joining {settings.SITE_NAME}"
    link = f"{settings.SITE_URL}/accounts/confirm-email/"
    assert link in plain_text(message)
    assert link in html(message)


def test_the_link_in_the_verification_email_confirms_the_address_and_signs_the_member_in(client, smtp_server):
    sign_up(client)
    email_send(email_id=OutgoingEmail.objects.get(to_address=NEW).pk)
    [message] = smtp_server.to(NEW)
    link = next(word for word in plain_text(message).split() if "/accounts/confirm-email/" in word)

    confirmed = client.post(link.removeprefix(settings.SITE_URL))

    assert confirmed.status_code == 302
    assert client.get(reverse("members:dashboard")).status_code == 200


def test_a_password_reset_email_is_written_to_the_outbox_even_for_a_member_who_turned_everything_off(
    client, smtp_server
):
    user = UserFactory()
    StreamOptOut.objects.bulk_create([StreamOptOut(user=user, stream=stream) for stream in Stream.optional()])

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    assert mail.outbox == [], "nothing is sent from the web request"
    assert smtp_server.messages == []
    email = OutgoingEmail.objects.get(template_name="account_password_reset")
    assert email.stream == Stream.ACCOUNT
    email_send(email_id=email.pk)
    [message] = smtp_server.to(user.email)
    assert message["Subject"] == f"Reset your password for {settings.SITE_NAME}"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert f"{settings.SITE_URL}/accounts/password/reset/key/" in plain_text(message)


def test_account_emails_are_in_the_members_data_export_without_their_one_time_links(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})

    export = export_document(user)

    [entry] = [row for row in export["emails"]["emails_sent_to_you"] if row["about"] == "account_password_reset"]
    assert entry["stream"] == "Account security"
    assert "/accounts/password/reset/key/" not in str(entry)


def test_turning_on_an_allauth_email_the_portal_has_no_template_for_fails_the_system_check(settings):
    from allauth.account import app_settings

    from outbox.account_emails import check_every_account_email_has_a_template

    assert check_every_account_email_has_a_template(None) == []
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    assert app_settings.EMAIL_NOTIFICATIONS
    [error] = check_every_account_email_has_a_template(None)
    assert error.id == "outbox.E001"


@pytest.fixture
def outbox_refuses_writes(db) -> None:
    """A PostgreSQL trigger that refuses every new outbox row, as a full disk or a lost
    connection would at that moment."""
    from django.db import connection

    table = OutgoingEmail._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_outbox_row() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'the outbox is refusing writes'; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER refuse_outbox_row BEFORE INSERT ON {table} EXECUTE FUNCTION refuse_outbox_row()"
        )


def test_a_sign_up_whose_verification_email_cannot_be_written_saves_no_account(client, outbox_refuses_writes):
    from django.db import Error

    from members.models import User

    with pytest.raises(Error, match="refusing writes"):
        sign_up(client)

    assert not User.objects.filter(email=NEW).exists(), "no account that could never be verified"
