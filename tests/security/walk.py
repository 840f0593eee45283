"""The people and things the URL walk visits with, what each visit may answer, and the check of one visit."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from casestudies.library.models import Status
from events.models import CalendarFeed
from groups.models import Group
from members.models import User
from notifications.models import Notification, Subject
from outbox.models import Stream
from outbox.tokens import unsubscribe_token
from tests.casestudies.factories import (
    BookmarkFactory,
    CaseStudyFactory,
    CollectionFactory,
    OrganisationFactory,
    OutcomeMeasureFactory,
    TopicFactory,
)
from tests.events.factories import EventFactory, RegistrationFactory
from tests.groups.factories import GroupFactory, MembershipFactory, ThreadFactory
from tests.members.factories import UserFactory
from tests.members.mfa import turn_on_totp
from tests.reading import MarkupChecks, is_html, text_problems

ROLES = ["anonymous", "member", "other_group_member", "other_group_moderator", "moderator", "curator"]
SIGNED_IN = ROLES[1:]

# What a visit may answer.
OK = "ok"  # 200
LOGIN = "login"  # 302 to the sign-in page, which brings them back
AWAY = "away"  # 302 somewhere else on the site (already signed in, nothing to do here)
DENIED = "denied"  # 403 or 404: not theirs to see, and nothing about it is shown
BAD = "bad"  # 400: the address itself is wrong (a bad token)
NOT_ALLOWED = "method"  # 405: this address takes another method


@dataclass
class World:
    users: dict[str, User | None]
    objects: dict[str, Any]
    # Text that only the listed roles may ever receive in a response.
    private: dict[str, set[str]] = field(default_factory=dict)

    clients: dict[str, Client] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        """One signed-in browser per role, kept for the whole walk."""
        if role not in self.clients:
            client = Client()
            client.raise_request_exception = False
            user = self.users[role]
            if user is not None:
                client.force_login(user, backend="members.backends.MemberBackend")
            self.clients[role] = client
        return self.clients[role]


def build_world() -> World:
    group, other_group, users = _people()
    member, moderator = users["member"], users["moderator"]
    thread = ThreadFactory(
        group=group, author=moderator, title="Walk thread", opening_post="Walk thread body only members read"
    )
    library = _library(member)
    event = EventFactory(
        group=group, slug="walk-event", title="Walk event", joining_url="https://meet.example.org/walk-secret-room"
    )
    RegistrationFactory(event=event, user=member)
    feed = CalendarFeed.objects.create(user=member)
    Notification.objects.create(
        user=member,
        subject=Subject.THREAD,
        object_id=thread.pk,
        title="Walk notification only the member sees",
        path=thread.get_absolute_url(),
        reason=group.name,
    )
    draft, submitted, published = library["draft"], library["submitted"], library["published"]
    return World(
        users=users,
        objects={
            "group": group,
            "other_group": other_group,
            "thread": thread,
            "opening_post": thread.posts.get(),
            **library,
            "draft_measure": OutcomeMeasureFactory(case_study=draft),
            "published_measure": OutcomeMeasureFactory(case_study=published),
            "event": event,
            "calendar_token": feed.token,
            "unsubscribe_token": unsubscribe_token(user_id=member.pk, stream=Stream.DIGEST),
        },
        private={
            draft.title: {"member", "curator"},
            submitted.title: {"member", "curator"},
            member.email: {"member", "curator", "moderator"},
            event.joining_url: {"member", "moderator", "curator"},
            "Walk thread body only members read": {"member", "moderator", "curator"},
            "Walk notification only the member sees": {"member"},
            "Walk unconfirmed organisation": {"member", "curator"},
        },
    )


def _people() -> tuple[Group, Group, dict]:
    """The walk's roles: a member and a moderator of walk-group, the same of another group, a curator."""
    group, other_group = GroupFactory(slug="walk-group"), GroupFactory(slug="walk-other-group")
    member = UserFactory(name="Walk Member")
    moderator, other_member, other_moderator = UserFactory(), UserFactory(), UserFactory()
    curator = UserFactory(is_staff=True)
    turn_on_totp(curator)
    MembershipFactory(group=group, user=member)
    MembershipFactory(group=group, user=moderator, role="moderator")
    MembershipFactory(group=other_group, user=other_member)
    MembershipFactory(group=other_group, user=other_moderator, role="moderator")
    return (
        group,
        other_group,
        {
            "anonymous": None,
            "member": member,
            "other_group_member": other_member,
            "other_group_moderator": other_moderator,
            "moderator": moderator,
            "curator": curator,
        },
    )


