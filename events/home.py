"""The events section of the home page."""

from django.http import HttpRequest

from core.sections import Section

from .models import Event
from .times import zone_of

HOME_EVENT_COUNT = 4


def upcoming_section(request: HttpRequest) -> Section | None:
    events = Event.objects.visible_to(request.user).scheduled().select_related("group").next_few(HOME_EVENT_COUNT)
    if not events:
        return None
    return Section("events/home_section.html", {"events": events, "zone": zone_of(request.user)})
