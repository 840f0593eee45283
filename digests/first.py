"""What a member's first digest adds, so that it is worth opening: the best of the library in
what they follow (not only what is new this week), the coming events of their groups and
topics, and one group to join.

A first digest is one for a member who has had none before. Like the rest of composing, this
reads each source once for the whole batch, in a fixed number of queries.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q

from casestudies.library.models import CaseStudy
from events.models import Event
from groups.models import Group, Membership, Visibility

from .batch import pairs

BEST_COUNT = 3
UPCOMING_COUNT = 3
# Enough candidates for every member of a batch to find their best few among them.
CANDIDATES = 300


def first_timers(windows) -> set[int]:
    """The members of the batch who have never been sent a digest."""
    return {window.user.pk for window in windows if window.preference.first_sent_at is None}


def add_extras(
    digests: list,
    *,
    first: set[int],
    followed: dict[int, set[int]],
    groups_of: dict[int, set[int]],
    now: datetime,
    case_study_item: Callable[[list[str], CaseStudy], dict[str, Any]],
    event_item: Callable[[list[str], Event, Any], dict[str, Any]],
    topic_names: Callable[[set[int]], dict[int, str]],
) -> None:
    """Adds the first digest's sections to the digests of first-timers, in place."""
    digests = [digest for digest in digests if digest.user.pk in first]
    if not digests:
        return
    topics = set().union(*(followed.get(digest.user.pk, set()) for digest in digests))
    groups = set().union(*(groups_of.get(digest.user.pk, set()) for digest in digests))
    names = topic_names(topics)
    best, topics_of_case_study = _best(topics)
    upcoming, topics_of_event = _upcoming(topics, groups, now)
    open_groups, topics_of_group = _open_groups()
    for digest in digests:
        mine, my_groups = followed.get(digest.user.pk, set()), groups_of.get(digest.user.pk, set())
        already = {item["path"] for item in digest.case_studies}
        for case_study in best:
            shared = mine & topics_of_case_study.get(case_study.pk, set())
            if shared and len(digest.best) < BEST_COUNT:
                item = case_study_item([f"In {names[t]}" for t in sorted(shared)], case_study)
                if item["path"] not in already:
                    digest.best.append(item)
        announced = {item["path"] for item in digest.events}
        for event in upcoming:
            reasons = [f"From {event.group.name}"] if event.group_id in my_groups else []
            reasons += [f"In {names[t]}" for t in sorted(mine & topics_of_event.get(event.pk, set()))]
            if reasons and len(digest.upcoming) < UPCOMING_COUNT:
                item = event_item(reasons, event, digest.user)
                if item["path"] not in announced:
                    digest.upcoming.append(item)
        # One group to join, on topics they follow if any; only in a digest with something else in it.
        if not digest.is_empty:
            digest.suggested_group = _suggestion(open_groups, topics_of_group, mine, my_groups, names)


def _best(topics: set[int]) -> tuple[list[CaseStudy], dict[int, set[int]]]:
    """The best-regarded case studies in the batch's topics (the curators' picks, then the most
    adapted and newest), and which of those topics each is in.

    Read in two parts, each walking its own index in order until it has enough: one query with
    the picks first joined every link of the topics and sorted the whole library."""
    if not topics:
        return [], {}
    in_topics = (
        CaseStudy.objects.published()
        .filter(Exists(CaseStudy.topics.through.objects.filter(casestudy_id=OuterRef("pk"), topic_id__in=topics)))
        .only("pk", "title", "slug", "summary", "published_at")
        .with_headline()
        .order_by("-adaptation_count", F("published_at").desc(nulls_last=True), "-pk")
    )
    best = list(in_topics.filter(featured=True)[:CANDIDATES])
    # With CANDIDATES picks already, the slice is empty and Django sends no query.
    best += in_topics.filter(featured=False)[: CANDIDATES - len(best)]
    if not best:
        return [], {}
    topics_of = CaseStudy.topics.through.objects.filter(casestudy_id__in=[c.pk for c in best], topic_id__in=topics)
    return best, pairs(topics_of.values_list("casestudy_id", "topic_id"))


def _upcoming(topics: set[int], groups: set[int], now: datetime) -> tuple[list[Event], dict[int, set[int]]]:
    """The coming events of the batch's groups and, where anyone may see them, of its topics."""
    if not (topics or groups):
        return [], {}
    upcoming = list(
        Event.objects.scheduled()
        .filter(starts_at__gt=now)
        .filter(
            Q(group_id__in=groups)
            | Q(topics__in=topics, group__isnull=True)
            | Q(topics__in=topics, group__visibility__in=[Visibility.OPEN, Visibility.BY_REQUEST])
        )
        .distinct()
        .select_related("group")
        .with_counts()
        .order_by("starts_at", "pk")[:CANDIDATES]
    )
    if not (upcoming and topics):
        return upcoming, {}
    topics_of = Event.topics.through.objects.filter(event_id__in=[e.pk for e in upcoming], topic_id__in=topics)
    return upcoming, pairs(topics_of.values_list("event_id", "topic_id"))


def _open_groups() -> tuple[list[Group], dict[int, set[int]]]:
    """The groups anyone may join, busiest first, and their topics."""
    open_groups = list(
        Group.objects.filter(visibility__in=[Visibility.OPEN, Visibility.BY_REQUEST])
        .annotate(active_members=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE)))
        .order_by("-active_members", "name")[:CANDIDATES]
    )
    if not open_groups:
        return [], {}
    topics_of = Group.topics.through.objects.filter(group_id__in=[g.pk for g in open_groups])
    return open_groups, pairs(topics_of.values_list("group_id", "topic_id"))


def _suggestion(
    open_groups: list[Group],
    topics_of_group: dict[int, set[int]],
    mine: set[int],
    my_groups: set[int],
    names: dict[int, str],
) -> dict[str, Any] | None:
    outside = [group for group in open_groups if group.pk not in my_groups]
    on_topic = [group for group in outside if mine & topics_of_group.get(group.pk, set())]
    suggestion = (on_topic or outside or [None])[0]
    if suggestion is None:
        return None
    shared = sorted(names[t] for t in mine & topics_of_group.get(suggestion.pk, set()))
    return {
        "name": suggestion.name,
        "summary": suggestion.summary,
        "path": suggestion.get_absolute_url(),
        "reasons": [f"On {name}" for name in shared] or ["One of the busiest groups"],
    }
