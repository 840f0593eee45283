"""The home page of a signed-in member: what is new for them, in a fixed number of queries
however much they follow, belong to or have written.

The site composes it from the top, reading each app through its own QuerySet methods. The costly
sections are kept per member (core.kept_parts), each under a key holding the member's id
and everything of theirs it is made from, so no other member can ever be given it:

- the new work in what they follow, varied by their follows (read on every request, since some
  follows are written in bulk, with no signal), under the library's versions (the page's own);
- the discussion in their groups, varied by the groups it reads (their active memberships and
  the followed groups they may see, read on every request) and under those groups' versions,
  which every thread and post retires;
- their own work (case studies in progress, readers' questions, adaptations), under their own
  author dependency (casestudies.library.page_keys.author), which every change to those retires.

The first two look back a fixed time (NEW_WORK_DAYS, DISCUSSION_DAYS): something that leaves that window
leaves the page when the part is next made, at most PAGE_CACHE_SECONDS later. The events (whose
joining link comes and goes with the clock) are read afresh on every request.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString

from casestudies.library import page_keys as library_keys
from casestudies.library import queries as library_queries
from casestudies.library.models import CaseStudy, CaseStudyAuthor, Status
from casestudies.spread.models import Adaptation, AuthorQuestion
from core.fixed_sql import STAND_IN_ID, STAND_IN_TIME, FixedQuery
from core.kept_parts import kept_part, kept_parts, parts_keys, render_part
from core.marked import Kept
from core.page_cache import page_versions
from events.models import Event, Registration
from events.times import zone_of
from groups.models import Group, GroupQuerySet, Membership, Post, Thread
from groups.page_keys import group as group_key
from members.follows import Followable, FollowButton
from members.models import Follow, FollowKind, User
from members.permissions import acts_as_curator

SECTION_SIZE = 5
# "New" work is what was published in this long; a member who follows little still sees some.
NEW_WORK_DAYS = 90
DISCUSSION_DAYS = 30
# The joining link shows from this long before the start until the end.
JOIN_OPENS_BEFORE = timedelta(minutes=30)
SUGGESTED_TOPICS = 6

# The library's links from a case study to what a member may follow, with the follow's kind.
_TERM_LINKS = (
    (FollowKind.TOPIC, CaseStudy.topics.through, "topic_id"),
    (FollowKind.SETTING, CaseStudy.care_settings.through, "caresetting_id"),
    (FollowKind.APPROACH, CaseStudy.approaches.through, "improvementapproach_id"),
    (FollowKind.ORGANISATION, CaseStudy.organisations.through, "organisation_id"),
)


@dataclass
class NextEvent:
    registration: Registration
    event: Event
    joining_link: str
    join_opens_at: datetime
    markup: SafeString = field(default_factory=SafeString)


@dataclass
class NewWork:
    case_study: CaseStudy
    reasons: list[str]


@dataclass
class DiscussedGroups:
    """The groups whose discussion a member's home shows: those they are an active member of
    (for replies to their posts, and new threads) and the ones they follow and may see."""

    ids: list[int] = field(default_factory=list)
    member_of: list[int] = field(default_factory=list)
    slugs: list[str] = field(default_factory=list)


@dataclass
class MemberHome:
    zone: Any
    events: list[NextEvent] = field(default_factory=list)
    # Rendered, kept per member: "" when nothing new was published in what they follow.
    new_work_part: SafeString = field(default_factory=SafeString)
    discussion_part: SafeString = field(default_factory=SafeString)
    follows_anything: bool = False
    suggestions: list[FollowButton] = field(default_factory=list)
    your_work_part: SafeString = field(default_factory=SafeString)


def build(request: HttpRequest, *, now: datetime | None = None) -> MemberHome:
    user = request.user
    assert isinstance(user, User)
    now = now or timezone.now()
    home = MemberHome(zone=zone_of(user))
    home.events = _next_events(user, now)
    for next_event in home.events:
        next_event.markup = _event_item(next_event, home.zone)
    follows = [(follow.kind, follow.object_id) for follow in _follows_of_member.all(member_id=user.pk)]
    home.follows_anything = bool(follows)
    parts = _personal_parts(request, user, follows, _discussed_groups(user), now)
    home.new_work_part = parts["member-home-new-work"]
    home.discussion_part = parts["member-home-discussion"]
    home.your_work_part = parts["member-home-your-work"]
    if not home.new_work_part:
        home.suggestions = _topic_suggestions(request, follows)
    return home


def _personal_parts(
    request: HttpRequest, user: User, follows: list[tuple[str, int]], groups: DiscussedGroups, now: datetime
) -> dict[str, SafeString]:
    """The new work, the discussion and the member's own work, kept per member and asked of the
    cache at once, with the versions of the member's own work and groups beside them. Each key
    holds the member's id and what the part is made from; the versions are read before anything
    they cover is, so a part made from rows changed meanwhile is kept under versions no one asks
    for again."""
    vary = {
        "member-home-new-work": f"{user.pk}|{follows}",
        "member-home-discussion": f"{user.pk}|{groups.ids}|{groups.member_of}",
        "member-home-your-work": f"{user.pk}",
    }
    # Every thread and post in a group retires the group's version; every change to the member's
    # own case studies (a review step's bare UPDATE of the status too), to the questions about
    # them and to their adaptations retires their author version.
    ahead = list(parts_keys(request, vary).values())
    versions = page_versions([library_keys.author(user.pk), *map(group_key, groups.slugs)], ahead=ahead)
    own, *in_groups = versions.split(",")
    return kept_parts(
        request,
        {
            "member-home-new-work": lambda: _new_work_part(user, follows, now),
            "member-home-discussion": lambda: render_part(
                "home/member_discussion.html", _discussion(user, groups, now)
            ),
            "member-home-your-work": lambda: render_part("home/member_your_work.html", _your_work(user)),
        },
        vary=vary,
        also_under={"member-home-discussion": ",".join(in_groups), "member-home-your-work": own},
    )


def _your_work(user: User) -> dict[str, list[Any]]:
    """The member's case studies in progress, readers' questions and adaptations of their work."""
    submissions = CaseStudy.objects.authored_by(user).exclude(status=Status.PUBLISHED).order_by("-updated_at")
    questions = (
        AuthorQuestion.objects.to_author(user)
        .filter(reported=False)
        .select_related("case_study")
        .annotate(reply_count=Count("replies"))
        .order_by("-created_at")
    )
    adaptations = (
        Adaptation.objects.visible()
        .filter(case_study__in=CaseStudy.objects.authored_by(user))
        .exclude(member=user)
        .select_related("case_study")
        .order_by("-created_at")
    )
    return {
        "submissions": list(submissions[:SECTION_SIZE]),
        "questions": list(questions[:SECTION_SIZE]),
        "adaptations": list(adaptations[:SECTION_SIZE]),
    }


# The statements read on every visit to a member's home, built once a process (core/fixed_sql.py).
_follows_of_member = FixedQuery(
    Follow,
    lambda member_id: Follow.objects.filter(user_id=member_id).order_by("kind", "object_id").only("kind", "object_id"),
    member_id=STAND_IN_ID,
)
_NEXT_EVENT_FIELDS = (
    "status",
    "event__slug",
    "event__title",
    "event__starts_at",
    "event__ends_at",
    "event__format",
    "event__joining_url",
    "event__group__name",
)
_next_registrations = FixedQuery(
    Registration,
    lambda member_id, now: (
        Registration.objects.active()
        .filter(user_id=member_id, event__status=Event.Status.SCHEDULED, event__ends_at__gt=now)
        .select_related("event", "event__group")
        # What the section shows: not the events' and groups' descriptions.
        .only(*_NEXT_EVENT_FIELDS)
        .order_by("event__starts_at")[:SECTION_SIZE]
    ),
    member_id=STAND_IN_ID,
    now=STAND_IN_TIME,
)


def _next_events(user: User, now: datetime) -> list[NextEvent]:
    found = []
    for registration in _next_registrations.all(member_id=user.pk, now=now):
        event = registration.event
        opens = event.starts_at - JOIN_OPENS_BEFORE
        shown = registration.is_registered and event.is_online and bool(event.joining_url) and opens <= now
        found.append(NextEvent(registration, event, event.joining_url if shown else "", opens))
    return found


# Each next event's item in the list, kept once a process under everything it is made from.
_kept_event_items = Kept(most=4096)


def _event_item(next_event: NextEvent, zone: Any) -> SafeString:
    """The event's item: made by its template the first time these values are seen in the process."""
    event, registration = next_event.event, next_event.registration
    group = event.group.name if event.group is not None else None
    kind = (
        "home-next-event",
        *(event.slug, event.title, event.starts_at, event.ends_at, event.format, group),
        *(registration.status, next_event.joining_link, zone.key),
    )
    context = {"next": next_event, "zone": zone}
    return _kept_event_items.filled(kind, lambda: render_part("home/member_next_event.html", context), own={})


