"""Making notifications, in batches, from the one model of follows; and marking them read.

Each function is run by a Celery task after the change that causes it is committed, never in
the request. A member is never told about their own work, nor about work of a member they
blocked or who blocked them, nor about anything they cannot see.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from casestudies.library.models import CaseStudy, CaseStudyAuthor
from events.models import Event
from groups.models import Group, Membership, Thread, Visibility
from members.models import Block, Follow, FollowKind, User

from .models import Notification, Subject

BATCH_SIZE = 500
# When a member follows several things a new piece of work is in, the reason given is the first
# of these: the most particular thing they chose.
REASON_ORDER: list[str] = [
    FollowKind.PERSON,
    FollowKind.GROUP,
    FollowKind.ORGANISATION,
    FollowKind.TOPIC,
    FollowKind.SETTING,
    FollowKind.APPROACH,
]


@dataclass(frozen=True)
class News:
    subject: str
    object_id: int
    title: str
    path: str
    # (kind, id) -> name of each followed thing the work is in, or is by.
    targets: dict[tuple[str, int], str]
    # Members whose work it is: never told, and never shown to those they block or who block them.
    actor_ids: frozenset[int]
    # Only these members may see the work; None when anyone may.
    audience: Q | None = None


def _recipients(news: News) -> Iterator[tuple[int, str]]:
    """(member id, reason) for each member to tell, read in batches from the follows."""
    if not news.targets:
        return
    wanted = Q()
    for kind, object_id in news.targets:
        wanted |= Q(kind=kind, object_id=object_id)
    members = User.objects.filter(is_active=True).exclude(pk__in=news.actor_ids)
    if news.audience is not None:
        members = members.filter(news.audience)
    if news.actor_ids:
        blocking = Block.objects.filter(Q(blocker_id__in=news.actor_ids) | Q(blocked_id__in=news.actor_ids))
        members = members.exclude(pk__in=blocking.values("blocker_id")).exclude(pk__in=blocking.values("blocked_id"))
    follows = (
        Follow.objects.filter(wanted, user__in=members.values("pk"))
        .order_by("user_id")
        .values_list("user_id", "kind", "object_id")
    )
    current, reasons = None, []
    for user_id, kind, object_id in follows.iterator(chunk_size=BATCH_SIZE):
        if user_id != current and current is not None:
            yield current, _reason(news, reasons)
            reasons = []
        current = user_id
        reasons.append((kind, object_id))
    if current is not None:
        yield current, _reason(news, reasons)


def _reason(news: News, followed: list[tuple[str, int]]) -> str:
    first = min(followed, key=lambda target: (REASON_ORDER.index(target[0]), news.targets[target]))
    return news.targets[first]


def _batches(items: Iterable[tuple[int, str]], size: int) -> Iterator[list[tuple[int, str]]]:
    batch: list[tuple[int, str]] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def unread_counts_refresh(*, user_ids: Iterable[int]) -> None:
    """Sets each member's count of unread notifications from the notifications themselves."""
    unread = (
        Notification.objects.unread()
        .filter(user=OuterRef("pk"))
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    User.objects.filter(pk__in=list(user_ids)).update(unread_notifications=Coalesce(Subquery(unread), Value(0)))


def notifications_create(*, news: News) -> int:
    """Writes a notification for every member who follows something the news is in, in batches
    (a retry makes no duplicates), and their unread counts. Returns how many were made."""
    made = 0
    for batch in _batches(_recipients(news), BATCH_SIZE):
        rows = [
            Notification(
                user_id=user_id,
                subject=news.subject,
                object_id=news.object_id,
                title=news.title[:300],
                path=news.path,
                reason=reason[:300],
            )
            for user_id, reason in batch
        ]
        with transaction.atomic():
            made += len(Notification.objects.bulk_create(rows, ignore_conflicts=True))
            unread_counts_refresh(user_ids=[user_id for user_id, _ in batch])
    return made


def notifications_for_case_study(*, case_study_id: int) -> int:
    """Tells followers of its topics, settings, approaches, organisations and authors."""
    case_study = (
        CaseStudy.objects.published()
        .prefetch_related("topics", "care_settings", "approaches", "organisations")
        .filter(pk=case_study_id)
        .first()
    )
    if case_study is None:
        return 0
    targets: dict[tuple[str, int], str] = {}
    for kind, terms in (
        (FollowKind.TOPIC, case_study.topics.all()),
        (FollowKind.SETTING, case_study.care_settings.all()),
        (FollowKind.APPROACH, case_study.approaches.all()),
        (FollowKind.ORGANISATION, case_study.organisations.all()),
    ):
        targets.update({(kind, term.pk): term.name for term in terms})
    authors = CaseStudyAuthor.objects.filter(case_study=case_study, member__isnull=False).select_related("member")
    actor_ids = frozenset(author.member_id for author in authors if author.member_id is not None)
    # A member who keeps their profile hidden, or whose account is closed, is no one to follow.
    for author in authors.filter(pk__in=CaseStudyAuthor.objects.shown().values("pk")):
        if author.member is not None:
            targets[(FollowKind.PERSON, author.member.pk)] = author.member.name
    news = News(Subject.CASE_STUDY, case_study.pk, case_study.title, case_study.get_absolute_url(), targets, actor_ids)
    return notifications_create(news=news)


def _group_audience(group: Group) -> Q:
    """Members who may see the group's news: anyone for an open or by-request group, only its
    members for a private one."""
    if group.visibility != Visibility.PRIVATE:
        return Q()
    return Q(pk__in=Membership.objects.active().filter(group=group).values("user_id"))


def _news_in_group(subject: str, item: Event | Thread, group: Group, by_id: int | None, audience: Q) -> int:
    """Tells the followers of `group` in `audience` about `item`, posted there by member `by_id`."""
    news = News(
        subject,
        item.pk,
        item.title,
        item.get_absolute_url(),
        {(FollowKind.GROUP, group.pk): group.name},
        frozenset() if by_id is None else frozenset({by_id}),
        audience,
    )
    return notifications_create(news=news)


def notifications_for_event(*, event_id: int) -> int:
    """Tells the followers of the event's group who may see it."""
    event = Event.objects.scheduled().select_related("group").filter(pk=event_id, group__isnull=False).first()
    if event is None or event.group is None:
        return 0
    return _news_in_group(Subject.EVENT, event, event.group, event.created_by_id, _group_audience(event.group))


def notifications_for_thread(*, thread_id: int) -> int:
    """Tells the followers of the thread's group who are its members (only members read discussion)."""
    thread = Thread.objects.select_related("group").filter(pk=thread_id).first()
    if thread is None:
        return 0
    members = Membership.objects.active().filter(group=thread.group).values("user_id")
    return _news_in_group(Subject.THREAD, thread, thread.group, thread.author_id, Q(pk__in=members))


@transaction.atomic
def notifications_mark_read(*, user: User, ids: Iterable[int]) -> int:
    """Marks the member's own notifications read, and their unread count."""
    marked = Notification.objects.for_member(user).unread().filter(pk__in=list(ids)).update(read_at=timezone.now())
    if marked:
        unread_counts_refresh(user_ids=[user.pk])
        # The header of the page being made shows the new count.
        user.unread_notifications = max(user.unread_notifications - marked, 0)
    return marked
