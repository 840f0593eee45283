"""Events over three years (most in the past, a good number to come), each announced a few weeks
or months before it starts, many with a capacity, and registrations: a place for the first comers,
the waitlist for the rest, a few cancelled."""

import random
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from events.models import Event, Format, Kind, Registration

from . import Generated
from .bulk import Table
from .text import Writer, to_html, to_markdown

SITE_EVENT_SHARE = 0.1
UPCOMING_SHARE = 0.35
# Days between an event's announcement and its start.
ANNOUNCED_AHEAD = (14, 120)


def registrations_per_event(rng: random.Random, events: int, total: int, most: int) -> list[int]:
    """A long tail (most events small, a few popular) adding up to exactly `total` where it fits."""
    weights = [rng.paretovariate(1.5) for _ in range(events)]
    scale = total / sum(weights)
    wanted = [min(most, round(weight * scale)) for weight in weights]
    short = min(total, events * most) - sum(wanted)
    index = 0
    while short:
        change = 1 if short > 0 else -1
        if 0 <= wanted[index] + change <= most:
            wanted[index] += change
            short -= change
        index = (index + 1) % events
    return wanted


def step(sizes, rng: random.Random, generated: Generated) -> None:
    writer = Writer(rng)
    now = timezone.now()
    members = generated.member_ids
    events = Table(
        Event,
        ["group", "title", "slug", "summary", "description", "description_html", "kind", "format", "starts_at",
         "ends_at", "venue", "joining_url", "capacity", "created_by", "created_at"],
        batch=5000,
    )  # fmt: skip
    topics = Table(Event.topics.through, ["event", "topic"])
    registrations = Table(Registration, ["event", "user", "status", "registered_at", "waitlisted_at", "cancelled_at"])
    wanted = registrations_per_event(rng, sizes.events, sizes.registrations, len(members))
    for index in range(sizes.events):
        group = None if rng.random() < SITE_EVENT_SHARE or not generated.group_ids else rng.choice(generated.group_ids)
        if rng.random() < UPCOMING_SHARE:
            starts = now + timedelta(hours=rng.randint(2, 365 * 24))
        else:
            starts = now - timedelta(hours=rng.randint(2, 2 * 365 * 24))
        starts = starts.replace(minute=0, second=0, microsecond=0)
        event_format = rng.choice([Format.ONLINE, Format.ONLINE, Format.IN_PERSON, Format.HYBRID])
        title = f"{rng.choice(['Webinar', 'Workshop', 'Meetup', 'Masterclass'])}: {writer.title('PDSA')}"[:200]
        paragraphs = writer.paragraphs(rng.randint(60, 160), [])
        capacity = rng.choice([20, 30, 50, 100, 200]) if rng.random() < 0.6 else None
        announced = starts - timedelta(days=rng.randint(*ANNOUNCED_AHEAD), hours=rng.randint(0, 23))
        if announced > now:
            # Its announcement would still be to come, but the calendar holds it: put in some time this past year.
            announced = now - timedelta(hours=rng.randint(1, 365 * 24))
        event_id = events.add(
            group, title, f"{slugify(title)[:200]}-{index + 1}", writer.sentence()[:240], to_markdown(paragraphs),
            to_html(paragraphs), rng.choice(list(Kind)), event_format, starts,
            starts + timedelta(minutes=rng.choice([60, 90, 120, 240, 480])),
            "" if event_format == Format.ONLINE else "Education Centre, Room 2",
            "" if event_format == Format.IN_PERSON else f"https://meet.example.org/bench-{index}",
            capacity, rng.choice(members), announced,
        )  # fmt: skip
        generated.event_ids.append(event_id)
        for topic in {rng.choice(generated.topic_ids) for _ in range(rng.randint(1, 2))} if generated.topic_ids else ():
            topics.add(event_id, topic)
        for position, user in enumerate(rng.sample(members, wanted[index])):
            moment = min(max(starts - timedelta(hours=rng.randint(3, 24 * 60)), announced), now)
            if rng.random() < 0.05:
                registrations.add(event_id, user, Registration.Status.CANCELLED, moment, None, moment)
            elif capacity is None or position < capacity:
                registrations.add(event_id, user, Registration.Status.REGISTERED, moment, None, None)
            else:
                registrations.add(event_id, user, Registration.Status.WAITLISTED, None, moment, None)
    generated.counts["events"] = events.close()
    topics.close()
    generated.counts["registrations"] = registrations.close()
