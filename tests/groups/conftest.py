from dataclasses import dataclass

import pytest

from groups.models import Membership, Post, Report, Thread
from tests.groups.factories import GroupFactory, MembershipFactory, PostFactory, ThreadFactory
from tests.members.factories import UserFactory
from tests.members.mfa import turn_on_totp

ROLES = ["anonymous", "member", "member_elsewhere", "moderator_elsewhere", "moderator", "curator"]


@dataclass
class World:
    """One group with a member, a moderator, a thread, a reply, a report and a request to join,
    and people from outside it: a member and a moderator of another group, and a curator."""

    group: object
    other_group: object
    people: dict
    thread: Thread
    reply: Post
    report: Report
    request: Membership
    requester: object

    def user(self, role):
        return self.people[role]


def curator_with_mfa():
    """Curators act on groups only with two-factor authentication on, as on every curator page."""
    curator = UserFactory(is_staff=True)
    turn_on_totp(curator)
    return curator


@pytest.fixture
def curator(db):
    return curator_with_mfa()


def build_world(**group_kwargs) -> World:
    group = GroupFactory(**group_kwargs)
    other = GroupFactory()
    moderator = MembershipFactory(group=group, moderator=True).user
    member = MembershipFactory(group=group).user
    people = {
        "anonymous": None,
        "member": member,
        "member_elsewhere": MembershipFactory(group=other).user,
        "moderator_elsewhere": MembershipFactory(group=other, moderator=True).user,
        "moderator": moderator,
        "curator": curator_with_mfa(),
    }
    thread = ThreadFactory(group=group, author=moderator, opening_post="The opening *secret* words")
    reply = PostFactory(thread=thread, author=member, body="A reply only members read")
    report = Report.objects.create(post=reply, reporter=people["curator"], reason="Check this")
    request = MembershipFactory(group=group, pending=True)
    return World(group, other, people, thread, reply, report, request, request.user)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Each world has seven accounts; a deliberately slow password hash would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def private_world(db):
    return build_world(private=True)


@pytest.fixture
def client_as(client):
    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login
