"""One size of data, measured: the site served by gunicorn and loaded by wrk, with its floors.

Runs inside Django (bench.settings) against the database in DATABASE_URL; `python -m bench run`
calls it once per size and combines the results.
"""

import os
import statistics
import sys
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from casestudies.library.search import LIBRARY_VERSION_CACHE_KEY
from core import page_cache
from core.cache_versions import bump_version

from . import first_visits, load, scenarios, sqlfloor
from .config import RunConfig, Sizes
from .generate import models_present
from .pages import Page, address, pages
from .server import Server, rss_mib

WARM_SECONDS = 2
FRESH_RUNS = 5


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def made_afresh(page: Page) -> tuple[int, int, float]:
    """(status, queries, median ms in-process) of the page's first address made afresh, as for a
    signed-in member or a visitor whose page has just been retired: no page cache, other caches warm."""
    client = Client()
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(page.paths[0], HTTP_HOST="127.0.0.1")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.paths[0], HTTP_HOST="127.0.0.1")
        # Read now: the next request starts by clearing the connection's log of queries.
        queries = len(captured)
        timings = []
        for _ in range(FRESH_RUNS):
            started = time.perf_counter()
            client.get(page.paths[0], HTTP_HOST="127.0.0.1")
            timings.append((time.perf_counter() - started) * 1000)
    return response.status_code, queries, round(statistics.median(timings), 1)


def _first_visits_after_a_change(chosen: list[Page], rows: list[dict]) -> None:
    """What the first visitor and the first member wait for after a change that retires the page:
    in-process, one request at a time, as the live mix times them (bench/first_visits.py)."""
    from members.models import User

    member = User.objects.filter(is_active=True, is_staff=False).order_by("id").first()
    if member is None:
        return
    session = (settings.SESSION_COOKIE_NAME, scenarios.signed_in_session(member))
    for page, row in zip(chosen, rows, strict=True):
        if row["status"] == 200:
            row["first_visit"] = first_visits.first_visit(page.paths[0], session)


def forget_cached_answers() -> None:
    """Each load starts with no kept pages and no cached answers about the library, as after a
    change to it. Not by flushing Redis: it also holds the Celery queue, with the rush's emails."""
    bump_version(page_cache.VERSION_KEY)
    bump_version(LIBRARY_VERSION_CACHE_KEY)


def load_pages(
    chosen: list[Page], rows: list[dict], config: RunConfig, *, page_cache: bool
) -> tuple[dict, dict | None]:
    """Loads each page with wrk on a fresh server, then (with the page cache on, as in production)
    runs the registration rush on it; returns the memory of its workers and the rush. With the
    page cache off, the figures go under each row's "fresh" key."""
    env = dict(os.environ)
    if not page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    forget_cached_answers()
    server = Server(port=config.port, workers=config.workers, env=env)
    server.start()
    try:
        for page, row in zip(chosen, rows, strict=True):
            if row["status"] != 200:
                log(f"{page.name}: HTTP {row['status']}, not loaded")
                continue
            label = "as served" if page_cache else "made afresh"
            log(f"{page.name} ({label}): {config.runs} x {config.duration}s at {config.connections} connections")
            # Each page is measured once each of its addresses has been asked for: those first
            # visits (the first search of a text since the library changed, say) are reported apart.
            first = load.visit_each_once(server.base_url, page.paths, connections=config.connections)
            row["first_visits" if page_cache else "fresh_first_visits"] = first
            load.one_run(server.base_url, page.paths, duration=WARM_SECONDS, connections=config.connections)
            figures = load.measure(
                server.base_url, page.paths, runs=config.runs, duration=config.duration,
                connections=config.connections,
            )  # fmt: skip
            if page_cache:
                row.update(figures)
            else:
                row["fresh"] = figures
            row["target"] = page.target
        rush = None
        if page_cache and models_present("events.Registration") and address("events:register", slug="x"):
            log(f"registration rush: {scenarios.RUSH} members, {scenarios.PLACES} places")
            rush = scenarios.registration_rush(config.port)
        workers = [rss_mib(pid) for pid in server.worker_pids()]
        workers = [value for value in workers if value is not None]
        memory = {
            "web_worker_rss_mib_median": statistics.median(workers) if workers else None,
            "web_worker_rss_mib_max": max(workers) if workers else None,
            "web_workers": len(workers),
        }
        return memory, rush
    finally:
        server.stop()


def measure(sizes: Sizes, *, suite: str) -> dict:
    config = RunConfig.from_environment()
    cache.clear()
    chosen = [page for page in pages() if suite == "full" or page.growth]
    result: dict = {"sizes": sizes.as_dict(), "database": settings.DATABASES["default"]["NAME"], "pages": []}
    for page in chosen:
        status, queries, fresh_ms = made_afresh(page)
        result["pages"].append(
            {
                "name": page.name,
                "path": page.paths[0],
                "status": status,
                "queries": queries,
                "fresh_in_process_ms": fresh_ms,
            }
        )
    _first_visits_after_a_change(chosen, result["pages"])
    for page in chosen:
        if page.search:
            log(f"search SQL: {page.name}")
            floor = sqlfloor.search_floor(page.paths[0], page.search)
            result.setdefault("search_sql", []).append({"name": page.name, **floor})
    connection.close()

    # The full suite loads the pages as a visitor gets them (page cache on, as in production) and
    # made afresh; the growth suite only made afresh, as a kept page costs the same at any size.
    if suite == "full":
        result["memory"], rush = load_pages(chosen, result["pages"], config, page_cache=True)
        if rush is not None:
            result["registration"] = rush
    memory, _ = load_pages(chosen, result["pages"], config, page_cache=False)
    result.setdefault("memory", memory)
    _mail_through_the_worker(result, config, suite)
    _share_of_floor(result["pages"])

    result["finished_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    return result


def _mail_through_the_worker(result: dict, config: RunConfig, suite: str) -> None:
    """The rush's emails and the digest rounds, sent through a Celery worker to a local SMTP sink."""
    rush = result.get("registration", {})
    digests = suite == "full" and models_present("digests.DigestPreference")
    if not (rush.get("event_path") or digests):
        return
    sink = scenarios.start_sink(config.smtp_port)
    try:
        with scenarios.Worker() as worker:
            if rush.get("event_path"):
                log("the rush's emails: through the Celery worker and through plain smtplib")
                result["email"] = scenarios.rush_emails(rush["event_path"], config.smtp_port)
            if digests:
                log(f"{config.runs} rounds of digests for every member, through the Celery worker")
                result["digests"] = scenarios.digest_rounds(config.smtp_port, rounds=config.runs)
            memory = worker.memory()
    finally:
        sink.terminate()
        sink.wait(timeout=30)
    pool = [value for value in memory["pool"] if value]
    result["memory"]["celery_worker_rss_mib"] = max(pool) if pool else None
    result["memory"]["celery_main_rss_mib"] = memory["main"]


def _share_of_floor(rows: list[dict]) -> None:
    """Each page's requests/s as a share of the framework floor's, and whether it meets its target."""
    floor = next((row for row in rows if row["name"] == "framework floor"), None)
    for row in rows:
        if floor and "rps" in row and floor.get("rps"):
            row["share_of_floor"] = round(row["rps"] / floor["rps"], 3)
            target = row.get("target")
            row["meets_target"] = None if target is None else row["share_of_floor"] >= target
        if floor and "fresh" in row and floor.get("fresh", {}).get("rps"):
            row["fresh"]["share_of_floor"] = round(row["fresh"]["rps"] / floor["fresh"]["rps"], 3)
