"""One-click unsubscribe (RFC 8058): a signed link per member and stream, no sign-in needed."""

import re

import pytest
from django.test import Client

from outbox.models import Stream, StreamOptOut
from outbox.services import email_enqueue, email_send
from outbox.tokens import unsubscribe_token
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def unsubscribe_path(user, stream=Stream.DIGEST):
    return f"/unsubscribe/{unsubscribe_token(user_id=user.pk, stream=stream)}/"


def test_a_mail_provider_one_click_post_turns_the_stream_off_at_once(smtp_server):
    user = UserFactory()
    email = email_enqueue(to=user, template="test_notice", context={"name": "Ada"}, stream=Stream.DIGEST, key="d1")
    email_send(email_id=email.pk)
    [message] = smtp_server.messages
    url = message["List-Unsubscribe"].strip().strip("<>")
    provider = Client(enforce_csrf_checks=True)

    # As RFC 8058 describes it: a POST with no cookies, form-encoded, body "List-Unsubscribe=One-Click".
    response = provider.post(
        url.removeprefix("http://testserver"),
        data=message["List-Unsubscribe-Post"],
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert StreamOptOut.objects.filter(user=user, stream=Stream.DIGEST).exists()
    assert not StreamOptOut.objects.filter(user=user).exclude(stream=Stream.DIGEST).exists()


def test_a_multipart_one_click_post_works_too():
    user = UserFactory()

    response = Client(enforce_csrf_checks=True).post(unsubscribe_path(user), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert StreamOptOut.objects.filter(user=user, stream=Stream.DIGEST).exists()


def test_unsubscribing_twice_is_harmless():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)

    client.post(unsubscribe_path(user), {"List-Unsubscribe": "One-Click"})
    response = client.post(unsubscribe_path(user), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert StreamOptOut.objects.filter(user=user).count() == 1


def test_opening_the_link_asks_for_confirmation_and_changes_nothing(client):
    user = UserFactory()

    response = client.get(unsubscribe_path(user, Stream.EVENT_NOTICES))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Unsubscribe from emails about event registrations, changes and reminders" in page
    assert 'name="List-Unsubscribe" value="One-Click"' in page
    assert 'href="/me/settings/email/"' in page
    assert not StreamOptOut.objects.exists()


def test_the_confirmation_page_says_when_the_stream_is_already_off(client):
    user = UserFactory()
    StreamOptOut.objects.create(user=user, stream=Stream.DIGEST)

    response = client.get(unsubscribe_path(user))

    assert "already gets no emails of this kind" in response.content.decode()


def test_a_post_without_the_one_click_body_changes_nothing():
    user = UserFactory()

    response = Client().post(unsubscribe_path(user), {"something": "else"})

    assert response.status_code == 400
    assert not StreamOptOut.objects.exists()


def test_the_link_keeps_working_after_a_password_change():
    user = UserFactory()
    path = unsubscribe_path(user)
    user.set_password("a-completely-new-password")
    user.save()

    response = Client().post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert StreamOptOut.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda token: token[:-6], id="truncated"),
        pytest.param(lambda token: token[: token.index(":")], id="signature cut off"),
        pytest.param(lambda token: "x" + token, id="payload changed"),
        pytest.param(lambda token: "not-a-token", id="rubbish"),
    ],
)
def test_a_forged_or_damaged_token_gets_a_clear_page_and_changes_nothing(client, mangle):
    user = UserFactory()
    token = mangle(unsubscribe_token(user_id=user.pk, stream=Stream.DIGEST))

    for response in (
        client.get(f"/unsubscribe/{token}/"),
        client.post(f"/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}),
    ):
        assert response.status_code == 400
        assert "This unsubscribe link does not work" in response.content.decode()
    assert not StreamOptOut.objects.exists()


def test_a_token_for_another_member_cannot_be_made_by_editing_the_id(client):
    victim, attacker = UserFactory(), UserFactory()
    token = unsubscribe_token(user_id=attacker.pk, stream=Stream.DIGEST)
    _, signature = token.split(":", 1)
    forged = unsubscribe_token(user_id=victim.pk, stream=Stream.DIGEST).split(":", 1)[0] + ":" + signature

    response = client.post(f"/unsubscribe/{forged}/", {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 400
    assert not StreamOptOut.objects.exists()


def test_account_security_email_has_no_unsubscribe_link(client):
    user = UserFactory()

    response = client.post(unsubscribe_path(user, Stream.ACCOUNT), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 400
    assert not StreamOptOut.objects.exists()


def test_a_link_for_a_deleted_account_says_so(client):
    user = UserFactory()
    path = unsubscribe_path(user)
    user.delete()

    response = client.get(path)

    assert response.status_code == 404
    assert re.search("no longer exists", response.content.decode())


def test_other_methods_are_refused(client):
    assert client.put(unsubscribe_path(UserFactory())).status_code == 405
