"""A member with some of every kind of data the portal keeps, for the data rights tests."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone

from casestudies.editorial.models import AuditEntry, ReviewMessage
from casestudies.library.models import CaseStudy, CaseStudyAuthor, Status
from digests.models import DigestPreference, Frequency
from events.models import Event, Registration
from groups.models import Group, Invitation, Post, Report, ThreadFollow
from members.models import User
from outbox.models import OutgoingEmail, Stream, StreamOptOut
from tests.casestudies.factories import BookmarkFactory, CaseStudyFactory, OrganisationFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.groups.factories import GroupFactory, MembershipFactory, PostFactory, ThreadFactory
from tests.members.factories import UserFactory
from tests.members.mfa import sign_in_with_password, turn_on_totp

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


@dataclass
class Footprint:
    user: User
    markers: list[str]
    published: object
    draft: object
    shared_draft: object
    post: object
    group_alone: object
    group_shared: object
    event: object
    waiting: object


def member_with_everything(prefix: str, *, totp: bool = False) -> Footprint:
    """A member whose personal details all contain `prefix`, so a search for it finds them."""
    user = UserFactory(
        email=f"{prefix.lower()}@example.org",
        name=f"{prefix} Quillfeather",
        job_title=f"{prefix} flow lead",
        organisation=f"{prefix} Community Clinic",
        bio=f"{prefix} loves run charts.",
    )
    EmailAddress.objects.create(user=user, email=f"{prefix.lower()}.old@example.org", verified=True)
    if totp:
        turn_on_totp(user)
    else:
        sign_in_with_password(Client(HTTP_USER_AGENT=FIREFOX), user)

    published, draft, shared_draft = _case_studies(user, prefix)
    group_alone, group_shared, post = _groups(user)
    event, waiting = _events(user, group_alone)
    _mail_and_preferences(user, prefix, group_shared)
    return Footprint(
        user=user,
        markers=[prefix, prefix.lower()],
        published=published,
        draft=draft,
        shared_draft=shared_draft,
        post=post,
        group_alone=group_alone,
        group_shared=group_shared,
        event=event,
        waiting=waiting,
    )


def _case_studies(user, prefix: str) -> tuple[CaseStudy, CaseStudy, CaseStudy]:
    """Published, drafted and shared (submitted with a co-author) case studies, a bookmark, review talk."""
    organisation = OrganisationFactory(name="Northfield Teaching Hospitals")
    published = CaseStudyFactory(author=user, organisations=[organisation])
    CaseStudyAuthor.objects.filter(case_study=published).update(role=f"{prefix} as project lead")
    draft = CaseStudyFactory(author=user, status=Status.DRAFT, title=f"{prefix} draft on discharge")
    shared_draft = CaseStudyFactory(author=user, status=Status.SUBMITTED)
    CaseStudyAuthor.objects.create(case_study=shared_draft, member=UserFactory(), position=1)
    BookmarkFactory(user=user)
    ReviewMessage.objects.create(
        case_study=published, author=user, kind=ReviewMessage.Kind.COMMENT, body="Updated the run chart."
    )
    AuditEntry.objects.create(
        action=AuditEntry.Action.REVIEWER_ASSIGNED, subject=published.title, detail=f"Reviewer: {user.name}"
    )
    return published, draft, shared_draft


def _groups(user) -> tuple[Group, Group, Post]:
    """A group the member moderates alone and one shared with another moderator, with a thread and post."""
    group_alone = GroupFactory()
    MembershipFactory(group=group_alone, user=user, moderator=True)
    MembershipFactory(group=group_alone)
    group_shared = GroupFactory()
    MembershipFactory(group=group_shared, user=user, moderator=True)
    MembershipFactory(group=group_shared, moderator=True)
    thread = ThreadFactory(group=group_alone, author=user, title="Huddles that work")
    post = PostFactory(thread=thread, author=user, body="We moved our huddle to 9am.")
    ThreadFollow.objects.create(thread=thread, user=user)
    Report.objects.create(post=PostFactory(thread=thread), reporter=user, reason="Off topic")
    Invitation.objects.create(group=group_alone, email="friend@example.org", invited_by=user)
    Invitation.objects.create(group=group_shared, email=user.email, expires_at=timezone.now())
    return group_alone, group_shared, post


def _events(user, group_alone: Group) -> tuple[Event, Registration]:
    """A registration for a full event (with someone waiting behind it) and a place on a waitlist."""
    event = EventFactory(group=group_alone, capacity=1, title="Flow clinic")
    RegistrationFactory(event=event, user=user)
    waiting = RegistrationFactory(event=event, waitlisted=True)
    RegistrationFactory(event=EventFactory(group=group_alone, title="Run charts 101"), user=user, waitlisted=True)
    return event, waiting


def _mail_and_preferences(user, prefix: str, muted: Group) -> None:
    """Emails to the member's addresses, an opt-out, and a digest preference muting a group."""
    OutgoingEmail.objects.create(
        recipient=user,
        to_address=user.email,
        stream=Stream.DIGEST,
        template_name="digest",
        context={"name": prefix},
        idempotency_key=f"digest:{prefix}",
    )
    OutgoingEmail.objects.create(
        to_address=f"{prefix.lower()}.old@example.org",
        stream=Stream.ACCOUNT,
        template_name="account_email_changed",
        context={"old_email": f"{prefix.lower()}.old@example.org"},
        idempotency_key=f"old:{prefix}",
    )
    StreamOptOut.objects.create(user=user, stream=Stream.THREAD_REPLIES)
    preference = DigestPreference.objects.create(user=user, frequency=Frequency.DAILY)
    preference.muted_groups.set([muted])
