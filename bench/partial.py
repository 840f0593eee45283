"""Part of one size's measurement, for a quick look without the whole run (bench/README.md):

    DATABASE_URL=postgres://.../qp_bench_s0_1 DJANGO_SETTINGS_MODULE=bench.settings \\
        python -m bench.partial OUT.json [--sql] [--no-load] "search, phrase" "case study detail"

Serves the database in DATABASE_URL as `python -m bench measure` does and measures only the
pages named (with the framework floor): their queries and in-process time made afresh, with
`--sql` the search SQL beside its bare SQL (bench.sqlfloor), and unless `--no-load` each page
made afresh under wrk (bench.measure.load_pages, page cache off); with `--kept` also as visitors
get it (page cache on), beside its target. BENCH_ROTATE caps how many
addresses a detail page rotates through (their first visits take long on a busy machine).
"""

import json
import os
import sys
import time

from . import __main__ as entry


def main(argv: list[str]) -> int:
    entry.setup_django()
    from django.core.cache import cache
    from django.db import connection

    from . import measure, sqlfloor
    from . import pages as bench_pages
    from .config import RunConfig
    from .run import cpu_ticks, loadavg, python_probe_ms, steal_share

    out, *rest = argv
    names = [word for word in rest if not word.startswith("--")]
    bench_pages.ROTATE = int(os.environ.get("BENCH_ROTATE", bench_pages.ROTATE))
    config = RunConfig.from_environment()
    ticks = cpu_ticks()
    result: dict = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "load_before": loadavg(),
        "python_probe_ms": python_probe_ms(),
        "database": connection.settings_dict["NAME"],
        "pages": [],
    }
    cache.clear()
    chosen = [page for page in bench_pages.pages() if page.name == "framework floor" or page.name in names]
    for page in chosen:
        status, queries, fresh_ms = measure.made_afresh(page)
        result["pages"].append(
            {"name": page.name, "path": page.paths[0], "addresses": len(page.paths), "status": status,
             "queries": queries, "fresh_in_process_ms": fresh_ms}
        )  # fmt: skip
    if "--sql" in rest:
        for page in chosen:
            if page.search:
                floor = sqlfloor.search_floor(page.paths[0], page.search)
                result.setdefault("search_sql", []).append({"name": page.name, **floor})
    connection.close()
    if "--no-load" not in rest:
        measure.load_pages(chosen, result["pages"], config, page_cache=False)
        floor = result["pages"][0].get("fresh", {}).get("rps")
        for row in result["pages"]:
            if floor and "fresh" in row:
                row["fresh"]["share_of_floor"] = round(row["fresh"]["rps"] / floor, 3)
        if "--kept" in rest:
            measure.load_pages(chosen, result["pages"], config, page_cache=True)
            floor = result["pages"][0].get("rps")
            for row in result["pages"]:
                if floor and "rps" in row:
                    row["share_of_floor"] = round(row["rps"] / floor, 3)
    result["load_after"] = loadavg()
    result["steal"] = steal_share(ticks, cpu_ticks())
    with open(out, "w") as file:
        json.dump(result, file, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
