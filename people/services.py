"""Messages between members through the portal's relay, with the limits and the abuse reporting
of "ask the authors": the message goes by email from the site's own address, with a link to
answer on the site and one to report it without signing in."""

from collections.abc import Iterable

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casestudies.library.models import Region, Topic
from core.relay_limits import RelayRefused, check_limit
from members.models import User
from members.services import block_add
from outbox.models import Stream
from outbox.services import email_enqueue, is_opted_out

from .models import MESSAGE_MAX_LENGTH, Message, WorkProfile, contactable_by


class MessageRefused(RelayRefused):
    pass


class InvalidToken(Exception):
    """The report link was not made by this site, or was cut short."""


def message_check(*, sender: User, recipient: User) -> None:
    """Whether the sender may write to the recipient at all."""
    if sender.pk == recipient.pk:
        raise MessageRefused("You cannot send a message to yourself.", status=400)
    if not contactable_by(sender).filter(pk=recipient.pk).exists():
        raise MessageRefused("You cannot send a message to this member.", status=404)
    if Message.objects.filter(sender=sender, recipient=recipient, reported=True).exists():
        raise MessageRefused(f"{recipient.name} is not taking messages from you.")
    if is_opted_out(user=recipient, stream=Stream.MESSAGES):
        raise MessageRefused(f"{recipient.name} is not taking messages by email at the moment.")


@transaction.atomic
def message_send(*, sender: User, recipient: User, text: str) -> Message:
    """Stores the message and emails it to the recipient through the outbox (after commit)."""
    User.objects.select_for_update().only("pk").get(pk=sender.pk)
    message_check(sender=sender, recipient=recipient)
    text = text.strip()
    if not text:
        raise MessageRefused("Write your message.", status=400)
    if len(text) > MESSAGE_MAX_LENGTH:
        raise MessageRefused(f"Your message is too long: keep it to {MESSAGE_MAX_LENGTH} characters.", status=400)
    now = timezone.now()
    check_limit(Message.objects.sent_by(sender), now, refused=MessageRefused, one="message", many="messages")
    message = Message.objects.create(sender=sender, recipient=recipient, text=text, created_at=now)
    email_enqueue(
        to=recipient,
        template="member_message",
        context={
            "name": recipient.name.split(" ")[0] if recipient.name else "",
            "sender_name": sender.name or "A member",
            "message_text": text,
            "reply_path": reverse("people:contact", kwargs={"pk": sender.pk}),
            "report_path": reverse("people:report", kwargs={"token": message_report_token(message_id=message.pk)}),
        },
        stream=Stream.MESSAGES,
        key=f"member-message:{message.pk}",
    )
    return message


@transaction.atomic
def message_report(*, message: Message, reason: str) -> Message:
    """Flags a message as abuse for the curators; the recipient blocks the sender, who can no
    longer see or write to them. A message is reported once."""
    message = Message.objects.select_for_update().select_related("sender", "recipient").get(pk=message.pk)
    if message.reported:
        raise MessageRefused("This message has already been reported. Our curators will look at it.", status=409)
    message.reported = True
    message.report_reason = reason.strip()[:1000]
    message.reported_at = timezone.now()
    message.save(update_fields=["reported", "report_reason", "reported_at"])
    block_add(blocker=message.recipient, blocked=message.sender)
    return message


def _report_signer() -> signing.Signer:
    return signing.Signer(salt="people.message-report")


def message_report_token(*, message_id: int) -> str:
    return _report_signer().sign_object([message_id])


def read_message_report_token(token: str) -> int:
    try:
        [message_id] = _report_signer().unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError) as error:
        raise InvalidToken(str(error)) from error
    if not isinstance(message_id, int):
        raise InvalidToken("The token names no message.")
    return message_id


@transaction.atomic
def work_profile_update(*, user: User, topics: Iterable[Topic], region: Region | None) -> WorkProfile:
    profile, _ = WorkProfile.objects.get_or_create(user=user)
    profile.region = region
    profile.save(update_fields=["region"])
    profile.topics.set(topics)
    return profile
