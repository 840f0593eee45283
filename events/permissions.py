"""Who may manage an event: a group's moderators (and curators) for the group's events; curators
with two-factor authentication (members.permissions) for the site's own events.

Every event view loads its event through `Event.objects.visible_to` (an event's page, read with its
reader's states, through `Group.is_visible_to`, the same rule), so an event of a private group
answers 404 to people outside it.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from core.denied import denied
from groups.models import Group
from members.permissions import acts_as_curator, curator_access

from .models import Event


def deny(request: HttpRequest, message: str) -> HttpResponse:
    """A 403 page that says why."""
    return denied(request, message, back_url=reverse("events:list"), back_label="Go to the events")


def can_manage(event: Event, user) -> bool:
    if not user.is_authenticated:
        return False
    if event.group_id is None:
        return acts_as_curator(user)
    return event.group.can_manage(user)


def management_refusal(request: HttpRequest, *, group: Group | None) -> HttpResponse | None:
    """None when the user may run events of the group (or of the site, for group None)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if group is None:
        return curator_access(request)
    if not group.can_manage(request.user):
        return deny(request, f"Only the moderators of {group.name} can do that.")
    return None


class EventMixin:
    """Sets self.event: visible to the user, else 404."""

    event: Event

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.event = self.read_event(request, kwargs["slug"])
        refusal = self.check_event_permission(request)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def read_event(self, request: HttpRequest, slug: str) -> Event:
        return get_object_or_404(self.event_queryset(request), slug=slug)

    def event_queryset(self, request: HttpRequest):
        return Event.objects.visible_to(request.user).select_related("group")

    def check_event_permission(self, request: HttpRequest) -> HttpResponse | None:
        return None


class EventManagerMixin(EventMixin):
    """Only the people who may manage the event: moderators of its group, or curators."""

    def check_event_permission(self, request: HttpRequest) -> HttpResponse | None:
        return management_refusal(request, group=self.event.group)


class GroupEventsManagerMixin:
    """For /groups/<slug>/events/...: the group must be visible and the user its moderator."""

    group: Group

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.group = get_object_or_404(Group.objects.visible_to(request.user), slug=kwargs["slug"])
        refusal = management_refusal(request, group=self.group)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class SiteEventsManagerMixin:
    group = None

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        refusal = management_refusal(request, group=None)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
