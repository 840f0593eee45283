"""Demo events for `manage.py seed_demo` (idempotent: by slug). They belong to the demo groups,
made here too, by slug, when the groups' own demo content is not there."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from groups.models import Group, Membership, Visibility
from members.demo import demo_user

from .models import Event, Format, Kind, Registration

GROUPS = {
    "quality-management-in-health-care": ("Quality management in health care", Visibility.OPEN),
    "coaching-for-improvement": ("Coaching for improvement", Visibility.BY_REQUEST),
}

EVENTS = [
    {
        "slug": "demo-measures-for-the-board",
        "group": "quality-management-in-health-care",
        "title": "A family of measures for the board",
        "summary": "How three trusts cut their board report to a dozen measures on SPC charts.",
        "description": "A one-hour webinar with time for **your questions**.",
        "kind": Kind.WEBINAR,
        "format": Format.ONLINE,
        "days": 9,
        "hour": 12,
        "capacity": 100,
        "joining_url": "https://meet.example.org/demo-measures",
    },
    {
        "slug": "demo-coaching-peer-meetup",
        "group": "coaching-for-improvement",
        "title": "Improvement coaches' peer meetup",
        "summary": "Bring a coaching dilemma and leave with ideas from other coaches.",
        "description": "Tea and biscuits provided. The room has step-free access.",
        "kind": Kind.MEETUP,
        "format": Format.IN_PERSON,
        "days": 16,
        "hour": 14,
        "capacity": 2,
        "venue": "Riverside Community Health, Room 3",
        "address": "12 River Lane\nLeeds LS1 4AB",
    },
    {
        "slug": "demo-improvement-exchange-live",
        "group": None,
        "title": "Improvement Exchange live: what we learned this year",
        "summary": "The curators look back at the year's case studies, with their authors.",
        "kind": Kind.CONFERENCE,
        "format": Format.HYBRID,
        "days": 30,
        "hour": 10,
        "capacity": None,
        "venue": "Northfield Education Centre",
        "address": "Northfield Road\nManchester M1 2AB",
        "joining_url": "https://meet.example.org/demo-live",
    },
]


def _group(slug: str) -> Group:
    name, visibility = GROUPS[slug]
    group, created = Group.objects.get_or_create(
        slug=slug, defaults={"name": name, "summary": name, "visibility": visibility}
    )
    if created:
        Membership.objects.get_or_create(
            group=group,
            user=demo_user("moderator@example.org"),
            defaults={"role": Membership.Role.MODERATOR, "joined_at": timezone.now()},
        )
    return group


def seed() -> list[str]:
    curator = demo_user("curator@example.org")
    member = demo_user("member@example.org")
    today = timezone.localdate()
    for spec in EVENTS:
        spec = dict(spec)
        group_slug = spec.pop("group")
        group = _group(group_slug) if group_slug else None
        day = today + timedelta(days=spec.pop("days"))
        starts = datetime.combine(day, time(spec.pop("hour")), timezone.get_default_timezone())
        event, created = Event.objects.get_or_create(
            slug=spec.pop("slug"),
            defaults={
                **spec,
                "group": group,
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "created_by": curator,
            },
        )
        if created and event.capacity != 2:
            Registration.objects.get_or_create(
                event=event,
                user=member,
                defaults={"status": Registration.Status.REGISTERED, "registered_at": timezone.now()},
            )
    return [f"Events: {len(EVENTS)} upcoming events, {member.email} is registered for two of them"]