def _library(member) -> dict:
    """A topic, organisations, and case studies published, drafted and submitted by the member."""
    topic = TopicFactory(name="Patient flow", slug="patient-flow")
    organisation = OrganisationFactory(name="Walk organisation", slug="walk-organisation")
    OrganisationFactory(
        name="Walk unconfirmed organisation", slug="walk-unconfirmed", confirmed=False, created_by=member
    )
    published = CaseStudyFactory(
        title="Walk published case study", slug="walk-published", topics=[topic], organisations=[organisation]
    )
    draft = CaseStudyFactory(
        title="Walk draft only its author sees", slug="walk-draft", status=Status.DRAFT, author=member
    )
    submitted = CaseStudyFactory(
        title="Walk submission awaiting review", slug="walk-submitted", status=Status.SUBMITTED, author=member
    )
    bookmarked = CaseStudyFactory(title="Walk bookmarked by the member", slug="walk-bookmarked")
    BookmarkFactory(user=member, case_study=bookmarked)
    collection = CollectionFactory(title="Walk collection", slug="walk-collection", case_studies=[published])
    return {
        "topic": topic,
        "published": published,
        "draft": draft,
        "submitted": submitted,
        "collection": collection,
    }


@dataclass(frozen=True)
class Visit:
    path: str | Callable[[World], str]
    expect: dict[str, str]
    method: str = "get"
    data: dict[str, str] | None = None
    # Pages whose address is itself the authority (a signed token) may show its owner's details.
    shows_owner: bool = False

    def address(self, world: World) -> str:
        return self.path(world) if callable(self.path) else self.path


def expect(default: str, **roles: str) -> dict[str, str]:
    return {role: roles.get(role, default) for role in ROLES}


def signed_in(expected: str, anonymous: str = LOGIN, **roles: str) -> dict[str, str]:
    return expect(expected, anonymous=anonymous, **roles)


def curators_only() -> dict[str, str]:
    return expect(DENIED, anonymous=LOGIN, curator=OK)


def outcome(response) -> str:
    status = response.status_code
    location = response.headers.get("Location", "")
    if status == 200:
        return OK
    if status in {301, 302, 303}:
        if location.startswith(("/accounts/login/?next=", "/admin/login/?next=")):
            return LOGIN
        return AWAY
    return {403: DENIED, 404: DENIED, 400: BAD, 405: NOT_ALLOWED}.get(status, f"status {status}")


def check(world: World, visit: Visit, markup: MarkupChecks | None = None) -> list[str]:
    """What is wrong with one visit as each role; each HTML page is also read for text a person
    should never see, and handed to the Nu HTML Checker (`markup`)."""
    problems = []
    for role in ROLES:
        client = world.client(role)
        client.raise_request_exception = False
        address = visit.address(world)
        response = getattr(client, visit.method)(address, visit.data or {})
        got = outcome(response)
        where = f"{visit.method.upper()} {address} as {role}"
        if response.status_code >= 500 or got != visit.expect[role]:
            problems.append(f"{where}: expected {visit.expect[role]}, got {got}")
        body = b"".join(response) if response.streaming else response.content
        for text, allowed in world.private.items():
            if role not in allowed and not visit.shows_owner and text.encode() in body:
                problems.append(f"{where} shows someone else's {text!r}")
        if markup is not None and body and is_html(response):
            problems += [f"{where} shows {problem}" for problem in text_problems(body.decode())]
            markup.add(where, body)
    return problems
