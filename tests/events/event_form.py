"""What a moderator fills in on the event form, as the page posts it."""

from datetime import timedelta

from django.utils import timezone


def form_data(**overrides) -> dict:
    day = (timezone.now() + timedelta(days=10)).date()
    return {
        "title": "Run charts for beginners",
        "summary": "A gentle start.",
        "description": "Bring a laptop.",
        "kind": "workshop",
        "format": "online",
        "timezone": "Europe/London",
        "starts_at": f"{day}T10:00",
        "ends_at": f"{day}T11:30",
        "registration_closes_at": "",
        "capacity": "20",
        "venue": "",
        "address": "",
        "joining_url": "https://meet.example.org/run-charts",
        **overrides,
    }
