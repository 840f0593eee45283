"""Changes to groups, memberships and discussion, with the emails they cause.

Each function is atomic and writes its emails to the outbox in the same transaction. Anything a
member may try that cannot happen (joining twice, approving a withdrawn request, ...) raises
`GroupActionError` with a message meant for that member.
"""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from casestudies.library.models import Topic
from members.models import User
from outbox.models import Stream
from outbox.services import email_enqueue

from . import news
from .models import Group, Invitation, Membership, Post, Report, Thread, ThreadFollow, Visibility


class GroupActionError(Exception):
    """What the member tried cannot be done; the message says why, in words for them."""

    def __init__(self, message: str, *, status: int = 409) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _lock_group(group: Group) -> Group:
    """Serialises changes to one group's roles, so the last-moderator rule holds under concurrency."""
    return Group.objects.select_for_update().get(pk=group.pk)


def _only_moderator(group: Group, user: User) -> bool:
    moderators = list(group.memberships.moderators().values_list("user_id", flat=True)[:2])
    return moderators == [user.pk]


# --- Groups -------------------------------------------------------------------------------------


@transaction.atomic
def group_create(*, by: User, moderators: Iterable[User], topics: Iterable[Topic] = (), **fields: Any) -> Group:
    """Creates a group (curators only) with its first moderators, who join at once."""
    group = Group.objects.create(created_by=by, **fields)
    group.topics.set(topics)
    now = timezone.now()
    for user in {user.pk: user for user in moderators}.values():
        Membership.objects.create(
            group=group, user=user, role=Membership.Role.MODERATOR, status=Membership.Status.ACTIVE, joined_at=now
        )
    return group


# --- Joining and leaving ------------------------------------------------------------------------


@transaction.atomic
def membership_join(*, group: Group, user: User) -> Membership:
    """Joins an open group at once, or asks to join a by-request group (emailing its moderators)."""
    if group.visibility == Visibility.PRIVATE:
        raise GroupActionError(f"{group.name} is private: people join it by invitation from a moderator.", status=403)
    existing = group.memberships.filter(user=user).first()
    if existing is not None:
        if existing.is_active:
            raise GroupActionError(f"You are already a member of {group.name}.")
        raise GroupActionError(f"You have already asked to join {group.name}. A moderator will decide soon.")
    now = timezone.now()
    opens_at_once = group.visibility == Visibility.OPEN
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                group=group,
                user=user,
                status=Membership.Status.ACTIVE if opens_at_once else Membership.Status.PENDING,
                requested_at=now,
                joined_at=now if opens_at_once else None,
            )
    except IntegrityError:
        raise GroupActionError(f"You have already joined or asked to join {group.name}.") from None
    if not opens_at_once:
        for moderator in User.objects.filter(
            group_memberships__in=group.memberships.moderators(), is_active=True
        ).distinct():
            email_enqueue(
                to=moderator,
                template="group_request_received",
                context={
                    "group_name": group.name,
                    "requester_name": user.name or user.email,
                    "requests_path": group.get_absolute_url() + "members/",
                },
                stream=Stream.GROUP_REQUESTS,
                key=f"group-request-received:{membership.pk}:{moderator.pk}",
            )
    return membership


@transaction.atomic
def membership_leave(*, group: Group, user: User) -> None:
    """Leaves the group, or withdraws a request to join. The last moderator cannot leave."""
    _lock_group(group)
    membership = group.memberships.select_for_update().filter(user=user).first()
    if membership is None:
        raise GroupActionError(f"You are not a member of {group.name}, so there is nothing to leave.")
    if membership.is_moderator and _only_moderator(group, user):
        raise GroupActionError(
            f"You are the only moderator of {group.name}. Appoint another moderator before you leave."
        )
    membership.delete()


def _pending_request(group: Group, request_id: int) -> Membership:
    membership = group.memberships.select_for_update().filter(pk=request_id).select_related("user").first()
    if membership is None:
        raise GroupActionError("That request to join is no longer there: it was withdrawn or already declined.")
    if membership.is_active:
        raise GroupActionError(f"{membership.user} is already a member: another moderator approved the request.")
    return membership


@transaction.atomic
def membership_approve(*, group: Group, request_id: int, by: User) -> Membership:
    """Approves a join request and emails the requester."""
    membership = _pending_request(group, request_id)
    membership.status = Membership.Status.ACTIVE
    membership.joined_at = timezone.now()
    membership.save(update_fields=["status", "joined_at"])
    email_enqueue(
        to=membership.user,
        template="group_request_approved",
        context={"group_name": group.name, "group_path": group.get_absolute_url()},
        stream=Stream.GROUP_REQUESTS,
        key=f"group-request-approved:{membership.pk}",
    )
    return membership


