"""Writing emails to the outbox, sending them, and recovering the ones left behind."""

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import make_msgid
from django.db import connection as database
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.tasks import delay_in_batches
from members.models import User

from .models import OutgoingEmail, Stream, StreamOptOut
from .rendering import EMAIL_SETTINGS_PATH as EMAIL_SETTINGS_PATH  # re-exported: the services' public names
from .rendering import absolute_url as absolute_url
from .rendering import render_email
from .rendering import render_part as render_part
from .rendering import unsubscribe_url as unsubscribe_url

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Retries wait 30 s, 1 min, 2 min, 4 min, 8 min: about a quarter of an hour in all, which
# rides out a restarting mail server without hiding a broken one for long.
RETRY_BASE = timedelta(seconds=30)
RETRY_MAX = timedelta(hours=1)
# A row written or retried this long ago and still pending lost its task: the sweep queues it.
SWEEP_GRACE = timedelta(minutes=1)
# Rows are claimed a group at a time, each group with a lease of OUTBOX_SENDING_LEASE_SECONDS
# (a minute): a row still "sending" after its lease was held by a worker that died, and the
# sweep (every minute) gives it back, so it is retried within two minutes. A worker renews the
# lease of its group when the mail server is slow, so a live worker's rows are never taken.
# Half a send batch: a claim costs two statements and a commit (groups of five cost a digest
# round more than its emails' bytes); a killed worker delays the rest of its group by the lease.
CLAIM_GROUP = 25
SWEEP_BATCH = 1000
# Emails written together (a digest batch) are sent by one task over one SMTP connection, this
# many at a time: connecting and a broker round trip per email cost more than the sending.
SEND_BATCH = 50
# Clocks of web, worker and database hosts may differ a little; a task arriving a few seconds
# before its row's retry time still sends it.
CLOCK_TOLERANCE = timedelta(seconds=5)


def is_opted_out(*, user: User | None, stream: str) -> bool:
    if user is None or stream == Stream.ACCOUNT:
        return False
    return StreamOptOut.objects.filter(user=user, stream=stream).exists()


def opted_out_streams(*, user: User) -> set[str]:
    """The streams the member turned off."""
    return set(StreamOptOut.objects.filter(user=user).values_list("stream", flat=True))


class OptOuts:
    """The opt-outs of many members, read in one query, for writing or sending emails in bulk."""

    def __init__(self, user_ids: set[int]) -> None:
        self.pairs = set(StreamOptOut.objects.filter(user_id__in=user_ids).values_list("user_id", "stream"))

    def excludes(self, user_id: int | None, stream: str) -> bool:
        # As is_opted_out: account security email cannot be turned off.
        return user_id is not None and stream != Stream.ACCOUNT and (user_id, stream) in self.pairs


@transaction.atomic
def email_enqueue(
    *,
    to: User | str,
    template: str,
    context: dict[str, Any],
    stream: Stream,
    key: str,
) -> OutgoingEmail | None:
    """Writes an email to the outbox and queues its sending after commit.

    `to` is a member (preferred: opt-outs apply and the address is looked up at send time) or a
    bare address (for people who are not members yet). `context` must be JSON-serialisable:
    pass ids, names and absolute paths, not model instances. `key` makes the write idempotent:
    an email with the same key is never written or sent twice. Returns None when the member has
    opted out of the stream.
    """
    user = to if isinstance(to, User) else None
    if is_opted_out(user=user, stream=stream):
        return None
    email, created = OutgoingEmail.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "recipient": user,
            "to_address": user.email if user else to,
            "stream": stream,
            "template_name": template,
            "context": context,
            # Fixed when written, so that a resend after a lost worker carries the same
            # Message-ID and receiving systems can recognise the duplicate.
            "message_id": make_msgid(domain=settings.SITE_DOMAIN),
        },
    )
    if created:
        transaction.on_commit(lambda: queue_send(email.pk))
    return email


@dataclass(frozen=True)
class Email:
    """One email for `email_enqueue_many`; the fields mean what email_enqueue's arguments do."""

    to: User | str
    template: str
    context: dict[str, Any]
    stream: Stream
    key: str


@transaction.atomic
def email_enqueue_many(*, emails: list[Email]) -> list[OutgoingEmail]:
    """Writes many emails to the outbox in a fixed number of queries and queues them after commit.

    Opt-outs and keys work as in email_enqueue: emails whose key is already written, or whose
    member opted out of the stream, are left out. Meant for jobs that hold a lock on what they
    send (the digest batches): a key written by someone else at the same moment makes the whole
    call, and the caller's transaction, fail with IntegrityError rather than send it twice.
    """
    opt_outs = OptOuts({email.to.pk for email in emails if isinstance(email.to, User)})
    keys = [email.key for email in emails]
    written = set(OutgoingEmail.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True))
    rows = {}
    for email in emails:
        user = email.to if isinstance(email.to, User) else None
        if email.key in written or email.key in rows:
            continue
        if user is not None and opt_outs.excludes(user.pk, email.stream):
            continue
        rows[email.key] = OutgoingEmail(
            recipient=user,
            to_address=user.email if user else str(email.to),
            stream=email.stream,
            template_name=email.template,
            context=email.context,
            idempotency_key=email.key,
            message_id=make_msgid(domain=settings.SITE_DOMAIN),
        )
    created = OutgoingEmail.objects.bulk_create(rows.values())
    ids = [row.pk for row in created]
    transaction.on_commit(lambda: queue_send_many(ids))
    return created


