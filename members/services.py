"""Writes about members that have side effects beyond one row."""

import logging
from collections.abc import Iterable
from datetime import timedelta

from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models, transaction
from django.utils import timezone

from . import data_rights
from .devices import describe_user_agent, fingerprint
from .models import Block, DataExport, Follow, FollowKind, SignInDevice, User

EXPORT_LIFETIME = timedelta(days=7)
# A member may ask again once this long has passed, so that the button cannot be used to keep
# the workers busy.
EXPORT_REQUEST_INTERVAL = timedelta(minutes=10)
# A copy still pending this long after it was asked for lost its task, and is queued again.
EXPORT_RETRY_AFTER = timedelta(minutes=10)
_EXPORT_SALT = "members.data-export"

logger = logging.getLogger(__name__)


@transaction.atomic
def sign_in_device_record(*, user: User, user_agent: str) -> tuple[SignInDevice, bool]:
    """Remembers the browser a member signed in from; says whether it is new to an account
    that has signed in before (a first sign-in is not news)."""
    had_devices = SignInDevice.objects.filter(user=user).exists()
    device, created = SignInDevice.objects.get_or_create(
        user=user,
        fingerprint=fingerprint(user_agent),
        defaults={"description": describe_user_agent(user_agent)},
    )
    if not created:
        device.last_seen_at = timezone.now()
        device.save(update_fields=["last_seen_at"])
    return device, created and had_devices


class ExportTooSoon(Exception):
    """The member asked for a copy of their data a moment ago."""


@transaction.atomic
def data_export_request(*, user: User) -> DataExport:
    """Starts preparing a copy of the member's data; a worker builds it after commit."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    if DataExport.objects.for_member(user).filter(created_at__gt=timezone.now() - EXPORT_REQUEST_INTERVAL).exists():
        raise ExportTooSoon
    export = DataExport.objects.create(user=user, expires_at=timezone.now() + EXPORT_LIFETIME)
    transaction.on_commit(lambda: data_export_queue(export_id=export.pk))
    return export


def data_export_queue(*, export_id: int) -> bool:
    """Hands the build to a worker; while the broker is down the copy waits for data_exports_purge,
    which queues again every copy still pending."""
    from .tasks import build_data_export

    try:
        build_data_export.delay(export_id)
    except Exception:
        logger.warning("Could not queue data export %s; the hourly task will.", export_id, exc_info=True)
        return False
    return True


@transaction.atomic
def data_export_build(*, export_id: int) -> DataExport | None:
    """Builds the JSON copy, marks it ready and sends `data_export_ready` (the outbox app
    emails the member a link). Does nothing for a copy already built, expired or deleted."""
    from .signals import data_export_ready

    export = DataExport.objects.select_for_update().select_related("user").filter(pk=export_id).first()
    if export is None or export.is_ready or export.expires_at <= timezone.now():
        return None
    export.content = data_rights.export_json(export.user)
    export.size = len(export.content.encode())
    export.status = DataExport.Status.READY
    export.ready_at = timezone.now()
    export.save(update_fields=["content", "size", "status", "ready_at"])
    data_export_ready.send(sender=DataExport, export=export)
    return export


def data_exports_purge() -> int:
    """Deletes copies past their expiry, and queues again those still waiting to be built (their
    task was lost to a broker outage or a killed worker); returns how many were deleted."""
    deleted, _ = DataExport.objects.expired().delete()
    waiting = DataExport.objects.filter(
        status=DataExport.Status.PENDING, created_at__lt=timezone.now() - EXPORT_RETRY_AFTER
    )
    for export_id in waiting.values_list("pk", flat=True):
        data_export_queue(export_id=export_id)
    return deleted


def data_export_token(export: DataExport) -> str:
    return signing.dumps(export.pk, salt=_EXPORT_SALT)


def data_export_from_token(*, token: str, user: User) -> DataExport | None:
    """The member's ready copy named by a download link, or None if the link is wrong,
    expired, or someone else's."""
    try:
        export_id = signing.loads(token, salt=_EXPORT_SALT, max_age=EXPORT_LIFETIME)
    except signing.BadSignature:
        return None
    return DataExport.objects.for_member(user).current().filter(pk=export_id, status=DataExport.Status.READY).first()


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Deletes the member's account: every app's eraser runs (freeing places, handing over
    groups, keeping shared content as by a former member), every session ends, and the member's
    row goes with all that hangs on it. The email address is then free to sign up again."""
    user = User.objects.select_for_update().get(pk=user.pk)
    data_rights.erase(user)
    for session in UserSession.objects.filter(user=user):
        session.end()
    # Curators' admin history of changes to this account names the member; the history of
    # what the member changed themselves goes with their row.
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)).delete()
    follows_of_target_remove(kind=FollowKind.PERSON, object_ids=[user.pk])
    user.delete()


class FollowRefused(Exception):
    """A follow or unfollow that cannot be done; the message says why, in words for the member."""


@transaction.atomic
def follow_add(*, user: User, kind: str, object_id: int, name: str) -> Follow:
    """Starts following a thing; refuses following oneself and following twice."""
    if kind == FollowKind.PERSON and object_id == user.pk:
        raise FollowRefused("You cannot follow yourself.")
    follow, created = Follow.objects.get_or_create(user=user, kind=kind, object_id=object_id)
    if not created:
        raise FollowRefused(f"You already follow {name}.")
    return follow


@transaction.atomic
def follow_remove(*, user: User, kind: str, object_id: int, name: str) -> None:
    """Stops following a thing; says so when it was not followed."""
    deleted, _ = Follow.objects.filter(user=user, kind=kind, object_id=object_id).delete()
    if not deleted:
        raise FollowRefused(f"You were not following {name}.")


@transaction.atomic
def follows_set(*, user: User, kind: str, object_ids: Iterable[int]) -> None:
    """Makes the member follow exactly these things of one kind (the email settings' checkboxes)."""
    wanted = set(object_ids)
    Follow.objects.filter(user=user, kind=kind).exclude(object_id__in=wanted).delete()
    Follow.objects.bulk_create(
        [Follow(user=user, kind=kind, object_id=object_id) for object_id in sorted(wanted)], ignore_conflicts=True
    )


def follows_of_target_remove(*, kind: str, object_ids: Iterable[int]) -> int:
    """Forgets the follows of things that are gone (an app calls this when it deletes a row)."""
    deleted, _ = Follow.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()
    return deleted


@transaction.atomic
def block_add(*, blocker: User, blocked: User) -> bool:
    """Blocks a member: neither is shown to the other again, and the blocked one cannot contact
    the blocker. Stops each following the other. Says whether the block is new."""
    if blocker.pk == blocked.pk:
        raise FollowRefused("You cannot block yourself.")
    _, created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    Follow.objects.filter(kind=FollowKind.PERSON).filter(
        models.Q(user=blocker, object_id=blocked.pk) | models.Q(user=blocked, object_id=blocker.pk)
    ).delete()
    return created


@transaction.atomic
def block_remove(*, blocker: User, blocked: User) -> bool:
    deleted, _ = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    return bool(deleted)