@transaction.atomic
def membership_decline(*, group: Group, request_id: int, by: User) -> None:
    """Declines a join request and emails the requester."""
    membership = _pending_request(group, request_id)
    email_enqueue(
        to=membership.user,
        template="group_request_declined",
        context={"group_name": group.name},
        stream=Stream.GROUP_REQUESTS,
        key=f"group-request-declined:{membership.pk}",
    )
    membership.delete()


def _active_membership(group: Group, user_id: int) -> Membership:
    membership = group.memberships.active().select_for_update().filter(user_id=user_id).select_related("user").first()
    if membership is None:
        raise GroupActionError("That person is not a member of this group (any more).")
    return membership


@transaction.atomic
def membership_remove(*, group: Group, user_id: int, by: User) -> None:
    """Removes a member; their posts stay and show as from a former member."""
    _lock_group(group)
    membership = _active_membership(group, user_id)
    if membership.is_moderator and _only_moderator(group, membership.user):
        raise GroupActionError("The group must keep at least one moderator. Appoint another moderator first.")
    membership.delete()


@transaction.atomic
def moderator_appoint(*, group: Group, user_id: int, by: User) -> Membership:
    """Makes an active member a moderator."""
    _lock_group(group)
    membership = _active_membership(group, user_id)
    if membership.is_moderator:
        raise GroupActionError(f"{membership.user} is already a moderator.")
    membership.role = Membership.Role.MODERATOR
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def moderator_add(*, group: Group, user: User, by: User) -> Membership:
    """A curator makes someone a moderator, whether or not they were a member before."""
    _lock_group(group)
    membership, created = Membership.objects.select_for_update().get_or_create(
        group=group,
        user=user,
        defaults={"role": Membership.Role.MODERATOR, "status": Membership.Status.ACTIVE, "joined_at": timezone.now()},
    )
    if not created:
        if membership.is_moderator:
            raise GroupActionError(f"{user} is already a moderator of {group.name}.")
        membership.role = Membership.Role.MODERATOR
        membership.status = Membership.Status.ACTIVE
        membership.joined_at = membership.joined_at or timezone.now()
        membership.save(update_fields=["role", "status", "joined_at"])
    return membership


@transaction.atomic
def moderator_step_down(*, group: Group, user: User) -> Membership:
    """The moderator stays a member. The last moderator cannot step down."""
    _lock_group(group)
    membership = _active_membership(group, user.pk)
    if not membership.is_moderator:
        raise GroupActionError(f"You are not a moderator of {group.name}.")
    if _only_moderator(group, user):
        raise GroupActionError(f"You are the only moderator of {group.name}. Appoint another moderator first.")
    membership.role = Membership.Role.MEMBER
    membership.save(update_fields=["role"])
    return membership


# --- Invitations --------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(*, group: Group, email: str, by: User) -> Invitation:
    """Writes an invitation and emails its link to the address."""
    email = User.objects.normalize_email(email)
    existing_user = User.objects.with_email(email).first()
    if existing_user is not None and group.memberships.active().filter(user=existing_user).exists():
        raise GroupActionError(f"{email} is already a member of {group.name}.", status=400)
    invitation = Invitation.objects.create(group=group, email=email, invited_by=by)
    email_enqueue(
        to=existing_user or email,
        template="group_invitation",
        context={
            "group_name": group.name,
            "group_summary": group.summary,
            "inviter_name": by.name or by.email,
            "invitation_path": invitation.get_absolute_url(),
            "expires_on": invitation.expires_at.date().isoformat(),
        },
        stream=Stream.GROUP_REQUESTS,
        key=f"group-invitation:{invitation.pk}",
    )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    """Uses the invitation (once) to make the signed-in member an active member of its group."""
    invitation = Invitation.objects.select_for_update().select_related("group").filter(token=token).first()
    if invitation is None:
        raise GroupActionError("That invitation link is not valid. Check you copied the whole address.", status=404)
    if invitation.is_used:
        raise GroupActionError("That invitation has already been used. Ask a moderator for a new one.", status=410)
    if invitation.is_expired:
        raise GroupActionError("That invitation has expired. Ask a moderator for a new one.", status=410)
    group = invitation.group
    membership = group.memberships.select_for_update().filter(user=user).first()
    if membership is not None and membership.is_active:
        raise GroupActionError(f"You are already a member of {group.name}.")
    now = timezone.now()
    if membership is None:
        membership = Membership.objects.create(group=group, user=user, requested_at=now, joined_at=now)
    else:
        membership.status = Membership.Status.ACTIVE
        membership.joined_at = now
        membership.save(update_fields=["status", "joined_at"])
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


