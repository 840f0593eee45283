"""What events adds to the groups' pages, through groups.extensions (groups never imports events)."""

from django.db.models import OuterRef
from django.http import HttpRequest

from core.kept_parts import render_part
from core.sections import KeptPartWanted, Section
from groups.models import Group, GroupQuerySet, SubqueryCount

from .models import Event
from .times import DEFAULT_ZONE, zone_of

GROUP_PAGE_EVENT_COUNT = 5


def with_upcoming_event_count(groups: GroupQuerySet) -> GroupQuerySet:
    """Adds upcoming_event_count (scheduled events that have not ended), one subquery per list."""
    upcoming = Event.objects.scheduled().upcoming().filter(group=OuterRef("pk")).order_by().values("pk")
    return groups.annotate(upcoming_event_count=SubqueryCount(upcoming))


EVENTS_PART = "group-events"


def upcoming_events_parts_ahead(request: HttpRequest) -> list[tuple[str, str]]:
    """The list as most readers get it, in the site's timezone, read ahead with the page's versions
    (a reader in another timezone has theirs asked for by the page)."""
    return [(EVENTS_PART, DEFAULT_ZONE.key)]


def upcoming_events_section(request: HttpRequest, group: Group) -> Section:
    zone = zone_of(request.user)

    def listed() -> str:
        events = Event.objects.for_group(group).upcoming().select_related("group")[:GROUP_PAGE_EVENT_COUNT]
        return render_part("events/includes/group_events.html", {"events": events, "zone": zone})

    # The list is the same for everyone who may see the group and reads times in the same
    # timezone (kept, core.kept_parts); the link to add an event is for its managers only.
    return Section(
        "events/group_section.html",
        {"group_slug": group.slug, "can_manage": group.can_manage(request.user)},
        head_template="events/group_calendar_link.html",
        parts={"events_part": KeptPartWanted(EVENTS_PART, listed, vary=zone.key)},
    )
