"""Emails go over real SMTP (aiosmtpd in the test process) as multipart messages with list headers."""

import itertools
import re
from datetime import UTC, timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.conf import settings
from django.utils import timezone

from outbox import services
from outbox.models import OutgoingEmail, Stream
from outbox.services import email_enqueue, email_send
from tests.members.factories import UserFactory
from tests.processes import free_port
from tests.smtp import html, plain_text

pytestmark = pytest.mark.django_db


def enqueue(to, key="notice-1", stream=Stream.GROUP_REQUESTS, name="Ada"):
    return email_enqueue(to=to, template="test_notice", context={"name": name}, stream=stream, key=key)


def test_a_notification_arrives_as_plain_text_and_html_with_list_headers(smtp_server):
    user = UserFactory(name="Ada")
    email = enqueue(user)

    email_send(email_id=email.pk)

    [message] = smtp_server.messages
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["Subject"] == "A notice for Ada"
    assert message["To"] == user.email
    assert message["Message-ID"] == email.message_id
    assert re.fullmatch(r"<[^@<>]+@testserver>", message["Message-ID"])
    date = parsedate_to_datetime(str(message["Date"]))
    assert abs(date.replace(tzinfo=date.tzinfo or UTC) - timezone.now()) < timedelta(minutes=5)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(rf"<{re.escape(settings.SITE_URL)}/unsubscribe/[^/>]+/>", message["List-Unsubscribe"].strip())


def test_every_link_in_an_email_is_absolute_and_the_footer_says_why(smtp_server):
    user = UserFactory()
    email_send(email_id=enqueue(user).pk)

    [message] = smtp_server.messages
    markup = html(message)
    text = plain_text(message)
    links = re.findall(r'href="([^"]*)"', markup)
    assert len(links) >= 3
    assert all(link == settings.SITE_URL or link.startswith(settings.SITE_URL + "/") for link in links), links
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe in links
    assert "get emails about group membership requests and invitations" in text
    assert f"Unsubscribe from these emails: {unsubscribe}" in text


def test_plain_text_is_not_html_escaped(smtp_server):
    user = UserFactory()
    email_send(email_id=enqueue(user, name="O'Brien & Co").pk)

    [message] = smtp_server.messages
    assert message["Subject"] == "A notice for O'Brien & Co"
    assert "Hello O'Brien & Co," in plain_text(message)
    assert "O&#39;Brien &amp; Co" in html(message)


def test_each_email_separates_its_parts_with_a_random_boundary_found_nowhere_in_them(smtp_server):
    user = UserFactory()
    email_send(email_id=enqueue(user, key="notice-1").pk)
    email_send(email_id=enqueue(user, key="notice-2").pk)

    boundaries = [message.get_boundary() for message in smtp_server.messages]
    assert len(set(boundaries)) == 2
    for message, boundary in zip(smtp_server.messages, boundaries, strict=True):
        assert re.fullmatch(r"=_[0-9a-f]{32}", boundary)
        assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
        assert all(boundary not in part.get_content() for part in message.iter_parts())


def test_account_security_email_has_no_unsubscribe_headers_and_says_why(smtp_server):
    user = UserFactory()
    email_send(email_id=enqueue(user, stream=Stream.ACCOUNT).pk)

    [message] = smtp_server.messages
    assert message["List-Unsubscribe"] is None
    assert message["List-Unsubscribe-Post"] is None
    assert "emails about your account's security are always sent" in plain_text(message)


def test_an_email_to_a_bare_address_is_sent_without_unsubscribe_headers(smtp_server):
    email_send(email_id=enqueue("someone@example.net").pk)

    [message] = smtp_server.messages
    assert message["To"] == "someone@example.net"
    assert message["List-Unsubscribe"] is None


def test_a_recipient_the_server_refuses_is_retried_later_with_the_error_kept(smtp_server):
    user = UserFactory(email="gone@example.org")
    smtp_server.refuse.add("gone@example.org")
    email = enqueue(user)

    email_send(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 1
    assert "SMTPRecipientsRefused" in email.last_error
    assert "No such mailbox here" in email.last_error
    assert email.next_attempt_at > timezone.now() + timedelta(seconds=20)
    assert smtp_server.messages == []


def test_a_retry_sent_before_its_time_does_nothing():
    user = UserFactory()
    email = enqueue(user)
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))

    assert email_send(email_id=email.pk) is None
    email.refresh_from_db()
    assert email.attempts == 0


def test_a_refused_recipient_does_not_hold_up_other_emails(smtp_server):
    refused = UserFactory(email="gone@example.org")
    other = UserFactory()
    smtp_server.refuse.add("gone@example.org")

    email_send(email_id=enqueue(refused, key="a").pk)
    email_send(email_id=enqueue(other, key="b").pk)

    assert [message["To"] for message in smtp_server.messages] == [other.email]


