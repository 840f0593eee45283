"""The events app's part of a member's data rights (registered in apps.py).

Erasing frees the member's places at events still to come, through the same service as a
member cancelling, so the waitlist is promoted (and told) exactly as it would be then.
"""

from typing import Any

from django.utils import timezone

from members.models import User

from .models import Event, Registration
from .services import registration_cancel


def events_export(user: User) -> dict[str, Any]:
    return {
        "registrations": [
            {
                "event": registration.event.title,
                "slug": registration.event.slug,
                "starts_at": registration.event.starts_at,
                "status": registration.get_status_display(),
                "registered_at": registration.registered_at,
                "waitlisted_at": registration.waitlisted_at,
                "cancelled_at": registration.cancelled_at,
            }
            for registration in Registration.objects.filter(user=user).select_related("event").order_by("created_at")
        ],
        "has_personal_calendar_address": hasattr(user, "event_calendar"),
        "events_you_created": [
            {"title": event.title, "slug": event.slug, "created_at": event.created_at}
            for event in Event.objects.filter(created_by=user).order_by("created_at")
        ],
    }


def events_erase(user: User) -> None:
    upcoming = Registration.objects.active().filter(user=user, event__ends_at__gt=timezone.now())
    for registration in upcoming.select_related("event").order_by("event__starts_at"):
        registration_cancel(event=registration.event, user=user)
