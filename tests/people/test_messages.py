"""Contacting a member through the portal's relay: the message goes by email from the site, never
showing an address; the limits and abuse reporting of "ask the authors" apply; a block stops it."""

import json

import pytest
from django.urls import reverse

from members import data_rights
from members.models import Block, ProfileVisibility
from members.services import block_add
from outbox.models import OutgoingEmail, Stream, StreamOptOut
from outbox.services import render_email
from people.models import Message
from people.services import message_report_token
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db
TEXT = "Could we talk about your <b>discharge</b> huddles & how they started?"


def contact_url(person) -> str:
    return reverse("people:contact", args=[person.pk])


@pytest.fixture
def priya(db):
    return UserFactory(name="Priya Shah", email="priya.private@example.org")


def test_a_message_is_relayed_by_email_without_either_address(client, priya):
    sender = UserFactory(name="Sam Jones", email="sam.private@example.org")
    client.force_login(sender)

    response = client.post(contact_url(priya), {"text": TEXT})

    assert response.status_code == 302
    email = OutgoingEmail.objects.get(template_name="member_message")
    assert email.recipient == priya
    assert email.stream == Stream.MESSAGES
    rendered = render_email(email)
    whole = rendered.subject + rendered.body + rendered.alternatives[0][0]
    assert "sam.private" not in whole
    assert rendered.reply_to == []
    assert "Sam Jones sent you a message" in rendered.subject
    assert TEXT in rendered.body
    assert "&lt;b&gt;discharge&lt;/b&gt;" in rendered.alternatives[0][0]
    assert reverse("people:contact", args=[sender.pk]) in rendered.body


def test_the_sender_hits_the_same_limits_as_questions_to_authors(client, priya, settings):
    settings.ASK_AUTHORS_PER_HOUR = 2
    client.force_login(UserFactory())
    for _ in range(2):
        assert client.post(contact_url(priya), {"text": "Hello"}).status_code == 302

    response = client.post(contact_url(priya), {"text": "Hello again"})

    assert response.status_code == 429
    assert "the most you can send in an hour" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert Message.objects.count() == 2


def test_a_reported_message_blocks_the_sender(client, priya):
    sender = UserFactory(name="Pat Nuisance")
    client.force_login(sender)
    client.post(contact_url(priya), {"text": "Buy my software"})
    message = Message.objects.get()
    client.logout()

    report = reverse("people:report", args=[message_report_token(message_id=message.pk)])
    assert "Buy my software" in client.get(report).content.decode()
    response = client.post(report, {"reason": "Spam"})

    assert response.status_code == 200
    message.refresh_from_db()
    assert message.reported
    assert Block.objects.filter(blocker=priya, blocked=sender).exists()
    client.force_login(sender)
    assert client.post(contact_url(priya), {"text": "Again"}).status_code == 404
    assert Message.objects.count() == 1


def test_a_forged_report_link_is_refused(client):
    assert client.get(reverse("people:report", args=["not-a-token"])).status_code == 400


@pytest.mark.parametrize("who", ["blocked", "blocker", "hidden", "self"])
def test_members_who_may_not_be_contacted_get_a_404_and_nothing_is_sent(member_client, user, who):
    other = UserFactory()
    if who == "blocked":
        block_add(blocker=user, blocked=other)
    elif who == "blocker":
        block_add(blocker=other, blocked=user)
    elif who == "hidden":
        other.profile_visibility = ProfileVisibility.HIDDEN
        other.save()
    else:
        other = user

    response = member_client.post(contact_url(other), {"text": "Hello"})

    assert response.status_code == 404
    assert not OutgoingEmail.objects.exists()


def test_a_hidden_member_can_answer_someone_who_wrote_to_them(client, priya):
    hidden = UserFactory(profile_visibility=ProfileVisibility.HIDDEN)
    client.force_login(hidden)
    client.post(contact_url(priya), {"text": "Hello from a quiet member"})
    client.force_login(priya)
    assert client.post(contact_url(hidden), {"text": "Thanks for writing"}).status_code == 302


def test_a_member_who_turned_off_emails_from_members_is_not_sent_any(member_client, priya):
    StreamOptOut.objects.create(user=priya, stream=Stream.MESSAGES)
    response = member_client.get(contact_url(priya))
    assert response.status_code == 403
    assert "not taking messages by email" in response.content.decode()


def test_an_empty_or_overlong_message_is_explained(member_client, priya):
    assert member_client.post(contact_url(priya), {"text": "  "}).status_code == 400
    response = member_client.post(contact_url(priya), {"text": "x" * 3000})
    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()
    assert not Message.objects.exists()


def test_messages_are_in_the_data_export_and_go_with_a_deleted_account(client, priya):
    from members.services import account_delete

    sender = UserFactory(name="Sam Jones")
    client.force_login(sender)
    client.post(contact_url(priya), {"text": "Hello Priya"})

    document = json.loads(data_rights.export_json(priya))
    assert document["people"]["messages_to_you"][0]["text"] == "Hello Priya"
    assert json.loads(data_rights.export_json(sender))["people"]["messages_you_sent"][0]["to"] == "Priya Shah"

    account_delete(user=sender)
    assert not Message.objects.exists()
