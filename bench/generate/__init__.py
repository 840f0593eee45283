"""Generates the benchmark's data, app by app, into the (empty, migrated) database in DATABASE_URL.

Each app that has something worth measuring contributes a step: a function that takes the sizes,
a seeded random source and the shared `Generated` record of what earlier steps made (member ids,
case study ids, ...), writes its rows with `bulk.Table` and returns what it counted. A step whose
models are not in the project yet is skipped, so the generator grows with the portal: to add an
app, write `bench/generate/<app>.py` with a `step` and list it in STEPS below.
"""

import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connections, transaction

from bench.config import Sizes

SEED = 20261127
PARALLEL_JOBS = 2


@dataclass
class Generated:
    """Ids that later steps refer to, and the counts every step reports."""

    member_ids: list[int] = field(default_factory=list)
    case_study_ids: list[int] = field(default_factory=list)
    group_ids: list[int] = field(default_factory=list)
    topic_ids: list[int] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # Slow, independent jobs (such as computing search vectors) run after the rows are committed,
    # in parallel, one database connection each.
    later: list[Callable[[], None]] = field(default_factory=list)


def models_present(*labels: str) -> bool:
    """True when every `app_label.Model` exists, i.e. that part of the portal has landed."""
    try:
        for label in labels:
            apps.get_model(label)
    except LookupError:
        return False
    return True


Step = Callable[[Sizes, random.Random, Generated], None]


def steps() -> list[tuple[str, Step]]:
    from . import members

    found: list[tuple[str, Step]] = [("members", members.step)]
    for name, requires in [
        ("casestudies", ("casestudies.CaseStudy",)),
        ("groups", ("groups.Group", "groups.Membership")),
        ("events", ("events.Event", "events.Registration")),
        ("digests", ("digests.DigestPreference",)),
    ]:
        if models_present(*requires):
            module = __import__(f"bench.generate.{name}", fromlist=["step"])
            found.append((name, module.step))
    return found


def generate(sizes: Sizes, log: Callable[[str], None] = print, *, parallel: bool = True) -> Generated:
    """Runs every step; `parallel=False` runs the later jobs in this connection (for tests)."""
    generated = Generated()
    for name, step in steps():
        started = time.monotonic()
        # Each step has its own random source, so adding a step never changes another's data.
        rng = random.Random(f"{SEED}-{name}")
        with transaction.atomic():
            step(sizes, rng, generated)
        log(f"  {name}: {time.monotonic() - started:.1f}s")
    if generated.later and not parallel:
        for job in generated.later:
            job()
    elif generated.later:
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=PARALLEL_JOBS) as pool:
            for future in [pool.submit(_in_own_connection, job) for job in generated.later]:
                future.result()
        log(f"  later jobs: {time.monotonic() - started:.1f}s")
    return generated


def _in_own_connection(job: Callable[[], None]) -> None:
    try:
        job()
    finally:
        connections.close_all()
