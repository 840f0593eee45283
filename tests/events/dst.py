"""Dates of the daylight saving changes in the UK, for tests of times around them."""

import zoneinfo
from datetime import date, datetime, timedelta

from django.utils import timezone

LONDON = zoneinfo.ZoneInfo("Europe/London")


def last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def next_change_day(month: int) -> date:
    """The next last Sunday of March (clocks forward) or October (clocks back)."""
    year = timezone.now().year
    while last_sunday(year, month) <= timezone.localdate() + timedelta(days=1):
        year += 1
    return last_sunday(year, month)


def london_nine_am(month: int) -> datetime:
    return datetime.combine(next_change_day(month), datetime.min.time(), LONDON).replace(hour=9)
