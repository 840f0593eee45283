"""Everything new in a batch's widest window, read once for all its members in a fixed number of
queries, with indexes of where each item could concern a member from (digests/compose.py shares it
out)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import CharField, Q, Value

from casestudies.library.models import Bookmark, CaseStudy, CaseStudyAuthor, Collection, Topic
from casestudies.spread.models import Adaptation
from events.models import Event
from groups.models import Group, Membership, Thread, Visibility
from members.models import Follow, FollowKind

if TYPE_CHECKING:
    from .compose import Window

from .items import Items
from .models import DigestPreference


def pairs(queryset) -> dict[int, set[int]]:
    grouped: dict[int, set[int]] = defaultdict(set)
    for key, value in queryset:
        grouped[key].add(value)
    return grouped


@dataclass(frozen=True)
class Interests:
    """What one member follows (topics) and hears from (groups, less those muted)."""

    topics: set[int]
    groups: set[int]
    muted: set[int]


@dataclass
class Batch:
    """Everything new in the batch's widest window, read once, with indexes of where each item
    could concern a member from, so that each digest looks only at those items (in the order
    read) rather than at everything new."""

    followed: dict[int, set[int]]
    muted: dict[int, set[int]]
    groups_of: dict[int, set[int]]
    case_studies: list[CaseStudy]
    topics_of_case_study: dict[int, set[int]]
    authors_of: dict[int, set[int]]
    author_groups: dict[int, set[int]]
    events: list[Event]
    topics_of_event: dict[int, set[int]]
    threads: list[Thread]
    collections: list[Collection]
    adaptations: list[Adaptation]
    concerned: dict[tuple[int, int], list[str]]
    topic_names: dict[int, str]
    group_names: dict[int, str]
    items: Items
    index: dict[str, dict[Any, list[int]]] = field(default_factory=dict)

    def interests(self, window: "Window") -> Interests:
        muted = self.muted.get(window.preference.pk, set())
        return Interests(
            topics=self.followed.get(window.user.pk, set()),
            groups=self.groups_of.get(window.user.pk, set()) - muted,
            muted=muted,
        )


def read_batch(windows: list["Window"], now: datetime) -> Batch:
    start = min(window.start for window in windows)
    end = max(window.end for window in windows)
    user_ids = [window.user.pk for window in windows]
    followed, muted, groups_of = _read_members(windows)
    all_groups = set().union(*groups_of.values()) if groups_of else set()
    case_studies, topics_of_case_study, authors_of, author_groups = _read_case_studies(start, end, all_groups)
    events, topics_of_event = _read_events(start, end, now)
    threads = list(
        Thread.objects.filter(group_id__in=all_groups, created_at__gte=start, created_at__lt=end)
        .select_related("group")
        .order_by("created_at", "pk")
    )
    adaptations = list(
        Adaptation.objects.visible()
        .filter(created_at__gte=start, created_at__lt=end)
        .select_related("case_study")
        .order_by("created_at", "pk")
    )
    group_names = {thread.group_id: thread.group.name for thread in threads} | {
        event.group_id: event.group.name for event in events if event.group_id
    }
    group_names |= _group_names(all_groups - set(group_names))
    batch = Batch(
        followed=followed,
        muted=muted,
        groups_of=groups_of,
        case_studies=case_studies,
        topics_of_case_study=topics_of_case_study,
        authors_of=authors_of,
        author_groups=author_groups,
        events=events,
        topics_of_event=topics_of_event,
        threads=threads,
        collections=list(
            Collection.objects.featured().filter(updated_at__gte=start, updated_at__lt=end).order_by("title")
        ),
        adaptations=adaptations,
        concerned=_concerned({adaptation.case_study_id for adaptation in adaptations}, user_ids),
        topic_names=topic_names_of(set().union(*followed.values()) if followed else set()),
        group_names=group_names,
        items=Items(),
    )
    _index(batch)
    return batch


def _read_members(windows: list["Window"]) -> tuple[dict[int, set[int]], dict[int, set[int]], dict[int, set[int]]]:
    """Per member, the topics followed and the groups heard from; per preference, the groups muted."""
    preference_ids = [window.preference.pk for window in windows]
    user_ids = [window.user.pk for window in windows]
    followed = pairs(
        Follow.objects.filter(user_id__in=user_ids, kind=FollowKind.TOPIC).values_list("user_id", "object_id")
    )
    muted = pairs(
        DigestPreference.muted_groups.through.objects.filter(digestpreference_id__in=preference_ids).values_list(
            "digestpreference_id", "group_id"
        )
    )
    # A member hears from the groups they belong to and the ones they follow (not private ones,
    # which only members may read).
    memberships = Membership.objects.active().filter(user_id__in=user_ids).values_list("user_id", "group_id")
    followed_groups = Follow.objects.filter(
        user_id__in=user_ids, kind=FollowKind.GROUP, object_id__in=Group.objects.exclude(visibility=Visibility.PRIVATE)
    ).values_list("user_id", "object_id")
    return followed, muted, pairs(memberships.union(followed_groups, all=True))


def _read_case_studies(
    start: datetime, end: datetime, all_groups: set[int]
) -> tuple[list[CaseStudy], dict[int, set[int]], dict[int, set[int]], dict[int, set[int]]]:
    """The case studies published in the window, their topics, their authors who are members, and
    the batch's groups each has an author in."""
    case_studies = list(
        CaseStudy.objects.published()
        .filter(published_at__gte=start, published_at__lt=end)
        .only("pk", "title", "slug", "summary", "published_at", "featured")
        .with_headline()
        # The curators' picks lead each digest's case studies.
        .order_by("-featured", "published_at", "pk")
    )
    case_study_ids = [case_study.pk for case_study in case_studies]
    topics_of_case_study = pairs(
        CaseStudy.topics.through.objects.filter(casestudy_id__in=case_study_ids).values_list("casestudy_id", "topic_id")
    )
    authors_of = pairs(
        CaseStudyAuthor.objects.filter(case_study_id__in=case_study_ids, member__isnull=False).values_list(
            "case_study_id", "member_id"
        )
    )
    # Only the authors' memberships matter: they give the "by a member of your group" reasons.
    authors = set().union(*authors_of.values()) if authors_of else set()
    groups_of_author = pairs(
        Membership.objects.active()
        .filter(group_id__in=all_groups, user_id__in=authors)
        .values_list("user_id", "group_id")
    )
    author_groups = {
        case_study.pk: {
            group for author in authors_of.get(case_study.pk, ()) for group in groups_of_author.get(author, ())
        }
        for case_study in case_studies
    }
    return case_studies, topics_of_case_study, authors_of, author_groups


