"""How well the library's search finds what members mean, on judged queries.

bench/search_judgements.json holds queries written as members type them (questions,
abbreviations, synonyms, misspellings, phrases), each with the demo library's case studies that
should come first (`expected`, grade 2) and others it is fine to see after them (`relevant`,
grade 1). Each query goes through the library page itself, as a visitor's would, and the
figures are:

- *found in the first three*: the share of queries with an expected case study among the
  first three results (the floor the tests hold is 90%);
- *recall in the first three*: of the expected case studies (up to three), the share found in
  the first three, averaged over the queries;
- *nDCG@10*: the order of the first ten against the ideal order, from 0 to 1;
- *no results*: the share of queries whose page shows no case study at all.

`make bench` runs this first, on its own small database holding the demo library (no
generated data): `python -m bench relevance` runs it alone.
"""

import json
import math
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .config import BASE_DIR, RESULTS_DIR

JUDGEMENTS = Path(__file__).with_name("search_judgements.json")
README = BASE_DIR / "README.md"
START = "<!-- relevance:start -->"
END = "<!-- relevance:end -->"
DATABASE = "qp_bench_relevance"
FIRST = 3
DEPTH = 10


@dataclass(frozen=True)
class Judgement:
    query: str
    kind: str
    expected: tuple[str, ...]
    relevant: tuple[str, ...] = ()
    # Written after the vocabulary and ranking were tuned on the others, and not tuned for.
    held_out: bool = False

    def grade(self, slug: str) -> int:
        return 2 if slug in self.expected else 1 if slug in self.relevant else 0


def judgements() -> list[Judgement]:
    rows = json.loads(JUDGEMENTS.read_text())["queries"]
    return [
        Judgement(
            row["query"],
            row["kind"],
            tuple(row["expected"]),
            tuple(row.get("relevant", ())),
            row.get("held_out", False),
        )
        for row in rows
    ]


def shown(text: str) -> list[str]:
    """The slugs of the case studies the library page shows for a search, in order: its first
    page, then any case studies it offers as matching most of the words."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from django_htmx.middleware import HtmxDetails

    from casestudies.library.views import CaseStudyListView

    request = RequestFactory().get("/case-studies/", {"q": text})
    request.user, request.htmx = AnonymousUser(), HtmxDetails(request)
    response = CaseStudyListView.as_view()(request)
    context = response.context_data
    cards = list(context["page"].object_list) + list(context.get("near_matches") or [])
    return [card.slug for card in cards]


def ndcg(judgement: Judgement, slugs: list[str]) -> float:
    def dcg(grades: list[int]) -> float:
        return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))

    ideal = dcg(sorted([2] * len(judgement.expected) + [1] * len(judgement.relevant), reverse=True)[:DEPTH])
    return dcg([judgement.grade(slug) for slug in slugs[:DEPTH]]) / ideal


def score(judgement: Judgement, slugs: list[str]) -> dict:
    first = set(slugs[:FIRST])
    expected = set(judgement.expected)
    return {
        "query": judgement.query,
        "kind": judgement.kind,
        "held_out": judgement.held_out,
        "found_in_first_three": bool(first & expected),
        "recall_in_first_three": len(first & expected) / min(len(expected), FIRST),
        "ndcg_at_10": ndcg(judgement, slugs),
        "no_results": not slugs,
        "shown": slugs[:DEPTH],
        "expected": list(judgement.expected),
    }


def summary(rows: list[dict]) -> dict:
    def share(key: str, of: list[dict]) -> float:
        return round(sum(float(row[key]) for row in of) / len(of), 3) if of else 0.0

    kinds = sorted({row["kind"] for row in rows})
    held_out = [row for row in rows if row.get("held_out")]
    return {
        "queries": len(rows),
        "found_in_first_three": share("found_in_first_three", rows),
        "recall_in_first_three": share("recall_in_first_three", rows),
        "ndcg_at_10": share("ndcg_at_10", rows),
        "no_results": share("no_results", rows),
        "held_out": {
            "queries": len(held_out),
            "found_in_first_three": share("found_in_first_three", held_out),
            "ndcg_at_10": share("ndcg_at_10", held_out),
        },
        "by_kind": {
            kind: {
                "queries": len([row for row in rows if row["kind"] == kind]),
                "found_in_first_three": share("found_in_first_three", [row for row in rows if row["kind"] == kind]),
                "ndcg_at_10": share("ndcg_at_10", [row for row in rows if row["kind"] == kind]),
            }
            for kind in kinds
        },
    }


def measure() -> dict:
    """Every judged query through the library page (Django set up, the demo library in place)."""
    rows = [score(judgement, shown(judgement.query)) for judgement in judgements()]
    return {"summary": summary(rows), "queries": rows}


# --- The step of `make bench` ----------------------------------------------------------------------


def table(result: dict) -> str:
    s = result["summary"]
    lines = [
        f"Measured with `{result['command']}` on {result['started_at']}: {s['queries']} judged queries "
        "(`bench/search_judgements.json`) over the demo library, each through the library page.",
        "",
        "| queries | found in the first three | recall in the first three | nDCG@10 | no results |",
        "|---|---:|---:|---:|---:|",
        f"| all ({s['queries']}) | {s['found_in_first_three']:.1%} | {s['recall_in_first_three']:.1%} "
        f"| {s['ndcg_at_10']:.3f} | {s['no_results']:.1%} |",
    ]
    for kind, figures in [*s["by_kind"].items(), ("held out, not tuned for", s["held_out"])]:
        found, ndcg_10 = figures["found_in_first_three"], figures["ndcg_at_10"]
        lines.append(f"| {kind} ({figures['queries']}) | {found:.1%} |  | {ndcg_10:.3f} |  |")
    missed = [row["query"] for row in result["queries"] if not row["found_in_first_three"]]
    lines += ["", "Not found in the first three: " + (", ".join(f"“{query}”" for query in missed) or "none") + "."]
    return "\n".join(lines) + "\n"


def update_readme(text: str) -> None:
    readme = README.read_text()
    block = f"{START}\n{text}{END}"
    if START in readme:
        start, end = readme.index(START), readme.index(END) + len(END)
        readme = readme[:start] + block + readme[end:]
    else:
        readme = readme.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(readme)


def run(admin_url: str, env: dict[str, str], log, *, command: str = "make bench") -> dict:
    """Makes the small database afresh (migrated, the demo library seeded), measures it in a child
    process and writes bench/results/relevance.json and .md and the README's block."""
    import time

    from . import database

    url = database.database_url(admin_url, DATABASE)
    log(f"search relevance: {DATABASE} made afresh with the demo library")
    database.recreate(admin_url, DATABASE)
    child = {**env, "DATABASE_URL": url, "CACHE_KEY_PREFIX": f"bench-relevance-{time.time_ns()}"}
    database.manage(child, "migrate", "--noinput", "--verbosity", "0")
    database.manage(child, "seed_demo")
    out = RESULTS_DIR / "relevance.json"
    subprocess.run(
        [sys.executable, "-m", "bench", "relevance-measure", "--out", str(out)], env=child, cwd=BASE_DIR, check=True
    )
    result = json.loads(out.read_text())
    result.update(command=command, started_at=time.strftime("%Y-%m-%d %H:%M:%S %Z"))
    out.write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS_DIR / "relevance.md").write_text(table(result))
    update_readme(table(result))
    s = result["summary"]
    log(
        f"search relevance: found in the first three {s['found_in_first_three']:.1%}, "
        f"nDCG@10 {s['ndcg_at_10']:.3f}, no results {s['no_results']:.1%}"
    )
    return result
