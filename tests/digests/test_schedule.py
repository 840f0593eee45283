"""Digests are due at the member's chosen local time, around midnight and through clock changes."""

import itertools
import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest

from digests.models import Frequency, Weekday
from digests.schedule import Rhythm

LONDON = zoneinfo.ZoneInfo("Europe/London")
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def daily(at: time, zone=LONDON) -> Rhythm:
    return Rhythm(Frequency.DAILY, Weekday.MONDAY, at, zone)


def weekly(day: int, at: time, zone=LONDON) -> Rhythm:
    return Rhythm(Frequency.WEEKLY, day, at, zone)


def test_a_daily_digest_is_due_at_the_local_time_and_not_a_minute_before():
    rhythm = daily(time(8, 0))

    assert rhythm.slot_on_or_before(utc(2026, 11, 27, 7, 59)) == utc(2026, 11, 26, 8, 0)
    assert rhythm.slot_on_or_before(utc(2026, 11, 27, 8, 0)) == utc(2026, 11, 27, 8, 0)
    assert rhythm.slot_after(utc(2026, 11, 27, 8, 0)) == utc(2026, 11, 28, 8, 0)


def test_summer_time_moves_the_utc_instant_but_not_the_local_time():
    rhythm = daily(time(8, 0))

    assert rhythm.slot_after(utc(2026, 7, 1, 0, 0)) == utc(2026, 7, 1, 7, 0)


def test_a_member_whose_local_day_has_already_turned_gets_that_days_digest():
    # 18:30 UTC on the 27th is 07:30 on the 28th in Auckland (UTC+13 in summer).
    rhythm = daily(time(7, 0), AUCKLAND)
    now = utc(2026, 11, 27, 18, 30)

    slot = rhythm.slot_on_or_before(now)

    assert slot == utc(2026, 11, 27, 18, 0)
    assert rhythm.period_key(slot) == "daily:2026-11-28"


def test_a_midnight_digest_is_due_once_the_local_date_changes():
    rhythm = daily(time(0, 0), NEW_YORK)

    # 04:59 UTC is 23:59 in New York (UTC-5): still the 26th there.
    assert rhythm.slot_on_or_before(utc(2026, 11, 27, 4, 59)) == utc(2026, 11, 26, 5, 0)
    assert rhythm.slot_on_or_before(utc(2026, 11, 27, 5, 0)) == utc(2026, 11, 27, 5, 0)


def test_a_weekly_digest_comes_on_the_chosen_local_day_even_when_utc_is_on_another():
    # Monday 00:30 in New York is Monday 05:30 UTC; Monday 07:00 in Auckland is Sunday 18:00 UTC.
    assert weekly(Weekday.MONDAY, time(0, 30), NEW_YORK).slot_after(utc(2026, 11, 27)) == utc(2026, 11, 30, 5, 30)
    assert weekly(Weekday.MONDAY, time(7, 0), AUCKLAND).slot_after(utc(2026, 11, 27)) == utc(2026, 11, 29, 18, 0)


def test_a_weekly_digest_due_today_but_later_is_still_last_weeks():
    rhythm = weekly(Weekday.FRIDAY, time(17, 0))

    assert rhythm.slot_on_or_before(utc(2026, 11, 27, 16, 59)) == utc(2026, 11, 20, 17, 0)
    assert rhythm.slot_on_or_before(utc(2026, 11, 27, 17, 0)) == utc(2026, 11, 27, 17, 0)


def test_the_day_the_clocks_go_forward_is_an_hour_shorter():
    rhythm = daily(time(8, 0))

    saturday = rhythm.slot_after(utc(2027, 3, 27, 0, 0))
    sunday = rhythm.slot_after(saturday)

    assert (saturday, sunday) == (utc(2027, 3, 27, 8, 0), utc(2027, 3, 28, 7, 0))
    assert sunday - saturday == timedelta(hours=23)


def test_the_day_the_clocks_go_back_is_an_hour_longer():
    rhythm = daily(time(8, 0))

    saturday = rhythm.slot_after(utc(2026, 10, 24, 0, 0))
    sunday = rhythm.slot_after(saturday)

    assert sunday - saturday == timedelta(hours=25)


def test_a_time_that_does_not_exist_on_the_spring_day_still_gives_one_digest():
    # 01:30 does not exist in London on 28 March 2027: clocks jump from 01:00 to 02:00.
    rhythm = daily(time(1, 30))

    saturday = rhythm.slot_after(utc(2027, 3, 27, 0, 0))
    sunday = rhythm.slot_after(saturday)
    monday = rhythm.slot_after(sunday)

    assert saturday == utc(2027, 3, 27, 1, 30)
    assert sunday == utc(2027, 3, 28, 1, 30), "read with the offset before the change: 02:30 summer time"
    assert monday == utc(2027, 3, 29, 0, 30)
    assert [rhythm.period_key(slot) for slot in (saturday, sunday, monday)] == [
        "daily:2027-03-27",
        "daily:2027-03-28",
        "daily:2027-03-29",
    ]


def test_a_time_that_happens_twice_on_the_autumn_day_gives_one_digest_at_the_first():
    # 01:30 happens twice in London on 25 October 2026: at 00:30 UTC and again at 01:30 UTC.
    rhythm = daily(time(1, 30))

    first = rhythm.slot_after(utc(2026, 10, 24, 23, 0))
    following = rhythm.slot_after(first)

    assert first == utc(2026, 10, 25, 0, 30)
    assert following == utc(2026, 10, 26, 1, 30), "the second 01:30 is not another digest"


@pytest.mark.parametrize("zone", [LONDON, AUCKLAND, NEW_YORK, zoneinfo.ZoneInfo("Australia/Lord_Howe")])
@pytest.mark.parametrize("at", [time(0, 0), time(1, 30), time(2, 30), time(23, 30)])
def test_over_a_year_every_local_day_gets_exactly_one_daily_digest(zone, at):
    rhythm = daily(at, zone)
    slot = rhythm.slot_after(utc(2026, 1, 1))
    days = []
    while slot < utc(2027, 1, 1):
        days.append(slot.astimezone(zone).date())
        assert rhythm.slot_on_or_before(slot) == slot
        assert rhythm.slot_on_or_before(slot - timedelta(seconds=1)) < slot
        slot = rhythm.slot_after(slot)
    assert all(later - earlier == timedelta(days=1) for earlier, later in itertools.pairwise(days))
    assert len(days) >= 364, "a whole year, give or take the first and last local day"
