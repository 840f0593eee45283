"""Digest settings for every member, with realistic follows, all due now, so that a benchmark
run can compose and send a full round of digests."""

import random
from datetime import time, timedelta

from django.utils import timezone

from digests.models import DigestPreference, Frequency
from members.models import Follow, FollowKind

from . import Generated
from .bulk import Table


def step(sizes, rng: random.Random, generated: Generated) -> None:
    now = timezone.now()
    preferences = Table(
        DigestPreference,
        ["user", "frequency", "weekday", "send_time", "chosen_at", "covered_until", "next_due_at"],
    )
    follows = Table(Follow, ["user", "kind", "object_id", "created_at"])
    for user_id in generated.member_ids:
        frequency = rng.choices([Frequency.WEEKLY, Frequency.DAILY, Frequency.OFF], weights=[7, 2, 1])[0]
        due = None if frequency == Frequency.OFF else now - timedelta(minutes=rng.randint(1, 60))
        preferences.add(
            user_id, frequency, rng.randint(0, 6), time(rng.randint(6, 20), rng.choice([0, 30])), now,
            now - timedelta(days=7), due,
        )  # fmt: skip
        if generated.topic_ids:
            for topic_id in rng.sample(generated.topic_ids, min(len(generated.topic_ids), rng.randint(0, 4))):
                follows.add(user_id, FollowKind.TOPIC, topic_id, now)
    generated.counts["digest_preferences"] = preferences.close()
    generated.counts["followed_topics"] = follows.close()
