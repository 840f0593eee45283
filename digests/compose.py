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

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from django.utils import timezone

from groups.models import Visibility
from members.models import User

from . import first
from .batch import Batch, Interests, read_batch, topic_names_of
from .items import in_zone
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
    return in_zone(moment, user.zoneinfo)


def compose(windows: Iterable[Window], *, now: datetime | None = None) -> list[Digest]:
    """The digests of a batch of members, in a fixed number of queries (preferences and their
    users must already be loaded)."""
    windows = list(windows)
    if not windows:
        return []
    now = now or timezone.now()
    batch = read_batch(windows, now)
    digests = []
    for window in windows:
        digest = Digest(user=window.user, start=window.start, end=window.end)
        interests = batch.interests(window)
        _keep_case_studies(digest, window, interests, batch)
        _keep_events(digest, window, interests, batch)
        _keep_threads(digest, window, interests, batch)
        _keep_collections_and_adaptations(digest, window, batch)
        digests.append(digest)
    first.add_extras(
        digests,
        first=first.first_timers(windows),
        followed=batch.followed,
        groups_of={window.user.pk: batch.interests(window).groups for window in windows},
        now=now,
        case_study_item=batch.items.case_study,
        event_item=lambda reasons, event, user: batch.items.event(reasons, event, zone=user.zoneinfo),
        topic_names=topic_names_of,
    )
    return digests


def _keep_case_studies(digest: Digest, window: Window, interests: Interests, batch: Batch) -> None:
    user, index = window.user, batch.index
    lookups = (
        (index["case_studies_in"], interests.topics),
        (index["case_studies_of"], interests.groups),
        (index["featured"], ("featured",)),
    )
    found: list[tuple[list[str], Any]] = []
    for case_study in _among(batch.case_studies, *lookups):
        if not window.holds(case_study.published_at) or user.pk in batch.authors_of.get(case_study.pk, _NONE):
            continue
        reasons = ["Featured by our curators"] if case_study.featured else []
        in_topics = interests.topics & batch.topics_of_case_study.get(case_study.pk, _NONE)
        reasons += [f"In {batch.topic_names[t]}" for t in sorted(in_topics)]
        shared = batch.author_groups[case_study.pk] & interests.groups
        reasons += [f"By a member of {name}" for name in sorted(batch.group_names[group] for group in shared)]
        if reasons:
            found.append((reasons, case_study))
    digest.keep("case_studies", found, batch.items.case_study, more_path=batch.items.library_path)


def _keep_events(digest: Digest, window: Window, interests: Interests, batch: Batch) -> None:
    lookups = ((batch.index["events_in"], interests.topics), (batch.index["events_of"], interests.groups))
    found: list[tuple[list[str], Any]] = []
    for event in _among(batch.events, *lookups):
        if not window.holds(event.created_at) or event.group_id in interests.muted:
            continue
        reasons = []
        if event.group_id in interests.groups:
            reasons.append(f"From {batch.group_names[event.group_id]}")
        group = event.group
        if group is None or group.visibility != Visibility.PRIVATE or event.group_id in interests.groups:
            in_topics = interests.topics & batch.topics_of_event.get(event.pk, _NONE)
            reasons += [f"In {batch.topic_names[t]}" for t in sorted(in_topics)]
        if reasons:
            found.append((reasons, event))
    event_item = partial(batch.items.event, zone=window.user.zoneinfo)
    digest.keep("events", found, event_item, more_path=batch.items.events_path)


def _keep_threads(digest: Digest, window: Window, interests: Interests, batch: Batch) -> None:
    found = [
        ([f"In {thread.group.name}"], thread)
        for thread in _among(batch.threads, (batch.index["threads_of"], interests.groups))
        if window.holds(thread.created_at) and thread.author_id != window.user.pk
    ]
    digest.keep("threads", found, batch.items.thread, more_path=batch.items.groups_path)


def _keep_collections_and_adaptations(digest: Digest, window: Window, batch: Batch) -> None:
    found: list[tuple[list[str], Any]] = [
        (["Featured"], collection) for collection in batch.collections if window.holds(collection.updated_at)
    ]
    digest.keep("collections", found, batch.items.collection)
    found = []
    for adaptation in batch.adaptations:
        reasons = batch.concerned.get((adaptation.case_study_id, window.user.pk))
        if window.holds(adaptation.created_at) and reasons and adaptation.member_id != window.user.pk:
            found.append((reasons, adaptation))
    digest.keep("adaptations", found, batch.items.adaptation)


def _among(items: list, *lookups: tuple[dict[Any, list[int]], Iterable]) -> list:
    """The items at the positions found under any of the keys in each (index, keys) pair, once
    each and in their order."""
    found: set[int] = set()
    for index, keys in lookups:
        for key in keys:
            found.update(index.get(key, ()))
    return [items[position] for position in sorted(found)]
