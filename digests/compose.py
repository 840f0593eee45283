"""What goes in each member's digest, worked out for a whole batch of members at once.

The digest for a member and window holds what appeared in that window and concerns them:
case studies published in a topic they follow or by a member of one of their groups; newly
announced events of their groups, or in their topics, that have not started and still have
places; new discussion threads in their groups; the featured collection when it changed; and
another organisation starting to adapt a case study they wrote or saved.
Groups they muted contribute nothing. Each item appears once, with every reason it is there.

Composing runs a fixed number of queries per batch, however many members it holds: each
source is read once for the union of the batch's windows and groups, then shared out in Python.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import CharField, Q, Value
from django.urls import reverse
from django.utils import timezone

from casestudies.library.models import Bookmark, CaseStudy, CaseStudyAuthor, Collection, Topic
from casestudies.spread.models import Adaptation
from events.models import Event
from groups.models import Group, Membership, Thread, Visibility
from members.models import Follow, FollowKind, User

from . import first
from .models import DigestPreference

# An email a member can read in a minute: each section shows this many, then says how many more.
SECTION_LIMIT = 10
_NONE: frozenset = frozenset()


@dataclass(frozen=True)
class Window:
    """The digest of one member covers [start, end)."""

    preference: DigestPreference
    start: datetime
    end: datetime

    @property
    def user(self) -> User:
        return self.preference.user

    def holds(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= moment < self.end


@dataclass
class Digest:
    user: User
    start: datetime
    end: datetime
    case_studies: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    threads: list[dict[str, Any]] = field(default_factory=list)
    collections: list[dict[str, Any]] = field(default_factory=list)
    adaptations: list[dict[str, Any]] = field(default_factory=list)
    # A first digest's extras (digests/first.py): the best of the library in what the member
    # follows, coming events of their groups and topics, and one group to join.
    best: list[dict[str, Any]] = field(default_factory=list)
    upcoming: list[dict[str, Any]] = field(default_factory=list)
    suggested_group: dict[str, Any] | None = None
    # Per section, what was left out of the email for its length: {"count": n, "path": "/events/"}.
    more: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def item_count(self) -> int:
        return (
            len(self.case_studies)
            + len(self.events)
            + len(self.threads)
            + len(self.collections)
            + len(self.adaptations)
            + len(self.best)
            + len(self.upcoming)
            + sum(left_out["count"] for left_out in self.more.values())
        )

    @property
    def is_empty(self) -> bool:
        return self.item_count == 0

    def context(self) -> dict[str, Any]:
        """What the digest email needs, as JSON for the outbox row."""
        return {
            "name": self.user.get_short_name(),
            "since": _local(self.start, self.user),
            "item_count": self.item_count,
            "case_studies": self.case_studies,
            "events": self.events,
            "threads": self.threads,
            "collections": self.collections,
            "adaptations": self.adaptations,
            "best": self.best,
            "upcoming": self.upcoming,
            "suggested_group": self.suggested_group,
            "more": self.more,
        }

    def keep(self, section: str, found: list[tuple[list[str], Any]], item, *, more_path: str = "") -> None:
        """Puts the section's most relevant SECTION_LIMIT finds (most reasons first, then in the
        order found) into the digest, made into items by `item(reasons, thing)`, in the order
        found; the rest are counted, for a line that leads on to them."""
        ranked = sorted(range(len(found)), key=lambda index: -len(found[index][0]))
        chosen = sorted(ranked[:SECTION_LIMIT])
        getattr(self, section).extend(item(*found[index]) for index in chosen)
        if len(found) > len(chosen):
            self.more[section] = {"count": len(found) - len(chosen), "path": more_path}


def _local(moment: datetime, user: User) -> str:
    return _in_zone(moment, user.zoneinfo)


def _in_zone(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M}"


def _pairs(queryset) -> dict[int, set[int]]:
    grouped: dict[int, set[int]] = defaultdict(set)
    for key, value in queryset:
        grouped[key].add(value)
    return grouped


def compose(windows: Iterable[Window], *, now: datetime | None = None) -> list[Digest]:
    """The digests of a batch of members, in a fixed number of queries (preferences and their
    users must already be loaded)."""
    windows = list(windows)
    if not windows:
        return []
    now = now or timezone.now()
    start = min(window.start for window in windows)
    end = max(window.end for window in windows)
    preference_ids = [window.preference.pk for window in windows]
    user_ids = [window.user.pk for window in windows]

    followed = _pairs(
        Follow.objects.filter(user_id__in=user_ids, kind=FollowKind.TOPIC).values_list("user_id", "object_id")
    )
    muted = _pairs(
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
    groups_of = _pairs(memberships.union(followed_groups, all=True))
    all_groups = set().union(*groups_of.values()) if groups_of else set()

    case_studies = list(
        CaseStudy.objects.published()
        .filter(published_at__gte=start, published_at__lt=end)
        .only("pk", "title", "slug", "summary", "published_at", "featured")
        .with_headline()
        # The curators' picks lead each digest's case studies.
        .order_by("-featured", "published_at", "pk")
    )
    case_study_ids = [case_study.pk for case_study in case_studies]
    topics_of_case_study = _pairs(
        CaseStudy.topics.through.objects.filter(casestudy_id__in=case_study_ids).values_list("casestudy_id", "topic_id")
    )
    authors_of = _pairs(
        CaseStudyAuthor.objects.filter(case_study_id__in=case_study_ids, member__isnull=False).values_list(
            "case_study_id", "member_id"
        )
    )
    # Only the authors' memberships matter: they give the "by a member of your group" reasons.
    authors = set().union(*authors_of.values()) if authors_of else set()
    groups_of_author = _pairs(
        Membership.objects.active()
        .filter(group_id__in=all_groups, user_id__in=authors)
        .values_list("user_id", "group_id")
    )

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
    topics_of_event = _pairs(
        Event.topics.through.objects.filter(event_id__in=[event.pk for event in events]).values_list(
            "event_id", "topic_id"
        )
    )

    threads = list(
        Thread.objects.filter(group_id__in=all_groups, created_at__gte=start, created_at__lt=end)
        .select_related("group")
        .order_by("created_at", "pk")
    )
    collections = list(
        Collection.objects.featured().filter(updated_at__gte=start, updated_at__lt=end).order_by("title")
    )

    adaptations = list(
        Adaptation.objects.visible()
        .filter(created_at__gte=start, created_at__lt=end)
        .select_related("case_study")
        .order_by("created_at", "pk")
    )
    concerned = _concerned({adaptation.case_study_id for adaptation in adaptations}, user_ids)

    topic_names = _topic_names(set().union(*followed.values()) if followed else set())
    group_names = {thread.group_id: thread.group.name for thread in threads} | {
        event.group_id: event.group.name for event in events if event.group_id
    }
    group_names |= _group_names(all_groups - set(group_names))

    library_path, events_path, groups_path = reverse("casestudies:list"), reverse("events:list"), reverse("groups:list")
    paths = _PerBatch(lambda page: page.get_absolute_url())
    # Members in the same time zone see an event's start written the same way.
    local_times = _PerBatch(lambda moment_in_zone: _in_zone(*moment_in_zone))
    formats = _PerBatch(lambda event: event.get_format_display())
    case_study_item, thread_item = partial(_case_study_item, paths=paths), partial(_thread_item, paths=paths)
    collection_item, adaptation_item = partial(_collection_item, paths=paths), partial(_adaptation_item, paths=paths)
    # Where each item could concern a member from, so that each digest looks only at those items
    # (in the order read) rather than at everything new in the batch's window.
    case_studies_in = _positions(case_studies, lambda case_study: topics_of_case_study.get(case_study.pk, ()))
    author_groups = {
        case_study.pk: {
            group for author in authors_of.get(case_study.pk, ()) for group in groups_of_author.get(author, ())
        }
        for case_study in case_studies
    }
    case_studies_of = _positions(case_studies, lambda case_study: author_groups[case_study.pk])
    # Featured case studies go to everyone, whatever they follow.
    featured_at = {"featured": [position for position, case_study in enumerate(case_studies) if case_study.featured]}
    events_in = _positions(events, lambda event: topics_of_event.get(event.pk, ()))
    events_of = _positions(events, lambda event: (event.group_id,))
    threads_of = _positions(threads, lambda thread: (thread.group_id,))

    digests = []
    for window in windows:
        user = window.user
        topics = followed.get(user.pk, set())
        my_groups = groups_of.get(user.pk, set()) - muted.get(window.preference.pk, set())
        muted_groups = muted.get(window.preference.pk, set())
        digest = Digest(user=user, start=window.start, end=window.end)

        found: list[tuple[list[str], Any]] = []
        lookups = ((case_studies_in, topics), (case_studies_of, my_groups), (featured_at, ("featured",)))
        for case_study in _among(case_studies, *lookups):
            if not window.holds(case_study.published_at) or user.pk in authors_of.get(case_study.pk, _NONE):
                continue
            reasons = ["Featured by our curators"] if case_study.featured else []
            reasons += [f"In {topic_names[t]}" for t in sorted(topics & topics_of_case_study.get(case_study.pk, _NONE))]
            shared = author_groups[case_study.pk] & my_groups
            reasons += [f"By a member of {name}" for name in sorted(group_names[group] for group in shared)]
            if reasons:
                found.append((reasons, case_study))
        digest.keep("case_studies", found, case_study_item, more_path=library_path)

        found = []
        for event in _among(events, (events_in, topics), (events_of, my_groups)):
            if not window.holds(event.created_at) or event.group_id in muted_groups:
                continue
            reasons = []
            if event.group_id in my_groups:
                reasons.append(f"From {group_names[event.group_id]}")
            visible = event.group is None or event.group.visibility != Visibility.PRIVATE or event.group_id in my_groups
            if visible:
                reasons += [f"In {topic_names[t]}" for t in sorted(topics & topics_of_event.get(event.pk, _NONE))]
            if reasons:
                found.append((reasons, event))
        event_item = partial(_event_item, zone=user.zoneinfo, paths=paths, local_times=local_times, formats=formats)
        digest.keep("events", found, event_item, more_path=events_path)

        found = [
            ([f"In {thread.group.name}"], thread)
            for thread in _among(threads, (threads_of, my_groups))
            if window.holds(thread.created_at) and thread.author_id != user.pk
        ]
        digest.keep("threads", found, thread_item, more_path=groups_path)

        found = [(["Featured"], collection) for collection in collections if window.holds(collection.updated_at)]
        digest.keep("collections", found, collection_item)

        found = []
        for adaptation in adaptations:
            reasons = concerned.get((adaptation.case_study_id, user.pk))
            if window.holds(adaptation.created_at) and reasons and adaptation.member_id != user.pk:
                found.append((reasons, adaptation))
        digest.keep("adaptations", found, adaptation_item)
        digests.append(digest)
    first.add_extras(
        digests,
        first=first.first_timers(windows),
        followed=followed,
        groups_of={
            window.user.pk: groups_of.get(window.user.pk, set()) - muted.get(window.preference.pk, set())
            for window in windows
        },
        now=now,
        case_study_item=case_study_item,
        event_item=lambda reasons, event, user: _event_item(
            reasons, event, zone=user.zoneinfo, paths=paths, local_times=local_times, formats=formats
        ),
        topic_names=_topic_names,
    )
    return digests


def _positions(items: list, keys_of) -> dict[Any, list[int]]:
    """For each key, the positions of the items it belongs to, in order."""
    positions: dict[Any, list[int]] = defaultdict(list)
    for position, item in enumerate(items):
        for key in keys_of(item):
            positions[key].append(position)
    return positions


def _among(items: list, *lookups: tuple[dict[Any, list[int]], Iterable]) -> list:
    """The items at the positions found under any of the keys in each (index, keys) pair, once
    each and in their order."""
    found: set[int] = set()
    for index, keys in lookups:
        for key in keys:
            found.update(index.get(key, ()))
    return [items[position] for position in sorted(found)]


class _PerBatch(dict):
    """Values worked out once per batch, however many of its digests show them: `make(key)`."""

    def __init__(self, make) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key):
        self[key] = value = self.make(key)
        return value


# Reasons that name things after a common opening: "By a member of Flow coaches" and "By a member
# of Huddles" read as one, "By a member of Flow coaches and Huddles".
_NAMING_REASONS = ("By a member of ", "In ", "From ")


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def shown_reasons(reasons: list[str]) -> list[str]:
    """The reasons as the member reads them, with those of one kind joined. The ranking counts
    the reasons apart: an item found two ways is still more relevant than one found one way."""
    names: dict[str, list[str]] = {}
    for reason in reasons:
        opening = next((opening for opening in _NAMING_REASONS if reason.startswith(opening)), None)
        if opening is None:
            names.setdefault(reason, [])
        elif reason.removeprefix(opening) not in names.setdefault(opening, []):
            names[opening].append(reason.removeprefix(opening))
    return [opening + _and(found) if found else opening for opening, found in names.items()]


def _case_study_item(reasons: list[str], case_study: CaseStudy, *, paths: _PerBatch) -> dict[str, Any]:
    return {
        "title": case_study.title,
        "summary": case_study.summary,
        "result": str(case_study.headline or ""),
        "path": paths[case_study],
        "reasons": shown_reasons(reasons),
    }


def _event_item(
    reasons: list[str], event: Event, *, zone: ZoneInfo, paths: _PerBatch, local_times: _PerBatch, formats: _PerBatch
) -> dict[str, Any]:
    return {
        "title": event.title,
        "summary": event.summary,
        "path": paths[event],
        "starts": local_times[event.starts_at, zone],
        "format": formats[event],
        "places_left": None if event.capacity is None else event.capacity - event.registered_count,
        "reasons": shown_reasons(reasons),
    }


def _thread_item(reasons: list[str], thread: Thread, *, paths: _PerBatch) -> dict[str, Any]:
    return {"title": thread.title, "path": paths[thread], "reasons": shown_reasons(reasons)}


def _collection_item(reasons: list[str], collection: Collection, *, paths: _PerBatch) -> dict[str, Any]:
    return {"title": collection.title, "path": paths[collection], "reasons": shown_reasons(reasons)}


def _adaptation_item(reasons: list[str], adaptation: Adaptation, *, paths: _PerBatch) -> dict[str, Any]:
    return {
        "title": adaptation.case_study.title,
        "path": paths[adaptation.case_study],
        "organisation": adaptation.organisation,
        "status": adaptation.get_status_display().lower(),
        "reasons": shown_reasons(reasons),
    }


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


def _topic_names(ids: set[int]) -> dict[int, str]:
    return dict(Topic.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def _group_names(ids: set[int]) -> dict[int, str]:
    return dict(Group.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