def _read_events(start: datetime, end: datetime, now: datetime) -> tuple[list[Event], dict[int, set[int]]]:
    """The events announced in the window that have not started and still have places, and their topics."""
    events = [
        event
        for event in Event.objects.scheduled()
        .filter(created_at__gte=start, created_at__lt=end, starts_at__gt=now)
        .filter(Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now))
        .select_related("group")
        .with_counts()
        .order_by("starts_at", "pk")
        if event.capacity is None or event.registered_count < event.capacity
    ]
    topics_of_event = pairs(
        Event.topics.through.objects.filter(event_id__in=[event.pk for event in events]).values_list(
            "event_id", "topic_id"
        )
    )
    return events, topics_of_event


def _index(batch: Batch) -> None:
    case_studies, events = batch.case_studies, batch.events
    batch.index = {
        "case_studies_in": _positions(
            case_studies, lambda case_study: batch.topics_of_case_study.get(case_study.pk, ())
        ),
        "case_studies_of": _positions(case_studies, lambda case_study: batch.author_groups[case_study.pk]),
        # Featured case studies go to everyone, whatever they follow.
        "featured": {"featured": [position for position, case_study in enumerate(case_studies) if case_study.featured]},
        "events_in": _positions(events, lambda event: batch.topics_of_event.get(event.pk, ())),
        "events_of": _positions(events, lambda event: (event.group_id,)),
        "threads_of": _positions(batch.threads, lambda thread: (thread.group_id,)),
    }


def _positions(items: list, keys_of) -> dict[Any, list[int]]:
    """For each key, the positions of the items it belongs to, in order."""
    positions: dict[Any, list[int]] = defaultdict(list)
    for position, item in enumerate(items):
        for key in keys_of(item):
            positions[key].append(position)
    return positions


_WROTE, _SAVED = "You wrote it", "You saved it"


def _concerned(case_study_ids: set[int], user_ids: list[int]) -> dict[tuple[int, int], list[str]]:
    """Why each member hears about each case study's adaptations: they wrote it, saved it, or both
    (one query, and none when nothing was adapted)."""
    if not case_study_ids:
        return {}
    wrote = (
        CaseStudyAuthor.objects.filter(case_study_id__in=case_study_ids, member_id__in=user_ids)
        .order_by()
        .values_list("case_study_id", "member_id", Value(_WROTE, output_field=CharField()))
    )
    saved = (
        Bookmark.objects.filter(case_study_id__in=case_study_ids, user_id__in=user_ids)
        .order_by()
        .values_list("case_study_id", "user_id", Value(_SAVED, output_field=CharField()))
    )
    reasons: dict[tuple[int, int], list[str]] = defaultdict(list)
    for case_study_id, user_id, reason in wrote.union(saved, all=True):
        reasons[(case_study_id, user_id)].append(reason)
    # The same order whichever row the database returned first.
    return {key: sorted(found, key=[_WROTE, _SAVED].index) for key, found in reasons.items()}


def topic_names_of(ids: set[int]) -> dict[int, str]:
    return dict(Topic.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def _group_names(ids: set[int]) -> dict[int, str]:
    return dict(Group.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
