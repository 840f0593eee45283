"""The scale-out plan's figures (docs/deployment.md), worked out from a full-size run."""

import math

from .text import as_number, as_share

DIGESTS_PER_HOUR = 1_000_000


def scale_out(result: dict) -> str:
    """The scale-out plan's figures, worked out from a full-size run."""
    main = result["main"]
    cores = result["machine"]["cores"]
    workers = result["settings"]["gunicorn_workers"]
    rows = {row["name"]: row for row in main["pages"] if "rps" in row}
    lines = [
        f"From the run of {result['started_at']} ({main['sizes']['case_studies']:,} case studies; {cores} cores "
        f"shared by gunicorn, wrk, PostgreSQL and Redis, so per-core figures are a floor, not a ceiling):",
        "",
        f"- **Web**: {workers // cores} sync gunicorn workers per core kept both cores busy. Requests/s per core "
        "for visitors who are not signed in (public pages from the page cache): "
        + ", ".join(f"{name} {as_number(row['rps'] / cores)}" for name, row in rows.items())
        + ". Made afresh (signed-in members, and the first visitor after a change): "
        + ", ".join(
            f"{name} {as_number(row['fresh']['rps'] / cores)}" for name, row in rows.items() if row.get("fresh")
        )
        + ". Web processes share nothing, so capacity grows with cores behind the load balancer until the "
        "database is the limit; size by the page mix and the share of signed-in traffic. The page cache "
        "lives in the shared Redis, so every web machine serves what any one of them made.",
    ]
    common = next((row for row in main.get("search_sql", []) if "common" in row["name"]), None)
    common_page = rows.get("search, common term")
    if common and common_page:
        lines.append(
            "- **Read replica**: the first search for a term in a third of the library spends "
            f"{as_number(common['first_all_sql_ms'])} ms in SQL (median, one at a time; "
            f"{as_number(common['view_all_sql_ms'])} ms when searched again, from its kept ranking), and made "
            f"afresh under load its p50 is {as_number(common_page.get('fresh', {}).get('p50_ms'))} ms; with "
            "`DATABASE_REPLICA_URL` set all of that SQL, and the list pages' counts and cards, run on the replica, "
            "leaving the primary the writes, sign-ins, sessions and detail pages. Add replicas (behind one "
            "address, e.g. a pooler) when the replica's CPU is the limit."
        )
    lines.extend(_celery_line(main.get("digests")))
    email = main.get("email")
    if email and email.get("share_of_floor"):
        lines.append(
            f"- **Email**: the worker sends at {as_share(email['share_of_floor'])} of what plain smtplib manages over "
            "one connection; each of those emails is written on its own (a registration), so it is its own task "
            "with its own SMTP connection. Digests, written together, go 50 a task over one connection."
        )
    memory = main.get("memory", {})
    if memory.get("web_worker_rss_mib_median"):
        lines.append(
            f"- **Memory**: a web worker holds {as_number(memory['web_worker_rss_mib_median'])} MiB and a Celery "
            f"worker process {as_number(memory.get('celery_worker_rss_mib'))} MiB, so memory is not the limit: "
            "a 2-core, 4 GiB machine runs 4 web workers, or a 4-process worker, with room to spare."
        )
    lines.append(
        "- **Next bottleneck**: PostgreSQL CPU on the first search of each text after the library changes "
        "(a broad one reads a fixed sample and its newest matches, the same at any size; a phrase of common "
        "words, and a search just under the estimated ones, still read every case study they might match: "
        "see the search SQL table) and, for email, template rendering in the workers. The replica takes the "
        "first; more worker processes the second."
    )
    return "\n".join(lines) + "\n"


def _celery_line(digests: dict | None) -> list[str]:
    """The Celery paragraph: how many worker processes a million weekly digests within an hour need."""
    if not (digests and digests.get("per_second")):
        return []
    processes = digests.get("worker_processes", 2)
    per_process = digests["per_second"] / processes
    needed = math.ceil(DIGESTS_PER_HOUR / 3600 / per_process)
    machines = math.ceil(needed / processes)
    running = (
        f"{machines} two-core worker machine running {processes}"
        if machines == 1
        else f"{machines} two-core worker machines running {processes} each"
    )
    return [
        f"- **Celery**: a round of digests ran at {digests['per_second']}/s with {processes} worker processes "
        f"({as_number(per_process)}/s each, composing, rendering, and sending 50 emails a task over one SMTP "
        "connection). "
        f"One million weekly digests within an hour is {DIGESTS_PER_HOUR / 3600:.0f}/s: about {needed} worker "
        f"processes at this rate, i.e. {running} (the work is CPU: composing, rendering the templates and "
        "building the messages), with PostgreSQL taking one small write per email. Spread the round "
        "over several hours (members choose their time) and far fewer are needed."
    ]
