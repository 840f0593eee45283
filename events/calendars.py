"""iCalendar (RFC 5545) files of events: one event, a group's events, a member's own events.

Each event keeps one UID for life and a SEQUENCE that grows with every change, so calendar apps
update the entry they already have; a cancelled event stays in the file with STATUS:CANCELLED.
Times carry the event's TZID with a matching VTIMEZONE. The joining link is never written into a
calendar: files get forwarded and feeds get shared, so attendees find it on the event page.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from casestudies.library.markdown import markdown_to_text

from .models import Event

PRODUCT_ID = f"-//{settings.SITE_NAME}//Events//EN"


def _vevent(event: Event, *, made_at: datetime) -> icalendar.Event:
    zone = event.zoneinfo
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    # With METHOD in the file, DTSTAMP is when the file was made (RFC 5545 3.8.7.2); the event's
    # last change is LAST-MODIFIED.
    vevent.add("dtstamp", made_at)
    vevent.add("last-modified", event.updated_at)
    vevent.add("created", event.created_at)
    vevent.add("dtstart", event.starts_at.astimezone(zone))
    vevent.add("dtend", event.ends_at.astimezone(zone))
    vevent.add("summary", event.title)
    url = f"{settings.SITE_URL}{event.get_absolute_url()}"
    # Calendar apps show DESCRIPTION as it is: the Markdown is written as the words it marks up.
    lines = [event.summary, markdown_to_text(event.description), "", f"Details and registration: {url}"]
    if event.is_online:
        lines.append("Registered attendees find the joining link on the event page.")
    if event.is_cancelled and event.cancellation_message:
        lines.insert(0, f"Cancelled: {event.cancellation_message}\n")
    vevent.add("description", "\n".join(line for line in lines if line is not None).strip())
    location = ", ".join(part for part in [event.venue, event.address.replace("\n", ", ")] if part)
    if event.has_venue and location:
        vevent.add("location", location)
    elif event.is_online:
        vevent.add("location", "Online")
    vevent.add("url", url)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    if event.group_id:
        vevent.add("categories", [event.group.name])
    return vevent


def calendar_bytes(events: Iterable[Event], *, name: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    earliest = None
    made_at = timezone.now()
    for event in events:
        calendar.add_component(_vevent(event, made_at=made_at))
        earliest = min(earliest or event.starts_at.date(), event.starts_at.date())
    first = (earliest or date.today()) - timedelta(days=366)
    calendar.add_missing_timezones(first_date=first, last_date=first + timedelta(days=366 * 6))
    return calendar.to_ical()


def calendar_response(events: Iterable[Event], *, name: str, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(calendar_bytes(events, name=name), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response
