"""When digests are due, in the member's own timezone.

A digest slot is a wall-clock time in the member's timezone: every day at the chosen time, or
each week on the chosen day at that time. Slots are worked out from local dates, so a daylight
saving change moves the UTC instant and never the local time. A local time that does not
exist on the day the clocks go forward (01:30 in London) is read as the instant the clocks
jump past it; one that happens twice when they go back is the first of the two.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from .models import Frequency


@dataclass(frozen=True)
class Rhythm:
    frequency: str
    weekday: int
    send_time: time
    timezone: zoneinfo.ZoneInfo

    @property
    def step(self) -> timedelta:
        return timedelta(days=7 if self.frequency == Frequency.WEEKLY else 1)

    def at(self, day: date) -> datetime:
        return datetime.combine(day, self.send_time, tzinfo=self.timezone).astimezone(UTC)

    def slot_on_or_before(self, now: datetime) -> datetime:
        """The latest slot not after `now`: the digest that is due (or was last due)."""
        day = now.astimezone(self.timezone).date()
        if self.frequency == Frequency.WEEKLY:
            day -= timedelta(days=(day.weekday() - self.weekday) % 7)
        slot = self.at(day)
        if slot > now:
            slot = self.at(day - self.step)
        return slot

    def slot_after(self, moment: datetime) -> datetime:
        """The first slot strictly after `moment`."""
        day = moment.astimezone(self.timezone).date()
        if self.frequency == Frequency.WEEKLY:
            day += timedelta(days=(self.weekday - day.weekday()) % 7)
        slot = self.at(day)
        if slot <= moment:
            slot = self.at(day + self.step)
        return slot

    def period_key(self, slot: datetime) -> str:
        """Names the period a slot opens, for the digest's idempotency key: its local date."""
        return f"{self.frequency}:{slot.astimezone(self.timezone).date().isoformat()}"


def rhythm_of(preference, timezone: zoneinfo.ZoneInfo) -> Rhythm:
    return Rhythm(preference.frequency, preference.weekday, preference.send_time, timezone)
