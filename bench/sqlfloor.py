"""The database's floor for search: the SQL the view issues against the bare SQL of the same
search, each run through psycopg on the same database and index, median of many runs."""

import re
import statistics
import time
from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

WARM = 3
TIMED = 15
RANK_WEIGHTS = "{0.1,0.3,0.6,1.0}"

BARE_COUNT = """
SELECT count(*) FROM casestudies_casestudy
WHERE status = 'published' AND search_vector @@ websearch_to_tsquery('english', %(q)s)
"""
BARE_PAGE = """
SELECT id FROM casestudies_casestudy, websearch_to_tsquery('english', %(q)s) AS query
WHERE status = 'published' AND search_vector @@ query
ORDER BY ts_rank(%(weights)s, search_vector, query) DESC, published_at DESC NULLS LAST, id DESC
LIMIT %(limit)s
"""


@contextmanager
def recorded():
    """Every (sql, params) Django sends while the block runs."""
    issued: list[tuple[str, object]] = []

    def wrapper(execute, sql, params, many, context):
        issued.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield issued


def median_ms(conn: psycopg.Connection, sql: str, params) -> float:
    with conn.cursor() as cursor:
        for _ in range(WARM):
            cursor.execute(sql, params)
            cursor.fetchall()
        timings = []
        for _ in range(TIMED):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def database_url() -> str:
    db = settings.DATABASES["default"]
    return psycopg.conninfo.make_conninfo(
        dbname=db["NAME"], user=db.get("USER") or None, password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None, port=db.get("PORT") or None,
    )  # fmt: skip


def search_floor(path: str, text: str) -> dict:
    client = Client()
    # The SQL of a search made afresh, not of a page served from the page cache.
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(path, HTTP_HOST="127.0.0.1")
        with recorded() as issued:
            client.get(path, HTTP_HOST="127.0.0.1")
    searching = [(sql, params) for sql, params in issued if "@@" in sql]
    limits = [int(found) for sql, _ in searching for found in re.findall(r"LIMIT (\d+)", sql)]
    limit = max(limits) if limits else 20
    with psycopg.connect(database_url(), cursor_factory=psycopg.ClientCursor) as conn:
        view_queries = [round(median_ms(conn, sql, params), 2) for sql, params in searching]
        all_ms = sum(median_ms(conn, sql, params) for sql, params in issued)
        bare = {"q": text, "weights": RANK_WEIGHTS, "limit": limit}
        bare_count_ms = median_ms(conn, BARE_COUNT, bare)
        bare_page_ms = median_ms(conn, BARE_PAGE, bare)
        matches = conn.execute(BARE_COUNT, bare).fetchone()[0]
        published = conn.execute("SELECT count(*) FROM casestudies_casestudy WHERE status = 'published'").fetchone()[0]
    view_ms = sum(view_queries)
    bare_ms = bare_count_ms + bare_page_ms
    return {
        "query": text,
        "matches": matches,
        "match_share": round(matches / published, 4) if published else None,
        "view_search_sql_ms": round(view_ms, 2),
        "view_search_queries_ms": view_queries,
        "view_all_sql_ms": round(all_ms, 2),
        "bare_sql_ms": round(bare_ms, 2),
        "bare_count_ms": round(bare_count_ms, 2),
        "bare_page_ms": round(bare_page_ms, 2),
        "ratio": round(view_ms / bare_ms, 2) if bare_ms else None,
        "view_sql": [sql for sql, _ in searching],
    }