def queue_send(email_id: int) -> bool:
    """Hands an email to the broker; when the broker is down the row waits for the sweep."""
    from .tasks import send_email

    try:
        send_email.delay(email_id)
    except Exception:
        logger.warning("Could not queue outgoing email %s; the sweep will send it.", email_id, exc_info=True)
        return False
    return True


def queue_send_many(email_ids: list[int]) -> None:
    """Hands emails to the broker in batches of SEND_BATCH; a batch the broker refuses waits for the sweep."""
    from .tasks import send_email_batch

    delay_in_batches(
        send_email_batch,
        email_ids,
        size=SEND_BATCH,
        refused="Could not queue %d outgoing emails; the sweep will send them.",
    )


def sending_lease() -> timedelta:
    seconds: int = settings.OUTBOX_SENDING_LEASE_SECONDS
    return timedelta(seconds=seconds)


def retry_delay(attempts: int) -> timedelta:
    delay: timedelta = RETRY_BASE * 2 ** max(attempts - 1, 0)
    return min(delay, RETRY_MAX)


def claim(email_id: int) -> OutgoingEmail | None:
    """Marks a due, pending email as being sent and counts the attempt."""
    claimed = claim_many([email_id])
    return claimed[0] if claimed else None


def claim_many(email_ids: list[int]) -> list[OutgoingEmail]:
    """Marks the due, pending emails among these as being sent and counts the attempt; returns
    them with their recipients.

    The row lock decides: the second of two concurrent claims waits for the first to commit and
    then reads the row as the first left it, so only one worker ever wins a row. The rows are
    locked by primary key alone and their state is checked here: with the state in the query,
    the planner, whose statistics lag behind a burst of new emails, scanned every pending row.
    """
    now = timezone.now()
    with transaction.atomic():
        rows = OutgoingEmail.objects.filter(pk__in=email_ids).select_related("recipient").order_by("pk")
        # An email may have no recipient (a bare address): only the emails are locked.
        rows = rows.select_for_update(of=("self",))
        due = now + CLOCK_TOLERANCE
        claimed = [row for row in rows if row.status == OutgoingEmail.Status.PENDING and row.next_attempt_at <= due]
        OutgoingEmail.objects.filter(pk__in=[row.pk for row in claimed]).update(
            status=OutgoingEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now
        )
    for row in claimed:
        row.status, row.claimed_at, row.updated_at = OutgoingEmail.Status.SENDING, now, now
        row.attempts += 1
    return claimed


def email_send(*, email_id: int) -> OutgoingEmail | None:
    """Sends one outbox row over SMTP and marks it sent.

    On failure the row goes back to pending with the error kept and a retry time that doubles
    each attempt, or to failed after MAX_ATTEMPTS. Returns None when the row was not due or
    another worker had it.
    """
    sent = email_send_many(email_ids=[email_id])
    return sent[0] if sent else None


def email_send_many(*, email_ids: list[int]) -> list[OutgoingEmail]:
    """Sends the due outbox rows among these over one SMTP connection, each as email_send does.

    Rows are claimed CLAIM_GROUP at a time and each is marked as soon as the mail server has
    answered for it, so a worker that dies part-way leaves at most the one row it was handing
    over in doubt (and the rest of its group unsent) for the sweep; the rows after its group
    are still pending. A failure opens a fresh connection for the next row, so one refused
    recipient does not hold up the others. Returns the rows it claimed, with their new status.
    """
    claimed: list[OutgoingEmail] = []
    connection: BaseEmailBackend | None = None
    try:
        for offset in range(0, len(email_ids), CLAIM_GROUP):
            group = claim_many(email_ids[offset : offset + CLAIM_GROUP])
            connection = _send_group(group, connection)
            claimed += group
    finally:
        _close_quietly(connection)
    return claimed


def _send_group(emails: list[OutgoingEmail], connection: BaseEmailBackend | None) -> BaseEmailBackend | None:
    """Sends a claimed group over `connection` (opened when first needed); returns the connection."""
    opt_outs = OptOuts({email.recipient_id for email in emails if email.recipient_id is not None})
    for index, email in enumerate(emails):
        _renew_lease_if_slow(emails[index:])
        recipient = email.recipient
        if recipient is not None and (not recipient.is_active or opt_outs.excludes(recipient.pk, email.stream)):
            email.status = OutgoingEmail.Status.SKIPPED
            email.save(update_fields=["status", "updated_at"])
            continue
        if recipient is not None:
            email.to_address = recipient.email
        try:
            message = render_email(email)
            email.message_id = message.extra_headers["Message-ID"]
            if connection is None:
                connection = get_connection()
                connection.open()
            connection.send_messages([message])
        except Exception as error:
            _mark_failed(email, error)
            _close_quietly(connection)
            connection = None
            continue
        _mark_sent(email)
    return connection


