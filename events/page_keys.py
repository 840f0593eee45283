"""Which kept pages each event's rows are shown on (core.page_cache), and so retires.

Dependencies: EVENTS for the pages that list events (the events list and the home page); event(slug)
for an event's own page. An event is also shown on its group's page, and counted on the groups
list. A registration changes the places taken that the event's page, the lists and its group's
page show, so it retires those (and nothing of the library or of other events).
"""

from collections.abc import Iterable

from core.page_cache import watch
from groups.page_keys import GROUPS, group_of

from .models import Event, Registration

EVENTS = "events"


def event(slug: str) -> str:
    return f"event:{slug}"


def _event_changed(row: Event) -> Iterable[str]:
    return (EVENTS, event(row.slug), GROUPS, *group_of(row.group_id))


def _registration_changed(row: Registration) -> Iterable[str]:
    shown = Event.objects.filter(pk=row.event_id).values_list("slug", "group_id")
    return [dependency for slug, group_id in shown for dependency in (EVENTS, event(slug), *group_of(group_id))]


RULES = {Event: _event_changed, Registration: _registration_changed}


def connect() -> None:
    watch(RULES)