def test_a_server_that_is_down_makes_the_email_wait_with_growing_pauses_then_fail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    email = enqueue(UserFactory())
    pauses = []

    for _ in range(services.MAX_ATTEMPTS):
        before = timezone.now()
        email_send(email_id=email.pk)
        email.refresh_from_db()
        pauses.append(email.next_attempt_at - before)
        OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == services.MAX_ATTEMPTS
    assert "ConnectionRefusedError" in email.last_error
    assert f"Attempt {services.MAX_ATTEMPTS}:" in email.last_error
    waits = pauses[: services.MAX_ATTEMPTS - 1]
    assert all(later > earlier * 1.5 for earlier, later in itertools.pairwise(waits)), waits
    assert email_send(email_id=email.pk) is None, "a failed email is not tried again by itself"


def test_a_deactivated_member_gets_nothing(smtp_server):
    user = UserFactory()
    email = enqueue(user)
    user.is_active = False
    user.save()

    email_send(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SKIPPED
    assert smtp_server.messages == []


def test_the_generic_notice_template_makes_a_simple_email_with_an_absolute_action_link(smtp_server):
    user = UserFactory()
    email = email_enqueue(
        to=user,
        template="notice",
        context={
            "subject": "Your request",
            "paragraphs": ["First.", "Second."],
            "action_path": "/me/",
            "action_label": "Open",
        },
        stream=Stream.GROUP_REQUESTS,
        key="n",
    )

    email_send(email_id=email.pk)

    [message] = smtp_server.messages
    assert message["Subject"] == "Your request"
    assert "First.\n\nSecond.\n\nOpen: http://testserver/me/" in plain_text(message)
    assert 'href="http://testserver/me/"' in html(message)


def test_emails_sent_together_share_one_connection_and_a_refused_one_does_not_stop_the_rest(smtp_server):
    smtp_server.refuse.add("gone@example.org")
    members = [UserFactory(), UserFactory(email="gone@example.org"), UserFactory(), UserFactory()]
    emails = [enqueue(member, key=f"batch-{n}") for n, member in enumerate(members)]

    sent = services.email_send_many(email_ids=[email.pk for email in emails])

    assert [email.status for email in sent] == [
        OutgoingEmail.Status.SENT,
        OutgoingEmail.Status.PENDING,
        OutgoingEmail.Status.SENT,
        OutgoingEmail.Status.SENT,
    ]
    assert [message["To"] for message in smtp_server.messages] == [members[0].email, members[2].email, members[3].email]
    first, after_refusal, last = smtp_server.peers
    assert after_refusal == last != first, "one connection, replaced only after the refusal"
    assert "550" in OutgoingEmail.objects.get(pk=emails[1].pk).last_error


def test_a_batch_skips_opted_out_and_deactivated_members_and_rows_already_sent(smtp_server):
    keen, opted_out, gone = UserFactory(), UserFactory(), UserFactory()
    emails = [enqueue(member, key=f"batch-{n}") for n, member in enumerate([keen, opted_out, gone])]
    services.stream_opt_out(user=opted_out, stream=Stream.GROUP_REQUESTS)
    gone.is_active = False
    gone.save()

    first = services.email_send_many(email_ids=[email.pk for email in emails])
    again = services.email_send_many(email_ids=[email.pk for email in emails])

    assert [email.status for email in first] == [
        OutgoingEmail.Status.SENT,
        OutgoingEmail.Status.SKIPPED,
        OutgoingEmail.Status.SKIPPED,
    ]
    assert again == []
    assert [message["To"] for message in smtp_server.messages] == [keen.email]


def test_a_sent_row_records_when_and_to_which_address_and_message_id_it_went(smtp_server):
    user = UserFactory(email="before@example.org")
    email = enqueue(user)
    user.email = "after@example.org"
    user.save()
    before = timezone.now()

    email_send(email_id=email.pk)

    email.refresh_from_db()
    [message] = smtp_server.messages
    assert email.status == OutgoingEmail.Status.SENT
    assert email.to_address == "after@example.org" == message["To"], "the address the member has when it is sent"
    assert email.message_id == message["Message-ID"]
    assert before <= email.sent_at <= timezone.now()
    assert email.updated_at == email.sent_at
    assert email.last_error == ""
    assert email.attempts == 1


def test_a_send_batch_claims_its_emails_in_a_few_statements_and_marks_each_as_it_goes(
    smtp_server, django_assert_max_num_queries
):
    members = UserFactory.create_batch(services.SEND_BATCH)
    emails = [enqueue(member, key=f"batch-{n}") for n, member in enumerate(members)]
    groups = -(-services.SEND_BATCH // services.CLAIM_GROUP)

    # Per group: lock and read the rows with their recipients, mark them, read the opt-outs, and
    # the claim's savepoint and its release (its transaction, outside a test's).
    with django_assert_max_num_queries(services.SEND_BATCH + 5 * groups):
        sent = services.email_send_many(email_ids=[email.pk for email in emails])

    assert [email.status for email in sent] == [OutgoingEmail.Status.SENT] * services.SEND_BATCH
    assert {email.attempts for email in sent} == {1}
    assert len(smtp_server.messages) == services.SEND_BATCH
    assert set(OutgoingEmail.objects.values_list("status", "attempts")) == {(OutgoingEmail.Status.SENT, 1)}
