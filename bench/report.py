"""The results as JSON and as a Markdown table; the full-size run also refreshes the README."""

import itertools
import json
import re
from pathlib import Path

from . import live_figures
from .config import BASE_DIR, BUDGET_SECONDS, MIN_TIMED, TIMED, WARM
from .scale_out import scale_out
from .text import as_number, as_share

README = BASE_DIR / "README.md"
DEPLOYMENT = BASE_DIR / "docs" / "deployment.md"
START = "<!-- bench:start -->"
END = "<!-- bench:end -->"


def _rounds(digests: dict) -> str:
    count = len(digests.get("rounds", [])) or 1
    return "one round" if count == 1 else f"the median of {count} rounds"


def _each_round(digests: dict) -> str:
    rounds = digests.get("rounds", [])
    if len(rounds) < 2:
        return ""
    return "; the rounds: " + ", ".join(as_share(each["share_of_floor"]) for each in rounds)


def page_table(main: dict) -> list[str]:
    lines = [
        "| page | requests/s | p50 ms | p95 ms | p99 ms | share of floor | target | met "
        "| made afresh: requests/s | p50 ms | p95 ms | share of floor | queries | one at a time, ms |",
        "|---|---:|---:|---:|---:|---:|---:|:-:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in main["pages"]:
        if "rps" not in row:
            lines.append(f"| {row['name']} | HTTP {row['status']} | | | | | | | | | | | {row['queries']} | |")
            continue
        met = {True: "yes", False: "**no**", None: ""}[row.get("meets_target")]
        fresh = row.get("fresh", {})
        lines.append(
            f"| {row['name']} | {as_number(row['rps'])} | {as_number(row['p50_ms'])} | {as_number(row['p95_ms'])} "
            f"| {as_number(row['p99_ms'])} | {as_share(row.get('share_of_floor'))} | {as_share(row.get('target'))} "
            f"| {met} | {as_number(fresh.get('rps'))} | {as_number(fresh.get('p50_ms'))} "
            f"| {as_number(fresh.get('p95_ms'))} | {as_share(fresh.get('share_of_floor'))} | {row['queries']} "
            f"| {as_number(row.get('fresh_in_process_ms'))} |"
        )
    return lines


def first_visits(main: dict) -> list[str]:
    visited = [row for row in main["pages"] if row.get("first_visits") or row.get("fresh_first_visits")]
    if not visited:
        return []
    described = []
    for row in visited:
        served, fresh = row.get("first_visits", {}), row.get("fresh_first_visits", {})
        requests = served.get("requests") or fresh.get("requests")
        if requests == 1:
            described.append(f"{row['name']} {as_number(_ms(served))} ms ({as_number(_ms(fresh))} ms made afresh)")
        else:
            described.append(
                f"{row['name']} {as_number(requests)} addresses, {as_number(served.get('rps'))} req/s "
                f"({as_number(fresh.get('rps'))} req/s made afresh)"
            )
    return [
        "",
        "Each page is measured once every one of its addresses has been asked for. Those first visits, at the "
        "same concurrency, before any cache holds the page or its answers (for a search, its first since the "
        "library changed): " + "; ".join(described) + ".",
    ]


def _ms(visits: dict) -> float | None:
    return visits["seconds"] * 1000 if visits.get("seconds") is not None else None


def search_table(main: dict) -> list[str]:
    if not main.get("search_sql"):
        return []
    lines = [
        "| search | matches | ranking: view / bare ms | ratio | counting: view / bare ms | ratio "
        "| bare count alone ms | cards and snippets ms | all its SQL ms | the same search again: all its SQL ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in main["search_sql"]:
        again = "" if row.get("again_searches_sql") else " (kept ranking and counts: cards only)"
        agree = "" if row.get("bare_counts_agree") else " (**the counts differ**)"
        # Results written before the pages were compared say nothing about them.
        page_agrees = "" if row.get("bare_page_agrees") is not False else " (**the pages differ**)"
        sampled = "; estimated from the sample" if row.get("estimated") else ""
        lines.append(
            f"| {row['name']} (`{row['query']}`) "
            f"| {as_number(row['matches'])} ({as_share(row['match_share'])}{sampled}) "
            f"| {as_number(row['ranking_ms'], 2)} / {as_number(row['bare_page_ms'], 2)} | {row['ratio']}x{page_agrees} "
            f"| {as_number(row['counting_ms'], 2)} / {as_number(row['bare_counts_ms'], 2)} "
            f"| {row['counting_ratio']}x{agree} | {as_number(row['bare_count_ms'], 2)} "
            f"| {as_number(row.get('cards_ms'), 2)} | {as_number(row.get('first_all_sql_ms'), 2)} "
            f"| {as_number(row['view_all_sql_ms'], 2)}{again} |"
        )
    return lines


def growth_table(growth: list[dict]) -> list[str]:
    if len(growth) < 2:
        return []
    sizes = [point["sizes"]["case_studies"] for point in growth]
    head = " | ".join(f"p50 ms at {size:,}" for size in sizes)
    steps = " | ".join(f"growth {before:,} -> {after:,}" for before, after in itertools.pairwise(sizes))
    lines = [
        f"| page | {head} | {steps} | req/s at {sizes[0]:,} | req/s at {sizes[-1]:,} |",
        "|---|" + "---:|" * (2 * len(sizes) + 1),
    ]

    def row(label: str, values: list[float | None], rps: tuple[str, str] = ("", "")) -> str:
        ratios = [
            f"{as_number(after / before, 2)}x" if before and after is not None else ""
            for before, after in itertools.pairwise(values)
        ]
        cells = [as_number(value, 2 if value is not None and value < 10 else 1) for value in values]
        return f"| {label} | {' | '.join(cells)} | {' | '.join(ratios)} | {rps[0]} | {rps[1]} |"

    # Pages made afresh: a kept page costs the same at any size.
    by_name = [{row["name"]: row.get("fresh", row) for row in point["pages"]} for point in growth]
    for page in growth[-1]["pages"]:
        name = page["name"]
        if all(name in point and "p50_ms" in point[name] for point in by_name):
            rps = (as_number(by_name[0][name]["rps"]), as_number(by_name[-1][name]["rps"]))
            lines.append(row(name, [point[name]["p50_ms"] for point in by_name], rps))
    for page in growth[-1]["pages"]:
        after_a_change = [{row["name"]: row.get("first_visit", {}) for row in point["pages"]} for point in growth]
        for who in ("visitor", "member"):
            values = [point.get(page["name"], {}).get(f"{who}_ms") for point in after_a_change]
            if all(value is not None for value in values):
                lines.append(row(f"{page['name']}: first visit after a change, {who}", values))
    first_visits = [{row["name"]: row.get("fresh_first_visits", {}) for row in point["pages"]} for point in growth]
    for page in growth[-1]["pages"]:
        name = page["name"]
        if name.startswith("search"):
            visits = [point.get(name, {}) for point in first_visits]
            if all(visit.get("requests") == 1 for visit in visits):
                lines.append(row(f"{name}: the first search of the text", [_ms(visit) for visit in visits]))
    searches = [{row["name"]: row for row in point.get("search_sql", [])} for point in growth]
    for search in growth[-1].get("search_sql", []):
        name = search["name"]
        for figure, label in [("ranking_ms", "ranking SQL"), ("counting_ms", "counting SQL")]:
            values = [point.get(name, {}).get(figure) for point in searches]
            if all(value is not None for value in values):
                lines.append(row(f"{name}: {label}, first search of the text", values))
    return lines


def _neighbours(result: dict) -> str:
    """What says whether other machines on the host slowed the run (absent from older results)."""
    said = ""
    if (probe := result["machine"].get("python_probe_ms")) is not None:
        said += f" A fixed piece of Python work (`bench.run.python_probe_ms`) took {probe:,.1f} ms before the run."
    if (share := result.get("cpu_steal")) is not None:
        said += f" The hypervisor gave {share:.1%} of the CPU time during the run to other machines (steal)."
    if said:
        said += " Where either is well above another run's, the host's other machines slowed this one."
    return said


def markdown(result: dict, live: dict | None = None) -> str:
    """The report: how it was measured, the live mix's figures when there are any (visitors and a
    signed-in member while members act on the site), the pages in a world where nobody writes,
    then a section for each other measure the run took (each starts with its blank line)."""
    main = result["main"]
    machine = result["machine"]
    settings = result["settings"]
    lines = [
        *_live_lead(live),
        f"Measured with `{result['command']}` on {result['started_at']}: {machine['cores']} cores "
        f"({machine['cpu']}), {machine['memory_gib']} GiB, PostgreSQL {machine['postgresql']}, "
        f"Python {machine['python']}. Load average before the run {result['load_average_before']}, "
        f"after {result['load_average_after']} (over 1, 5 and 15 minutes; the figures after include the run's "
        f"own load).{_neighbours(result)} gunicorn with "
        f"{settings['gunicorn_workers']} sync workers and the production settings; {settings['load_tool']} at "
        f"{settings['connections']} connections, the median of {settings['runs']} runs of "
        f"{settings['seconds_per_run']} s per page.",
        "",
        f"**Pages at {main['sizes']['case_studies']:,} published case studies**, as a visitor who is not signed in "
        "gets them (public pages come from the page cache, core/page_cache.py, until the content changes) and "
        "made afresh on every request (page cache off: what a signed-in member, or the first visitor after a "
        "change, waits for). Share of floor: the page's requests/s over the framework floor's, a constant "
        "response through the same middleware. Queries and the last column: one request made afresh, in-process:",
        "",
        *page_table(main),
        *first_visits(main),
    ]
    for section in (_search(main), _growth(result), _rush_and_mail(main), _memory(main)):
        lines += section
    return "\n".join(lines) + "\n"


def _live_lead(live: dict | None) -> list[str]:
    """The live mix first, when it was measured; what follows it is a world without writes."""
    if not live:
        return [
            "**The live mix has not been measured at this size yet** (`python -m bench.live` at the same "
            "`BENCH_SCALE` puts it here): every figure below is for **a world without writes**, measured while "
            "nobody signed in or changed anything.",
            "",
        ]
    return [
        *live_figures.live_section(live),
        "",
        "**A world without writes**: the figures below were measured while nobody signed in or changed "
        "anything (pages as kept, and made afresh with the page cache off); the live mix above is what "
        "readers get while members are active.",
        "",
    ]


def _search(main: dict) -> list[str]:
    search = search_table(main)
    if not search:
        return []
    return [
        "",
        f"**Search SQL** (through psycopg on the same index, the view's statements and the bare ones "
        f"taking turns, the median of {TIMED} rounds after {WARM} warm-ups, or of {MIN_TIMED} after one "
        f"when a search's statements would take over {BUDGET_SECONDS} s each in all), for the first search of a "
        "text after the library changed. Ranking: the view's query that ranks the matches (ids only: "
        f"the first {as_number(main['search_sql'][0].get('ranked_ids_kept'))} for a broad search, one page "
        "otherwise) beside the bare ranked query of the same length; then the page's cards with their "
        "snippets; counting: the view's one query for the number of matches and every facet's counts "
        "beside bare SQL giving the same counts (the matches once, then one GROUP BY per facet), and "
        "what a bare count of the matches alone takes. A search matching "
        f"{as_number(main['search_sql'][0].get('kept_from'))} or more keeps its ranking and counts until the library "
        "next changes, so the same search again reads only its cards. In a library over twice "
        f"{as_number(main['search_sql'][0].get('sample_size'))} case studies a search is first counted in a sample "
        f"of about that many; one the sample shows matching {as_number(main['search_sql'][0].get('estimated_from'))}"
        " or more is shown estimated and ranked among its newest "
        f"{as_number(main['search_sql'][0].get('ranked_from_newest'))} matches and newest "
        f"{as_number(main['search_sql'][0].get('ranked_from_titles'))} title matches, and its bare SQL does the "
        "same (the same sample, the same candidates):",
        "",
        *search,
    ]


def _growth(result: dict) -> list[str]:
    growth = growth_table(result.get("growth", []))
    if not growth:
        return []
    return [
        "",
        "**Growth**, pages made afresh (only the library grows; members, groups and events stay the same):",
        "",
        *growth,
    ]


def _rush_and_mail(main: dict) -> list[str]:
    """The registration rush, its emails sent through the real worker, then the digests."""
    lines = []
    rush, email, digests = main.get("registration"), main.get("email"), main.get("digests")
    if rush and "registered" in rush:
        verdict = "correct" if rush["correct"] else "**wrong**"
        lines += [
            "",
            f"**Registration rush**: {rush['members']} members POST “Register” for an event with {rush['places']} "
            f"places at the same moment: {rush['registered']} registered, {rush['waitlisted']} waitlisted ({verdict}), "
            f"{rush['errors']} errors, {rush['rps']} registrations/s, p50 {as_number(rush['p50_ms'])} ms, "
            f"p95 {as_number(rush['p95_ms'])} ms (all {rush['members']} queue at once for the server's workers).",
        ]
    if email and email["worker"].get("per_second"):
        lines += [
            "",
            f"**Email**: the {email['worker']['sent']} outbox emails of the rush sent through the real Celery worker "
            f"({email['worker'].get('processes', 2)} processes, one task and one SMTP connection per email) to a "
            "local SMTP sink: "
            f"{email['worker']['per_second']}/s, against {email['smtplib_floor']['per_second']}/s for plain smtplib "
            "sending the same prebuilt messages over one connection "
            f"({as_share(email['share_of_floor'])} of the floor).",
        ]
    if digests and digests.get("per_second"):
        lines += [
            "",
            f"**Digests**: {_rounds(digests)} for the {digests['members']:,} members who take a digest, from the "
            f"scheduling job to the last email accepted by a local SMTP sink, through the real Celery worker "
            f"({digests.get('worker_processes', 2)} processes, 50 emails a task over one SMTP connection): "
            f"{digests['written']:,} emails written (empty digests are not sent), {digests['sent']:,} sent in "
            f"{digests['seconds']} s, {digests['per_second']}/s, against "
            f"{digests['smtplib_floor']['per_second']}/s for plain smtplib sending as many prebuilt digests over one "
            f"connection, right after each round ({as_share(digests['share_of_floor'])} of the floor"
            f"{_each_round(digests)}).",
        ]
    return lines


def _memory(main: dict) -> list[str]:
    memory = main.get("memory", {})
    if not memory:
        return []
    return [
        "",
        f"**Memory** after the run: a web worker {as_number(memory.get('web_worker_rss_mib_median'))} MiB resident "
        f"(largest {as_number(memory.get('web_worker_rss_mib_max'))} MiB)"
        + (
            f"; a Celery worker {as_number(memory['celery_worker_rss_mib'])} MiB."
            if memory.get("celery_worker_rss_mib")
            else "."
        ),
    ]


def write(result: dict, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    scale = f"{result['main']['sizes']['scale']:g}".replace(".", "_")
    json_path = directory / f"scale-{scale}.json"
    md_path = directory / f"scale-{scale}.md"
    json_path.write_text(json.dumps(result, indent=2) + "\n")
    text = markdown(result, live_figures.load(directory, result["main"]["sizes"]["scale"]))
    md_path.write_text(text)
    written = [json_path, md_path]
    if result["main"]["sizes"]["scale"] == 1 and README.exists():
        update_readme(text)
        written.append(README)
        if DEPLOYMENT.exists():
            update_readme(scale_out(result), path=DEPLOYMENT)
            written.append(DEPLOYMENT)
    return written


def update_readme(table: str, *, path: Path | None = None) -> None:
    """Replaces the block between the bench markers (README's by default) with `table`."""
    path = path or README
    readme = path.read_text()
    block = f"{START}\n{table}{END}"
    if START in readme:
        readme = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, readme, flags=re.DOTALL)
    else:
        readme = readme.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(readme)