def _groups_discussed_by(member_id: int) -> GroupQuerySet:
    """The groups the member is an active member of, and those they follow and may see (a private
    one only as its member), each with whether they belong."""
    member = User(pk=member_id)
    belongs = Exists(Membership.objects.active().filter(group=OuterRef("pk"), user_id=member_id))
    followed = Exists(Follow.objects.filter(user_id=member_id, kind=FollowKind.GROUP, object_id=OuterRef("pk")))
    visible = Q(pk__in=Group.objects.visible_to(member).values("pk"))
    shown = Q(belongs=True) | (followed & visible)
    return Group.objects.annotate(belongs=belongs).filter(shown).only("slug").order_by("pk")


_discussed_by_member = FixedQuery(Group, _groups_discussed_by, member_id=STAND_IN_ID)


def _discussed_groups(user: User) -> DiscussedGroups:
    if acts_as_curator(user):  # a curator may see every group they follow: the ORM builds theirs
        rows = list(_groups_discussed_by_curator(user))
    else:
        rows = _discussed_by_member.all(member_id=user.pk)
    found = DiscussedGroups()
    for group in rows:
        found.ids.append(group.pk)
        found.slugs.append(group.slug)
        if group.belongs:  # type: ignore[attr-defined]
            found.member_of.append(group.pk)
    return found


