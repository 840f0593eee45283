"""Generates the benchmark's data, app by app, into the migrated database in DATABASE_URL.

Each app that has something worth measuring contributes a step: a function that takes the sizes,
a seeded random source and the shared `Generated` record of what earlier steps made (member ids,
case study ids, ...) and writes its rows with `bulk.Table`. A step whose models are not in the
project yet is skipped, so the generator grows with the portal: to add an app, write
`bench/generate/<app>.py` with a `step` and list it in `steps()` below.

Each step's fingerprint (the sizes and the source it runs) is stored with the data. A database
whose steps all match is reused as it is; one that lacks only the steps of newly landed apps gets
just those; one where any step changed must be made afresh (`Stale`).
"""

import hashlib
import json
import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import connection, connections, transaction

from bench.config import Sizes

from .indexes import indexes_built_after, library_counts_after

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

    @classmethod
    def load(cls) -> "Generated":
        """What earlier runs generated, read back from the database, for steps added since."""
        with connection.cursor() as cursor:

            def ids(table: str, where: str = "TRUE") -> list[int]:
                if not _table_exists(table):
                    return []
                cursor.execute(f"SELECT id FROM {table} WHERE {where} ORDER BY id")  # noqa: S608 (constants)
                return [row[0] for row in cursor.fetchall()]

            return cls(
                member_ids=ids("members_user"),
                case_study_ids=ids("casestudies_casestudy", "status = 'published'"),
                group_ids=ids("groups_group"),
                topic_ids=ids("casestudies_topic"),
                event_ids=ids("events_event"),
            )


class Stale(Exception):
    """The database holds data from a different generator or size: it must be made afresh."""


def _table_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        return cursor.fetchone()[0]


def fingerprint(sizes: Sizes, name: str) -> str:
    here = Path(__file__).parent
    digest = hashlib.sha256(json.dumps(sizes.as_dict(), sort_keys=True).encode())
    for path in (here / f"{name}.py", here / "bulk.py", here / "text.py"):
        digest.update(path.read_bytes())
    digest.update(str(SEED).encode())
    return digest.hexdigest()


def stored_fingerprints() -> dict[str, str]:
    if not _table_exists("bench_fingerprint"):
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT step, value FROM bench_fingerprint")
        return dict(cursor.fetchall())


def store_fingerprints(values: dict[str, str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_fingerprint (step text PRIMARY KEY, value text NOT NULL)")
        for step, value in values.items():
            cursor.execute(
                "INSERT INTO bench_fingerprint (step, value) VALUES (%s, %s) "
                "ON CONFLICT (step) DO UPDATE SET value = EXCLUDED.value",
                [step, value],
            )


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
        ("series", ("casestudies.MeasurePoint",)),
        ("groups", ("groups.Group", "groups.Membership")),
        ("events", ("events.Event", "events.Registration")),
        ("digests", ("digests.DigestPreference",)),
    ]:
        if models_present(*requires):
            module = __import__(f"bench.generate.{name}", fromlist=["step"])
            found.append((name, module.step))
    return found


def generate(sizes: Sizes, log: Callable[[str], None] = print, *, parallel: bool = True) -> Generated:
    """Runs the steps the database lacks; `parallel=False` runs the later jobs in this connection (for tests).

    Raises Stale when the database holds data that this generator would not make.
    """
    wanted = {name: fingerprint(sizes, name) for name, _step in steps()}
    stored = stored_fingerprints()
    if any(stored.get(name, value) != value for name, value in wanted.items()) or set(stored) - set(wanted):
        raise Stale("the data was made by another generator or for another size")
    if not stored and _table_exists("members_user"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM members_user)")
            if cursor.fetchone()[0]:
                raise Stale("the database has data but no record of making it (an interrupted run?)")
    missing = [(name, step) for name, step in steps() if name not in stored]
    generated = Generated.load() if stored else Generated()
    # A fresh database is written with its indexes set aside, and the search vectors computed before
    # the GIN index is built; one that only gains a step keeps them, so an interrupted run can never
    # leave a reused database without its indexes.
    fresh = not stored
    counting_after = library_counts_after() if missing and models_present("casestudies.LibraryCount") else nullcontext()
    with counting_after, indexes_built_after(gin=True) if fresh else nullcontext():
        with indexes_built_after(gin=False) if fresh else nullcontext():
            for name, step in missing:
                started = time.monotonic()
                # Each step has its own random source, so adding a step never changes another's data.
                rng = random.Random(f"{SEED}-{name}")
                with transaction.atomic():
                    step(sizes, rng, generated)
                log(f"  {name}: {time.monotonic() - started:.1f}s")
            started = time.monotonic()
        if fresh:
            log(f"  indexes: {time.monotonic() - started:.1f}s")
        _run_later_jobs(generated, log, parallel=parallel)
        started = time.monotonic()
    if fresh:
        log(f"  GIN indexes: {time.monotonic() - started:.1f}s")
    # Recorded last, so an interrupted run leaves no record and is made afresh next time.
    store_fingerprints({name: wanted[name] for name, _step in missing})
    generated.counts["steps_run"] = len(missing)
    return generated


def _run_later_jobs(generated: Generated, log: Callable[[str], None], *, parallel: bool) -> None:
    if generated.later and not parallel:
        for job in generated.later:
            job()
    elif generated.later:
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=PARALLEL_JOBS) as pool:
            for future in [pool.submit(_in_own_connection, job) for job in generated.later]:
                future.result()
        log(f"  later jobs: {time.monotonic() - started:.1f}s")


def _in_own_connection(job: Callable[[], None]) -> None:
    try:
        job()
    finally:
        connections.close_all()
