"""Who may do what in a group, as view mixins shared by groups and the apps above it (events).

Every view under /groups/<slug>/ loads its group through `GroupMixin`, which uses the one
visibility rule (`Group.objects.visible_to`, or `Group.is_visible_to` for a group read with its
reader's states, as the group's page does): a private group answers 404 to non-members.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property

from core.denied import denied
from members.permissions import acts_as_curator

from . import page_rows
from .models import Group, Membership


def deny(request: HttpRequest, message: str) -> HttpResponse:
    """A 403 page that says why, so that a member acting from an old page knows what happened."""
    return denied(request, message, back_url=reverse("groups:list"), back_label="Go to the groups")


class GroupMixin:
    """Sets self.group (visible to the user, else 404) and self.membership (or None)."""

    group_slug_kwarg = "slug"
    group: Group
    membership: Membership | None

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.group = self.read_group(request, kwargs[self.group_slug_kwarg])
        self.membership = self.group.membership_for(request.user)
        refusal = self.check_group_permission(request)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def read_group(self, request: HttpRequest, slug: str) -> Group:
        return get_object_or_404(self.group_queryset(request), slug=slug)

    def group_queryset(self, request: HttpRequest):
        return Group.objects.visible_to(request.user)

    def check_group_permission(self, request: HttpRequest) -> HttpResponse | None:
        return None

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.is_active

    @cached_property
    def can_manage(self) -> bool:
        if self.membership is not None and self.membership.is_moderator:
            return True
        return acts_as_curator(self.request.user)  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs):
        return super().get_context_data(  # type: ignore[misc]
            group=self.group, membership=self.membership, is_member=self.is_member, can_manage=self.can_manage, **kwargs
        )


class SignedInGroupMixin(GroupMixin):
    def check_group_permission(self, request: HttpRequest) -> HttpResponse | None:
        refusal = super().check_group_permission(request)
        if refusal is None and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return refusal


class MemberRequiredMixin(SignedInGroupMixin):
    """Only active members (moderators included) of the group."""

    def check_group_permission(self, request: HttpRequest) -> HttpResponse | None:
        refusal = super().check_group_permission(request)
        if refusal is None and not self.is_member:
            return deny(request, f"Only members of {self.group.name} can do that. Join the group first.")
        return refusal


class ModeratorRequiredMixin(SignedInGroupMixin):
    """Only the group's moderators, and curators, who may manage every group."""

    def check_group_permission(self, request: HttpRequest) -> HttpResponse | None:
        refusal = super().check_group_permission(request)
        if refusal is None and not self.can_manage:
            return deny(request, f"Only the moderators of {self.group.name} can do that.")
        return refusal


def visibility_key(user, mine: "list[Group] | None" = None) -> str:
    """Which groups the reader may see beyond the public ones (GroupQuerySet.visible_to), as a key
    for the parts kept for everyone who sees the same groups: every group for curators, the private
    groups they belong to for members (from `mine`, their groups, when already read), none for visitors."""
    if acts_as_curator(user):
        return "all"
    if user is None or not user.is_authenticated:
        return ""
    if mine is None:
        ids = sorted(membership.group_id for membership in page_rows.private_memberships.all(member_id=user.pk))
    else:
        ids = sorted(group.pk for group in mine if group.is_private)
    # A member of no private group sees what a visitor sees, and shares the visitor's parts.
    return ",".join(map(str, ids))