def _groups_discussed_by_curator(user: User) -> GroupQuerySet:
    belongs = Exists(Membership.objects.active().filter(group=OuterRef("pk"), user=user))
    followed = Exists(Follow.objects.filter(user=user, kind=FollowKind.GROUP, object_id=OuterRef("pk")))
    return Group.objects.annotate(belongs=belongs).filter(Q(belongs=True) | followed).only("slug").order_by("pk")


def _discussion(user: User, groups: DiscussedGroups, now: datetime) -> dict[str, list[Thread]]:
    """New threads started by others in the member's groups and the groups they follow, and
    threads where others replied after the member's last post."""
    if not groups.ids:
        return {"threads": [], "replies": []}
    threads = list(
        Thread.objects.filter(group_id__in=groups.ids, created_at__gte=now - timedelta(days=DISCUSSION_DAYS))
        .exclude(author=user)
        .select_related("group")
        .order_by("-created_at")[:SECTION_SIZE]
    )
    my_last_post = Post.objects.filter(thread=OuterRef("thread_id"), author=user).order_by("-created_at")
    newer = Post.objects.filter(
        thread=OuterRef("pk"), hidden_at__isnull=True, created_at__gt=Subquery(my_last_post.values("created_at")[:1])
    ).exclude(author=user)
    counted = newer.order_by().values("thread").annotate(n=Count("pk")).values("n")
    replies = (
        list(
            Thread.objects.filter(Exists(Post.objects.filter(thread=OuterRef("pk"), author=user)))
            .filter(group_id__in=groups.member_of)
            .annotate(reply_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0))
            .filter(reply_count__gt=0)
            .select_related("group")
            .order_by("-last_activity_at")[:SECTION_SIZE]
        )
        if groups.member_of
        else []
    )
    return {"threads": threads, "replies": replies}


def _new_work_part(user: User, follows: list[tuple[str, int]], now: datetime) -> str:
    found = _new_work(user, follows, now)
    return render_part("home/member_new_work.html", {"new_work": found}) if found else ""


def _new_work(user: User, follows: list[tuple[str, int]], now: datetime) -> list[NewWork]:
    """Recent case studies in what the member follows, with why each is there."""
    ids: dict[str, set[int]] = {}
    for kind, object_id in follows:
        ids.setdefault(kind, set()).add(object_id)
    wanted = Q(pk__in=[])
    for kind, through, column in _TERM_LINKS:
        if ids.get(kind):
            wanted |= Q(Exists(through.objects.filter(casestudy_id=OuterRef("pk"), **{f"{column}__in": ids[kind]})))
    if ids.get(FollowKind.PERSON):
        people = CaseStudyAuthor.objects.filter(case_study_id=OuterRef("pk"), member_id__in=ids[FollowKind.PERSON])
        wanted |= Q(Exists(people))
    if not follows:
        return []
    case_studies = list(
        CaseStudy.objects.published()
        .filter(wanted, published_at__gte=now - timedelta(days=NEW_WORK_DAYS))
        .exclude(Exists(CaseStudyAuthor.objects.filter(case_study_id=OuterRef("pk"), member=user)))
        .prefetch_related("care_settings", "approaches", "authors__member")
        .for_cards()
        .newest_first()[:SECTION_SIZE]
    )
    return [NewWork(case_study, _reasons(case_study, ids)) for case_study in case_studies]


def _reasons(case_study: CaseStudy, ids: dict[str, set[int]]) -> list[str]:
    named: list[tuple[str, int, str]] = [
        *((FollowKind.TOPIC, term.pk, term.name) for term in case_study.topics.all()),
        *((FollowKind.SETTING, term.pk, term.name) for term in case_study.care_settings.all()),
        *((FollowKind.APPROACH, term.pk, term.name) for term in case_study.approaches.all()),
        *((FollowKind.ORGANISATION, term.pk, term.name) for term in case_study.organisations.all()),
        *(
            (FollowKind.PERSON, author.member.pk, author.member.name)
            for author in case_study.authors.all()
            if author.member is not None
        ),
    ]
    return [name for kind, pk, name in named if pk in ids.get(kind, ())]


def _topic_suggestions(request: HttpRequest, follows: list[tuple[str, int]]) -> list[FollowButton]:
    """The topics with the most published work that the member does not follow yet."""
    followed = {object_id for kind, object_id in follows if kind == FollowKind.TOPIC}
    # Under the library's own version too, which the ranking's counts are kept under: it changes
    # only once a change commits, after the page's versions have been read.
    ranked = json.loads(
        kept_part(request, "member-home-topic-ranking", _topic_ranking, vary=str(library_queries.library_version()))
    )
    # None of them is followed, so the buttons need no query of their own.
    return [
        FollowButton(Followable(FollowKind.TOPIC, pk, slug, name), False)
        for pk, slug, name in ranked
        if pk not in followed
    ][:SUGGESTED_TOPICS]


def _topic_ranking() -> str:
    """Every topic with published work, the most first, as JSON: the same for every member, kept
    under the library's version."""
    return json.dumps(library_queries.topics_by_published_work())
