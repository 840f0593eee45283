"""The live mix's figures as the README's performance block leads with them: each page as visitors
and as a signed-in member get it while members act on the site (bench/live.py), against the
targets of the performance issue, with the page cache's hit rate under the mix."""

import json
from pathlib import Path

from .text import as_share

# Visitors' public pages under the mix, as a share of the framework floor.
VISITOR_TARGET = 0.40
# A signed-in member's pages: every page, and the library's list, search and detail.
MEMBER_TARGET = 0.15
MEMBER_LIBRARY_TARGET = 0.20
MEMBER_P95_MS = 100.0
_LIBRARY_PAGES = ("case study list", "list, ", "search, ", "case study detail")
FLOOR = "framework floor"


def member_target(page: str) -> float:
    return MEMBER_LIBRARY_TARGET if page.startswith(_LIBRARY_PAGES) else MEMBER_TARGET


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _row(row: dict) -> str:
    visitor, member = row["visitor"], row["member"]
    if row["name"] == FLOOR:
        return (
            f"| {FLOOR} | {visitor['rps']:,.1f} | 100.0% | | | {member['rps']:,.1f} "
            f"| {as_share(member['share_of_floor'])} | | {member['p95_ms']:,.1f} | | "
            f"| {', '.join(map(str, row['load_average']))} |"
        )
    hits = visitor.get("hit_rate")
    first = row.get("first_visit")
    first_cell = f"{first['visitor_ms']:,.0f} / {first['member_ms']:,.0f}" if first else ""
    target = member_target(row["name"])
    member_met = member["share_of_floor"] >= target and member["p95_ms"] <= MEMBER_P95_MS and member["rps"] > 0
    return (
        f"| {row['name']} | {visitor['rps']:,.1f} | {as_share(visitor['share_of_floor'])} "
        f"| {_met(visitor['share_of_floor'] >= VISITOR_TARGET)} | {'–' if hits is None else f'{hits:.1%}'} "
        f"| {member['rps']:,.1f} | {as_share(member['share_of_floor'])} | {as_share(target)} "
        f"| {member['p95_ms']:,.1f} | {_met(member_met)} | {first_cell} | {', '.join(map(str, row['load_average']))} |"
    )


def live_table(live: dict) -> list[str]:
    return [
        "| page | visitors: requests/s | share of floor | met (≥ 40%) | page cache hits "
        "| signed-in member: requests/s | share of floor | target | p95 ms | met (and p95 ≤ 100 ms) "
        "| first visit after a change, ms (visitor / member) | load average |",
        "|---|---:|---:|:-:|---:|---:|---:|---:|---:|:-:|---:|---|",
        *(_row(row) for row in live["pages"]),
    ]


def _activity(live: dict) -> str:
    rates = ", ".join(f"{kind} {rate:,.0f}" for kind, rate in live["rates_per_hour"].items())
    done = sum(sum(counts.values()) for counts in live["activity"].values())
    return f"{rates} an hour ({done:,} done during the runs)"


def live_section(live: dict) -> list[str]:
    """The block's lead: the live mix, and what signed-in members get."""
    steal = live.get("cpu_steal")
    return [
        f"**Under the live mix**, measured with `{live['command']}` on {live['started_at']}: load average "
        f"before {live['load_average_before']}, after {live['load_average_after']}"
        + ("" if steal is None else f", steal {steal:.1%}")
        + f"; {live['connections']} connections, the median of {live['runs']} runs of {live['seconds']} s per "
        f"page and reader. While each page is loaded, members act on the site through its own addresses: "
        f"{_activity(live)} (bench/README.md says how the rates were chosen). Visitors are not signed in "
        "(the page cache on); the signed-in member sends a real session and CSRF cookie on every request, "
        "as a browser does (kept parts on). "
        "Page cache hits: the share of visitors' responses served as kept under the mix. Every address of a "
        "page is asked for once before it is loaded (a live site's pages are warm between changes); the first "
        "visit after a change that retires the page is timed apart, in-process, one request at a time "
        "(target ≤ 250 ms at 100,000 case studies, ≤ 400 ms at 1,000,000).",
        "",
        *live_table(live),
    ]


def load(directory: Path, scale: float) -> dict | None:
    """The live mix's results at this scale (bench/live.py writes them), if there are any."""
    path = directory / f"live-scale-{scale:g}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())