def _renew_lease_if_slow(emails: list[OutgoingEmail]) -> None:
    """Past half its lease, the group's lease starts again, so the sweep never takes a row this
    worker is still going to send."""
    now = timezone.now()
    claimed_at = emails[0].claimed_at if emails else None
    if claimed_at is None or now - claimed_at < sending_lease() / 2:
        return
    OutgoingEmail.objects.filter(pk__in=[email.pk for email in emails], status=OutgoingEmail.Status.SENDING).update(
        claimed_at=now
    )
    for email in emails:
        email.claimed_at = now


_MARK_SENT = (
    f"UPDATE {OutgoingEmail._meta.db_table} SET status = %s, last_error = '', message_id = %s, "  # noqa: S608
    "to_address = %s, sent_at = %s, updated_at = %s WHERE id = %s"
)


def _mark_sent(email: OutgoingEmail) -> None:
    """Marks the row sent, in a statement written out once: building save()'s UPDATE took
    longer than the mail server took to accept the message, for every email of a digest round."""
    email.status = OutgoingEmail.Status.SENT
    email.sent_at = email.updated_at = timezone.now()
    email.last_error = ""
    with database.cursor() as cursor:
        cursor.execute(
            _MARK_SENT, [email.status, email.message_id, email.to_address, email.sent_at, email.updated_at, email.pk]
        )


def _mark_failed(email: OutgoingEmail, error: Exception) -> None:
    email.last_error = f"Attempt {email.attempts}: {type(error).__name__}: {error}"[:2000]
    if email.attempts >= MAX_ATTEMPTS:
        email.status = OutgoingEmail.Status.FAILED
    else:
        email.status = OutgoingEmail.Status.PENDING
        email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
    email.save(update_fields=["status", "last_error", "next_attempt_at", "message_id", "to_address", "updated_at"])
    logger.warning("Outgoing email %s failed: %s", email.pk, email.last_error)


def _close_quietly(connection: BaseEmailBackend | None) -> None:
    """Closes an SMTP connection that may already be broken."""
    if connection is not None:
        try:
            connection.close()
        except Exception:
            logger.debug("Closing a broken SMTP connection failed.", exc_info=True)


def outbox_sweep() -> list[int]:
    """Queues again the emails whose task was lost, and returns their ids.

    Catches rows written while the broker was down, retries whose task vanished, and rows a
    worker claimed and then died holding. Rows are picked with SKIP LOCKED and moved forward
    in the same transaction, so two sweeps running at once queue each row once.
    """
    now = timezone.now()
    with transaction.atomic():
        forgotten = list(
            OutgoingEmail.objects.forgotten(before=now - SWEEP_GRACE)
            .order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        OutgoingEmail.objects.filter(pk__in=forgotten).update(next_attempt_at=now, updated_at=now)
        stuck = list(
            OutgoingEmail.objects.stuck_sending(claimed_before=now - sending_lease())
            .order_by("claimed_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", "attempts")[:SWEEP_BATCH]
        )
        lost = "The worker stopped while sending; it may have reached the mail server."
        exhausted = [pk for pk, attempts in stuck if attempts >= MAX_ATTEMPTS]
        retried = [pk for pk, attempts in stuck if attempts < MAX_ATTEMPTS]
        OutgoingEmail.objects.filter(pk__in=exhausted).update(
            status=OutgoingEmail.Status.FAILED, last_error=lost, updated_at=now
        )
        OutgoingEmail.objects.filter(pk__in=retried).update(
            status=OutgoingEmail.Status.PENDING, last_error=lost, next_attempt_at=now, updated_at=now
        )
    queued = forgotten + retried
    transaction.on_commit(lambda: [queue_send(email_id) for email_id in queued])
    if queued:
        logger.info("The outbox sweep queued %d emails again.", len(queued))
    return queued


@transaction.atomic
def email_resend(*, email_ids: list[int]) -> int:
    """Gives failed emails a fresh set of attempts and queues them after commit."""
    ids = list(
        OutgoingEmail.objects.filter(pk__in=email_ids, status=OutgoingEmail.Status.FAILED).values_list("pk", flat=True)
    )
    OutgoingEmail.objects.filter(pk__in=ids).update(
        status=OutgoingEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now(), updated_at=timezone.now()
    )
    transaction.on_commit(lambda: [queue_send(email_id) for email_id in ids])
    return len(ids)


@transaction.atomic
def stream_opt_out(*, user: User, stream: Stream) -> bool:
    """Turns a stream off for a member; True when it was on. Emails already written are
    skipped at send time."""
    if stream == Stream.ACCOUNT:
        raise ValueError("Account security email cannot be turned off.")
    _, created = StreamOptOut.objects.get_or_create(user=user, stream=stream)
    return created


@transaction.atomic
def stream_opt_in(*, user: User, stream: Stream) -> None:
    """Turns a stream back on for a member."""
    StreamOptOut.objects.filter(user=user, stream=stream).delete()
