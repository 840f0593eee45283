"""Event times in words, in the event's own timezone and in the reader's.

A reader elsewhere sees both, so that nobody misses an event because of a timezone or a daylight
saving change; the wording names the zone and its abbreviation at that date (GMT or BST).
"""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

DEFAULT_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def zone_of(user) -> zoneinfo.ZoneInfo:
    """The reader's timezone: their own setting when signed in, else the site's."""
    if user is not None and getattr(user, "is_authenticated", False):
        return user.zoneinfo
    return DEFAULT_ZONE


def describe(starts_at: datetime, ends_at: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """'Sunday 29 March 2026, 09:00 to 10:00 BST (Europe/London)'."""
    start = starts_at.astimezone(zone)
    end = ends_at.astimezone(zone)
    day = f"{start:%A} {start.day} {start:%B %Y}"
    if start.date() == end.date():
        span = f"{day}, {start:%H:%M} to {end:%H:%M}"
    else:
        span = f"{day}, {start:%H:%M} to {end:%A} {end.day} {end:%B %Y}, {end:%H:%M}"
    return f"{span} {start.tzname()} ({zone.key})"


def moment(when: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """'Saturday 28 March 2026, 17:00 GMT'."""
    local = when.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M} {local.tzname()}"


@dataclass(frozen=True)
class EventTimes:
    own: str
    yours: str | None

    @property
    def differ(self) -> bool:
        return self.yours is not None


def event_times(event, reader_zone: zoneinfo.ZoneInfo) -> EventTimes:
    """The event's own times, and the reader's when their clock reads differently at that moment."""
    own_zone = event.zoneinfo
    own = describe(event.starts_at, event.ends_at, own_zone)
    same_clock = (
        event.starts_at.astimezone(own_zone).utcoffset() == event.starts_at.astimezone(reader_zone).utcoffset()
        and event.ends_at.astimezone(own_zone).utcoffset() == event.ends_at.astimezone(reader_zone).utcoffset()
    )
    if reader_zone.key == own_zone.key or same_clock:
        return EventTimes(own=own, yours=None)
    return EventTimes(own=own, yours=describe(event.starts_at, event.ends_at, reader_zone))
