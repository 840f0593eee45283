"""Groups with members and moderators, some by request or private, and their discussions."""

import random
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from groups.models import Group, Membership, Post, Thread, Visibility

from . import Generated
from .bulk import Table
from .text import Writer, to_html, to_markdown

THEMES = [
    "Patient flow", "Frailty", "Lean in healthcare", "Measurement for improvement", "Digital tools",
    "Co-design with patients", "Workforce wellbeing", "Primary care improvement", "Mental health",
    "Medicines safety", "Care homes", "Quality improvement coaches", "Maternity", "Sepsis",
]  # fmt: skip
POSTS_PER_THREAD = 8


def step(sizes, rng: random.Random, generated: Generated) -> None:
    writer = Writer(rng)
    now = timezone.now()
    members = generated.member_ids
    groups = Table(Group, ["name", "slug", "summary", "description", "description_html", "visibility", "created_by"])
    memberships = Table(Membership, ["group", "user", "role", "status", "requested_at", "joined_at"])
    group_members: list[list[int]] = []
    for index in range(sizes.groups):
        name = f"{THEMES[index % len(THEMES)]} network {index + 1}"
        paragraphs = writer.paragraphs(rng.randint(40, 120), [])
        visibility = rng.choices([Visibility.OPEN, Visibility.BY_REQUEST, Visibility.PRIVATE], weights=[7, 2, 1])[0]
        moderator = rng.choice(members)
        group_id = groups.add(
            name, slugify(name), writer.sentence()[:240], to_markdown(paragraphs), to_html(paragraphs),
            visibility, moderator,
        )  # fmt: skip
        generated.group_ids.append(group_id)
        # A few big groups and many small ones.
        size = min(len(members), max(3, int(rng.paretovariate(1.2) * 12)))
        chosen = [moderator, *(member for member in rng.sample(members, size) if member != moderator)]
        active = []
        for position, user_id in enumerate(chosen):
            joined = now - timedelta(days=rng.randint(1, 900))
            pending = position > 0 and visibility == Visibility.BY_REQUEST and rng.random() < 0.1
            role = Membership.Role.MODERATOR if position == 0 or (position < 3 and rng.random() < 0.3) else "member"
            if pending:
                memberships.add(group_id, user_id, Membership.Role.MEMBER, Membership.Status.PENDING, joined, None)
            else:
                memberships.add(group_id, user_id, role, Membership.Status.ACTIVE, joined, joined)
                active.append(user_id)
        group_members.append(active)
    generated.counts["groups"] = groups.close()
    generated.counts["memberships"] = memberships.close()

    threads = Table(Thread, ["group", "title", "author", "created_at", "last_activity_at", "is_locked", "is_pinned"])
    posts = Table(Post, ["thread", "author", "body", "body_html", "created_at"])
    group_weights = [len(active) for active in group_members]
    written = 0
    while written < sizes.posts:
        group_index = rng.choices(range(len(group_members)), weights=group_weights)[0]
        people = group_members[group_index]
        started = now - timedelta(minutes=rng.randint(10, 700 * 24 * 60))
        replies = min(sizes.posts - written, rng.randint(1, 2 * POSTS_PER_THREAD - 1))
        times = sorted(started + timedelta(minutes=rng.randint(0, 20_000)) for _ in range(replies))
        thread_id = threads.add(
            generated.group_ids[group_index], writer.sentence()[:200].rstrip("."), people[0], started, times[-1],
            False, rng.random() < 0.02,
        )  # fmt: skip
        for moment in times:
            paragraphs = writer.paragraphs(rng.randint(20, 120), [])
            posts.add(thread_id, rng.choice(people), to_markdown(paragraphs), to_html(paragraphs), moment)
        written += replies
    generated.counts["threads"] = threads.close()
    generated.counts["posts"] = posts.close()
