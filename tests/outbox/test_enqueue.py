"""Emails are written to the outbox with the change that causes them, then sent once."""

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from outbox import services
from outbox.models import OutgoingEmail, Stream, StreamOptOut
from outbox.services import Email, email_enqueue, email_enqueue_many, email_send
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def enqueue(user, key="notice-1", stream=Stream.GROUP_REQUESTS):
    return email_enqueue(to=user, template="test_notice", context={"name": user.name}, stream=stream, key=key)


def test_an_email_is_written_once_however_often_it_is_enqueued():
    user = UserFactory()

    first = enqueue(user)
    second = enqueue(user)

    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1
    assert first.status == OutgoingEmail.Status.PENDING


def test_a_member_who_opted_out_of_a_stream_gets_no_row():
    user = UserFactory()
    StreamOptOut.objects.create(user=user, stream=Stream.GROUP_REQUESTS)

    assert enqueue(user) is None
    assert not OutgoingEmail.objects.exists()


def test_account_security_email_cannot_be_opted_out_of():
    user = UserFactory()
    StreamOptOut.objects.create(user=user, stream=Stream.ACCOUNT)

    assert enqueue(user, stream=Stream.ACCOUNT) is not None


def test_sending_marks_the_row_sent_and_sends_a_multipart_message():
    user = UserFactory(name="Ada")
    email = enqueue(user)

    email_send(email_id=email.pk)
    email_send(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1, "a row is sent once"
    message = mail.outbox[0]
    assert message.subject == "A notice for Ada"
    assert message.to == [user.email]
    assert message.alternatives[0].mimetype == "text/html"
    assert message.extra_headers["Message-ID"].endswith("@testserver>")


def test_an_opt_out_made_after_writing_is_honoured_at_sending():
    user = UserFactory()
    email = enqueue(user)
    StreamOptOut.objects.create(user=user, stream=Stream.GROUP_REQUESTS)

    email_send(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SKIPPED
    assert mail.outbox == []


def test_many_emails_are_written_at_once_leaving_out_opt_outs_and_keys_already_written(
    django_assert_max_num_queries,
):
    users = UserFactory.create_batch(4)
    StreamOptOut.objects.create(user=users[0], stream=Stream.DIGEST)
    enqueue(users[1], key="digest-1", stream=Stream.DIGEST)
    emails = [
        Email(to=user, template="test_notice", context={"name": "Ada"}, stream=Stream.DIGEST, key=f"digest-{n}")
        for n, user in enumerate(users)
    ]

    with django_assert_max_num_queries(6):
        written = email_enqueue_many(emails=[*emails, emails[3]])

    assert sorted(email.idempotency_key for email in written) == ["digest-2", "digest-3"]
    assert all(email.pk and email.message_id.endswith("@testserver>") for email in written)
    assert OutgoingEmail.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_emails_written_together_are_queued_in_batches_after_commit(task_queue, monkeypatch):
    monkeypatch.setattr(services, "SEND_BATCH", 2)
    emails = [
        Email(to=user, template="test_notice", context={"name": "Ada"}, stream=Stream.DIGEST, key=f"digest-{n}")
        for n, user in enumerate(UserFactory.create_batch(3))
    ]

    with transaction.atomic():
        written = email_enqueue_many(emails=emails)
        assert task_queue.email_ids() == [], "nothing queued before commit"

    ids = [email.pk for email in written]
    assert task_queue.email_ids() == [ids[:2], ids[2:]]


def test_emails_written_together_keep_their_context_exactly_and_go_in_as_plain_parameters():
    contexts = [
        {"name": 'Siân "Ted" O\'Brien', "path": "C:\\notes\\{draft}", "items": [{"title": "Café & co", "n": 1}]},
        {"name": "Ada", "empty": [], "none": None, "nested": {"quote": '"', "backslash": "\\"}},
    ]
    emails = [
        Email(to=user, template="test_notice", context=context, stream=Stream.DIGEST, key=f"digest-{n}")
        for n, (user, context) in enumerate(zip(UserFactory.create_batch(2), contexts, strict=True))
    ]

    with CaptureQueriesContext(connection) as queries:
        email_enqueue_many(emails=emails)

    assert [email.context for email in OutgoingEmail.objects.order_by("idempotency_key")] == contexts
    [insert] = [query["sql"] for query in queries if query["sql"].startswith("INSERT")]
    # Arrays through UNNEST had psycopg escape every quote of every context in Python.
    assert "UNNEST" not in insert.upper()