# --- Discussion ---------------------------------------------------------------------------------


def _ensure_can_post(group: Group, user: User) -> None:
    if not group.memberships.active().filter(user=user).exists():
        raise GroupActionError(f"Only members of {group.name} can post. You may have left or been removed.", status=403)


@transaction.atomic
def thread_create(*, group: Group, author: User, title: str, body: str) -> Thread:
    """Starts a thread with its opening post; the author follows it."""
    _ensure_can_post(group, author)
    now = timezone.now()
    thread = Thread.objects.create(group=group, title=title, author=author, last_activity_at=now)
    Post.objects.create(thread=thread, author=author, body=body, created_at=now)
    ThreadFollow.objects.create(thread=thread, user=author)
    news.thread_created.send(sender=Thread, thread_id=thread.pk)
    return thread


@transaction.atomic
def post_reply(*, thread: Thread, author: User, body: str) -> Post:
    """Adds a reply, makes the author follow the thread, and emails the other followers who are still members."""
    _ensure_can_post(thread.group, author)
    thread = Thread.objects.select_for_update().select_related("group").get(pk=thread.pk)
    if thread.is_locked:
        raise GroupActionError("This thread is locked: no one can reply to it.")
    now = timezone.now()
    post = Post.objects.create(thread=thread, author=author, body=body, created_at=now)
    thread.last_activity_at = now
    thread.save(update_fields=["last_activity_at"])
    ThreadFollow.objects.get_or_create(thread=thread, user=author)
    followers = User.objects.filter(
        followed_threads__thread=thread,
        is_active=True,
        group_memberships__group=thread.group,
        group_memberships__status=Membership.Status.ACTIVE,
    ).exclude(pk=author.pk)
    for follower in followers:
        email_enqueue(
            to=follower,
            template="thread_reply",
            context={
                "group_name": thread.group.name,
                "thread_title": thread.title,
                "author_name": author.name or "A member",
                "body_text": body[:2000],
                "post_path": f"{thread.get_absolute_url()}#post-{post.pk}",
            },
            stream=Stream.THREAD_REPLIES,
            key=f"thread-reply:{post.pk}:{follower.pk}",
        )
    return post


@transaction.atomic
def post_edit(*, post: Post, by: User, body: str) -> Post:
    """Saves the author's correction, while the edit window is open."""
    post = Post.objects.select_for_update().select_related("thread__group").get(pk=post.pk)
    if not post.editable_by(by):
        raise GroupActionError("You can no longer edit this post: posts can be edited for an hour after writing.")
    _ensure_can_post(post.thread.group, by)
    post.body = body
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    return post


@transaction.atomic
def post_hide(*, post: Post, by: User, reason: str) -> Post:
    """Hides a post from the group, keeping the moderator's reason; its reports are resolved."""
    now = timezone.now()
    post.hidden_at = now
    post.hidden_by = by
    post.hidden_reason = reason
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    post.reports.filter(resolved_at__isnull=True).update(resolved_at=now, resolved_by=by)
    return post


@transaction.atomic
def post_unhide(*, post: Post, by: User) -> Post:
    post.hidden_at = None
    post.hidden_by = None
    post.hidden_reason = ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return post


@transaction.atomic
def post_report(*, post: Post, by: User, reason: str) -> Report:
    """Tells the group's moderators about a post (shown on their reports page)."""
    report, created = Report.objects.get_or_create(post=post, reporter=by, defaults={"reason": reason})
    if not created:
        raise GroupActionError("You have already reported this post. The moderators will look at it.")
    return report


@transaction.atomic
def report_resolve(*, report: Report, by: User) -> Report:
    report.resolved_at = timezone.now()
    report.resolved_by = by
    report.save(update_fields=["resolved_at", "resolved_by"])
    return report


@transaction.atomic
def thread_set_locked(*, thread: Thread, locked: bool) -> Thread:
    thread.is_locked = locked
    thread.save(update_fields=["is_locked"])
    return thread


@transaction.atomic
def thread_set_pinned(*, thread: Thread, pinned: bool) -> Thread:
    thread.is_pinned = pinned
    thread.save(update_fields=["is_pinned"])
    return thread


@transaction.atomic
def thread_set_followed(*, thread: Thread, user: User, followed: bool) -> None:
    """Follows (emails on replies) or stops following a thread; doing it twice is harmless."""
    if followed:
        ThreadFollow.objects.get_or_create(thread=thread, user=user)
    else:
        ThreadFollow.objects.filter(thread=thread, user=user).delete()
