import zoneinfo
from datetime import UTC, timedelta

import icalendar
import pytest
from django.urls import reverse

from events import services
from events.models import Event
from tests.events.dst import london_nine_am
from tests.events.factories import EventFactory, RegistrationFactory
from tests.groups.factories import GroupFactory, member_of
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return list(calendar.walk("VEVENT"))


@pytest.mark.parametrize(("month", "utc_hour"), [(3, 8), (10, 9)])
def test_event_file_has_the_time_with_its_timezone_on_both_sides_of_a_clock_change(client, month, utc_hour):
    starts = london_nine_am(month)
    event = EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=1), timezone="Europe/London")

    calendar = parse(client.get(reverse("events:calendar", args=[event.slug])))

    [vevent] = vevents(calendar)
    start = vevent.decoded("dtstart")
    assert (start.hour, start.tzinfo.key if hasattr(start.tzinfo, "key") else str(start.tzinfo)) == (
        9,
        "Europe/London",
    )
    assert start.astimezone(UTC).hour == utc_hour
    assert vevent["dtstart"].params["TZID"] == "Europe/London"
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/London"
    assert str(vevent["uid"]) == event.uid
    assert vevent.decoded("sequence") == 0
    assert str(vevent["status"]) == "CONFIRMED"


def test_uid_stays_and_sequence_grows_with_each_change_and_cancellation_is_marked(client):
    event = EventFactory()
    event = Event.objects.get(pk=event.pk)
    event.title = "Renamed"
    services.event_update(event=event)
    services.event_cancel(event=event, message="Sorry: the room flooded.")

    [vevent] = vevents(parse(client.get(reverse("events:calendar", args=[event.slug]))))

    assert str(vevent["uid"]) == event.uid
    assert vevent.decoded("sequence") == 2
    assert str(vevent["status"]) == "CANCELLED"
    assert "the room flooded" in str(vevent["description"])


def test_text_with_commas_semicolons_and_long_lines_survives_the_round_trip(client):
    title = "Flow, safety; and " + "a very long title " * 8
    event = EventFactory(title=title.strip())

    content = client.get(reverse("events:calendar", args=[event.slug])).content
    [vevent] = vevents(icalendar.Calendar.from_ical(content))

    assert str(vevent["summary"]) == title.strip()
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))


def test_group_calendar_has_the_groups_events_and_is_hidden_for_private_groups(client):
    event = EventFactory()
    EventFactory()  # another group's
    private = EventFactory(group=GroupFactory(private=True))

    [vevent] = vevents(parse(client.get(reverse("events:group_calendar", args=[event.group.slug]))))
    assert str(vevent["uid"]) == event.uid
    assert client.get(reverse("events:group_calendar", args=[private.group.slug])).status_code == 404
    client.force_login(member_of(private.group))
    assert len(vevents(parse(client.get(reverse("events:group_calendar", args=[private.group.slug]))))) == 1


def test_personal_feed_lists_the_members_registered_events_and_its_address_can_be_reset(client):
    user = UserFactory()
    mine = RegistrationFactory(user=user).event
    RegistrationFactory(user=user, waitlisted=True)
    EventFactory()
    feed = services.calendar_feed_for(user=user)
    old_url = feed.get_absolute_url()

    assert [str(v["uid"]) for v in vevents(parse(client.get(old_url)))] == [mine.uid]

    client.force_login(user)
    client.post(reverse("events:calendar_reset"))
    feed.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert len(vevents(parse(client.get(feed.get_absolute_url())))) == 1


def test_an_unknown_feed_address_is_not_found(client):
    assert client.get(reverse("events:personal_calendar", args=["nope"])).status_code == 404


def test_calendar_times_of_an_event_elsewhere_keep_its_own_timezone(client):
    zone = zoneinfo.ZoneInfo("America/New_York")
    starts = london_nine_am(3).astimezone(zone)
    event = EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=1), timezone="America/New_York")

    [vevent] = vevents(parse(client.get(reverse("events:calendar", args=[event.slug]))))

    assert vevent["dtstart"].params["TZID"] == "America/New_York"
    assert vevent.decoded("dtstart") == starts
