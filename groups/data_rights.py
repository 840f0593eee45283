"""The groups app's part of a member's data rights (registered in apps.py).

Erasing keeps the discussion whole: threads and posts stay, without their author (pages show
them as by a former member). A group that the member alone moderates is handed to the curators,
who become its moderators, so that no group is left without one.
"""

from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils import timezone

from members.models import User

from .models import Group, Invitation, Membership, Post, Report, Thread, ThreadFollow


def _addresses(user: User) -> set[str]:
    return {
        user.email.lower(),
        *(email.lower() for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True)),
    }


def _invitations_to(user: User) -> Q:
    query = Q(pk__in=[])
    for address in _addresses(user):
        query |= Q(email__iexact=address)
    return query


def groups_export(user: User) -> dict[str, Any]:
    return {
        "memberships": [
            {
                "group": membership.group.name,
                "slug": membership.group.slug,
                "role": membership.get_role_display(),
                "status": membership.get_status_display(),
                "asked_at": membership.requested_at,
                "joined_at": membership.joined_at,
            }
            for membership in Membership.objects.filter(user=user).select_related("group").order_by("requested_at")
        ],
        "threads_you_started": [
            {
                "group": thread.group.name,
                "title": thread.title,
                "started_at": thread.created_at,
            }
            for thread in Thread.objects.filter(author=user).select_related("group").order_by("created_at")
        ],
        "posts": [
            {
                "group": post.thread.group.name,
                "thread": post.thread.title,
                "body": post.body,
                "written_at": post.created_at,
                "edited_at": post.edited_at,
                "hidden_by_moderators": post.is_hidden,
            }
            for post in Post.objects.filter(author=user).select_related("thread__group").order_by("created_at")
        ],
        "threads_you_follow": [
            {"group": follow.thread.group.name, "thread": follow.thread.title, "since": follow.created_at}
            for follow in ThreadFollow.objects.filter(user=user).select_related("thread__group").order_by("created_at")
        ],
        "posts_you_reported": [
            {"thread": report.post.thread.title, "reason": report.reason, "reported_at": report.created_at}
            for report in Report.objects.filter(reporter=user).select_related("post__thread").order_by("created_at")
        ],
        "invitations_you_sent": [
            {
                "group": invitation.group.name,
                "to": invitation.email,
                "sent_at": invitation.created_at,
                "accepted": invitation.is_used,
            }
            for invitation in Invitation.objects.filter(invited_by=user).select_related("group").order_by("created_at")
        ],
        "invitations_to_you": [
            {"group": invitation.group.name, "sent_at": invitation.created_at, "accepted": invitation.is_used}
            for invitation in Invitation.objects.filter(_invitations_to(user))
            .select_related("group")
            .order_by("created_at")
        ],
    }


def groups_erase(user: User) -> None:
    now = timezone.now()
    moderated = Group.objects.filter(memberships__in=Membership.objects.moderators().filter(user=user))
    alone = moderated.exclude(memberships__in=Membership.objects.moderators().exclude(user=user))
    curators = list(User.objects.curators().exclude(pk=user.pk))
    for group in alone:
        for curator in curators:
            Membership.objects.update_or_create(
                group=group,
                user=curator,
                defaults={"role": Membership.Role.MODERATOR, "status": Membership.Status.ACTIVE, "joined_at": now},
            )
    Invitation.objects.filter(_invitations_to(user)).delete()
