"""Choosing digest settings, finding whose digest is due, and writing digests to the outbox.

Exactly once per member and period: a batch locks the preferences it works on (SKIP LOCKED),
writes each digest to the outbox under the key (member, period) and moves the member's
`next_due_at` on, all in one transaction. A second job run or a second beat process finds
nothing due or skips the locked rows; a worker killed halfway rolls back and leaves the
members due, so the next run (a quarter of an hour later) sends their digest.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from casestudies.library.models import Topic
from core.tasks import delay_in_batches
from groups.models import Group
from members.models import Follow, FollowKind, User
from members.services import follows_set
from outbox.models import Stream
from outbox.services import Email, email_enqueue_many, stream_opt_in, stream_opt_out

from .compose import Digest, Window, compose
from .models import DigestPreference, Frequency
from .schedule import rhythm_of

BATCH_SIZE = 200


def preference_for(user: User) -> DigestPreference:
    """The member's digest settings, made with the defaults (weekly) on first use."""
    preference, _ = DigestPreference.objects.get_or_create(
        user=user, defaults={"next_due_at": _first_due(user, DigestPreference(user=user))}
    )
    return preference


def _first_due(user: User, preference: DigestPreference) -> datetime | None:
    if preference.frequency == Frequency.OFF:
        return None
    return rhythm_of(preference, user.zoneinfo).slot_after(timezone.now())


@transaction.atomic
def email_settings_update(
    *, preference: DigestPreference, topics: Iterable[Topic], muted_groups: Iterable[Group], streams: Iterable[str]
) -> None:
    """Saves a member's digest choices and which other streams they want, and works out their
    next digest time. Choosing a digest turns the digest stream back on after an unsubscribe."""
    preference.chosen_at = preference.chosen_at or timezone.now()
    preference.next_due_at = _first_due(preference.user, preference)
    preference.save()
    follows_set(user=preference.user, kind=FollowKind.TOPIC, object_ids=[topic.pk for topic in topics])
    preference.muted_groups.set(muted_groups)
    wanted = set(streams)
    if preference.frequency != Frequency.OFF:
        wanted.add(Stream.DIGEST)
    for stream in Stream.optional():
        if stream in wanted:
            stream_opt_in(user=preference.user, stream=stream)
        elif stream != Stream.DIGEST:
            stream_opt_out(user=preference.user, stream=stream)


@transaction.atomic
def welcome_complete(*, user: User, topics: Iterable[Topic], groups: Iterable[Group], frequency: str) -> None:
    """Saves the first sign-in's choices: the topics and groups to follow (added to any followed
    already) and the digest's frequency; the welcome is not shown again."""
    for kind, things in ((FollowKind.TOPIC, topics), (FollowKind.GROUP, groups)):
        Follow.objects.bulk_create(
            [Follow(user=user, kind=kind, object_id=thing.pk) for thing in things], ignore_conflicts=True
        )
    preference = preference_for(user)
    preference.frequency = frequency
    preference.chosen_at = timezone.now()
    preference.next_due_at = _first_due(user, preference)
    preference.save(update_fields=["frequency", "chosen_at", "next_due_at", "updated_at"])


def welcome_skip(*, user: User) -> None:
    """The member skipped the welcome: the defaults stand and it is not shown again."""
    DigestPreference.objects.filter(pk=preference_for(user).pk).update(chosen_at=timezone.now())


def preferences_ensure(*, now: datetime) -> int:
    """Gives every active member without digest settings the default ones (weekly)."""
    users = list(User.objects.filter(is_active=True, digest_preference__isnull=True).only("pk", "timezone"))
    preferences = []
    for user in users:
        preference = DigestPreference(user=user, covered_until=now)
        preference.next_due_at = rhythm_of(preference, user.zoneinfo).slot_after(now)
        preferences.append(preference)
    DigestPreference.objects.bulk_create(preferences, ignore_conflicts=True)
    return len(preferences)


def due_preference_ids(*, now: datetime) -> list[int]:
    return list(
        DigestPreference.objects.due(now=now)
        .exclude(user__email_opt_outs__stream=Stream.DIGEST)
        .order_by("next_due_at", "pk")
        .values_list("pk", flat=True)
    )


def digests_schedule(*, now: datetime | None = None) -> int:
    """Queues the members whose digest is due, in batches of ids; returns how many members."""
    from .tasks import send_digest_batch

    now = now or timezone.now()
    preferences_ensure(now=now)
    ids = due_preference_ids(now=now)
    # A batch the broker refuses leaves its members due, and the next run queues them.
    delay_in_batches(send_digest_batch, ids, size=BATCH_SIZE, refused="Could not queue a digest batch of %d members.")
    return len(ids)


@transaction.atomic
def digest_send_batch(*, preference_ids: list[int], now: datetime | None = None) -> int:
    """Composes and writes to the outbox the digests of the members in the batch that are
    still due, moving each member's next digest time on; returns how many emails were written.
    Runs a fixed number of queries, however many members the batch holds."""
    now = now or timezone.now()
    preferences = list(
        DigestPreference.objects.due(now=now)
        .exclude(user__email_opt_outs__stream=Stream.DIGEST)
        .filter(pk__in=preference_ids)
        .select_related("user")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")
    )
    windows, keys = [], {}
    for preference in preferences:
        rhythm = rhythm_of(preference, preference.user.zoneinfo)
        slot = rhythm.slot_on_or_before(now)
        if slot > preference.covered_until:
            windows.append(Window(preference, preference.covered_until, slot))
            keys[preference.pk] = f"digest:{preference.user_id}:{rhythm.period_key(slot)}"
            preference.covered_until = slot
        preference.next_due_at = rhythm.slot_after(now)
    emails = [
        Email(
            to=digest.user,
            template="digest",
            context=digest.context(),
            stream=Stream.DIGEST,
            key=keys[window.preference.pk],
        )
        for window, digest in zip(windows, compose(windows, now=now), strict=True)
        if not digest.is_empty
    ]
    written = email_enqueue_many(emails=emails)
    _move_on(preferences)
    firsts = [preference.pk for preference in preferences if preference.first_sent_at is None]
    if firsts and written:
        sent_to = {email.recipient_id for email in written}
        DigestPreference.objects.filter(pk__in=firsts, user_id__in=sent_to).update(first_sent_at=now)
    return len(written)


def _move_on(preferences: list[DigestPreference]) -> None:
    """Saves each preference's covered_until and next_due_at in one UPDATE (bulk_update's CASE
    with a branch per row took longer to build than composing the batch's digests)."""
    if not preferences:
        return
    table = DigestPreference._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS p SET covered_until = v.covered_until, next_due_at = v.next_due_at "  # noqa: S608
            "FROM unnest(%s::bigint[], %s::timestamptz[], %s::timestamptz[]) AS v(id, covered_until, next_due_at) "
            "WHERE p.id = v.id",
            [
                [preference.pk for preference in preferences],
                [preference.covered_until for preference in preferences],
                [preference.next_due_at for preference in preferences],
            ],
        )


def digest_preview(*, user: User, now: datetime | None = None) -> Digest:
    """The digest the member would get if it were sent now (nothing is written)."""
    now = now or timezone.now()
    preference = preference_for(user)
    [digest] = compose([Window(preference, preference.covered_until, now)], now=now)
    return digest
