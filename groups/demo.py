"""Demo groups, members and discussion for `manage.py seed_demo` (idempotent: by slug and title)."""

from django.utils import timezone

from casestudies.library.models import Topic
from members.demo import demo_user

from .models import Group, Membership, Post, Thread, ThreadFollow, Visibility

GROUPS = [
    {
        "slug": "quality-management-in-health-care",
        "name": "Quality management in health care",
        "summary": "Planning, control, assurance and improvement of quality, from ward to board.",
        "description": (
            "A group for people who run **quality management systems** in health and care.\n\n"
            "- Share how you plan and assure quality\n"
            "- Compare measures and dashboards\n"
            "- Learn from each other's improvement programmes"
        ),
        "visibility": Visibility.OPEN,
        "topics": ["Patient safety", "Data and digital", "Improvement capability"],
        "threads": [
            (
                "How do you choose a small set of measures for the board?",
                "We report over 80 measures every month. Has anyone cut this down to a family of measures "
                "that the board actually uses?",
                ["We moved to 12 measures on statistical process control charts. Discussion got *much* better."],
            ),
            (
                "Welcome: introduce yourself",
                "Tell us where you work and what you are improving at the moment.",
                ["Ward manager at Riverside: we are working on discharge before noon."],
            ),
        ],
    },
    {
        "slug": "coaching-for-improvement",
        "name": "Coaching for improvement",
        "summary": "Improvement coaches supporting frontline teams: practice, tools and peer support.",
        "description": "For people who coach teams through **PDSA cycles** and improvement projects.",
        "visibility": Visibility.BY_REQUEST,
        "topics": ["Improvement capability", "Staff wellbeing and engagement"],
        "threads": [
            (
                "Keeping teams going after the first PDSA cycle",
                "Momentum often drops after the first test of change. What helps your teams keep going?",
                ["Short weekly huddles at the board, with the run chart on the wall."],
            ),
        ],
    },
]


def seed() -> list[str]:
    moderator = demo_user("moderator@example.org")
    member = demo_user("member@example.org")
    curator = demo_user("curator@example.org")
    now = timezone.now()
    for spec in GROUPS:
        group, _ = Group.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "summary": spec["summary"],
                "description": spec["description"],
                "visibility": spec["visibility"],
                "created_by": curator,
            },
        )
        group.topics.add(*Topic.objects.filter(name__in=spec["topics"]))
        Membership.objects.get_or_create(
            group=group,
            user=moderator,
            defaults={"role": Membership.Role.MODERATOR, "status": Membership.Status.ACTIVE, "joined_at": now},
        )
        Membership.objects.get_or_create(
            group=group, user=member, defaults={"status": Membership.Status.ACTIVE, "joined_at": now}
        )
        for title, opening, replies in spec["threads"]:
            thread, created = Thread.objects.get_or_create(
                group=group, title=title, defaults={"author": moderator, "last_activity_at": now}
            )
            if created:
                Post.objects.create(thread=thread, author=moderator, body=opening)
                for reply in replies:
                    Post.objects.create(thread=thread, author=member, body=reply)
                ThreadFollow.objects.get_or_create(thread=thread, user=moderator)
    return [f"Groups: {', '.join(spec['name'] for spec in GROUPS)} (moderated by {moderator.email})"]
