"""The database's floor for search: the SQL the view issues against the bare SQL of the same
search, each run through psycopg on the same database and index, median of many runs."""

import re
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from casestudies.library import counting as library_counting
from casestudies.library import ranking as library_ranking
from casestudies.library import search
from casestudies.library.models.queries import SAMPLE_BUCKETS, SAMPLE_SPREAD
from casestudies.library.search import LIBRARY_VERSION_CACHE_KEY
from core.cache_versions import bump_version

from .config import BUDGET_SECONDS, MIN_TIMED, TIMED, WARM

RANK_WEIGHTS = "{0.1,0.3,0.6,1.0}"

BARE_COUNT = """
SELECT count(*) FROM casestudies_casestudy
WHERE status = 'published' AND search_vector @@ websearch_to_tsquery('english', %(q)s)
"""
# The same numbers as the view's counting query (the matches, and for each facet value how many
# of them have it), written plainly: the matches once, then one GROUP BY per facet. A search
# broad enough to be estimated is counted in the same sample of the library.
BARE_COUNTS = """
WITH matched AS (
    SELECT id, region_id, evidence FROM casestudies_casestudy
    WHERE status = 'published' AND search_vector @@ websearch_to_tsquery('english', %(q)s) {sample}
)
SELECT 'total', NULL::text, count(*) FROM matched
UNION ALL
SELECT 'topic', l.topic_id::text, count(*) FROM matched m
JOIN casestudies_casestudy_topics l ON l.casestudy_id = m.id GROUP BY l.topic_id
UNION ALL
SELECT 'setting', l.caresetting_id::text, count(*) FROM matched m
JOIN casestudies_casestudy_care_settings l ON l.casestudy_id = m.id GROUP BY l.caresetting_id
UNION ALL
SELECT 'approach', l.improvementapproach_id::text, count(*) FROM matched m
JOIN casestudies_casestudy_approaches l ON l.casestudy_id = m.id GROUP BY l.improvementapproach_id
UNION ALL
SELECT 'region', region_id::text, count(*) FROM matched WHERE region_id IS NOT NULL GROUP BY region_id
UNION ALL
SELECT 'benefit', o.benefit, count(DISTINCT m.id) FROM matched m
JOIN casestudies_outcomemeasure o ON o.case_study_id = m.id GROUP BY o.benefit
UNION ALL
SELECT 'evidence', evidence, count(*) FROM matched WHERE evidence <> '' GROUP BY evidence
"""
SAMPLE = f"AND mod(id * {SAMPLE_SPREAD}, {SAMPLE_BUCKETS}) < %(buckets)s"
# A search's page, best first as the view ranks it (casestudies.library.search.ranked) for a text of one
# word or one phrase: an exact title match; then by where the word is found (weighted by field)
# and its cover density; then featured, most adapted, newest. A broad search ranks its newest
# matches and the newest whose title matches; any other search ranks every match.
RELEVANCE = """
    0.0::float8 + 2.0::float8 * ts_rank(%(field_weights)s, search_vector, query)
    + ts_rank_cd(%(weights)s, search_vector, query, 1)
"""
_ORDER = """
ORDER BY upper(title) = upper(%(q)s) DESC, ({relevance}) DESC,
    featured DESC, adaptation_count DESC, published_at DESC NULLS LAST, id DESC
"""
QUERY = "websearch_to_tsquery('english', %(quoted)s) AS query"
_BARE_PAGE_AMONG_CANDIDATES = """
WITH candidates AS (
    (SELECT id FROM casestudies_casestudy
     WHERE status = 'published' AND search_vector @@ websearch_to_tsquery('english', %(q)s)
     ORDER BY published_at DESC NULLS LAST, id DESC LIMIT %(newest)s)
    UNION
    (SELECT id FROM casestudies_casestudy
     WHERE status = 'published' AND to_tsvector('english'::regconfig, title) @@ websearch_to_tsquery('english', %(q)s)
     ORDER BY published_at DESC NULLS LAST, id DESC LIMIT %(titled)s)
)
SELECT id FROM casestudies_casestudy JOIN candidates USING (id), {query}
{order}
"""
_BARE_PAGE = """
SELECT id FROM casestudies_casestudy, {query}
WHERE status = 'published' AND search_vector @@ query
{order}
LIMIT %(limit)s
"""
ORDER = _ORDER.format(relevance=RELEVANCE)
BARE_PAGE_AMONG_CANDIDATES = _BARE_PAGE_AMONG_CANDIDATES.format(query=QUERY, order=ORDER)
BARE_PAGE = _BARE_PAGE.format(query=QUERY, order=ORDER)


@contextmanager
def recorded():
    """Every (sql, params) Django sends while the block runs."""
    issued: list[tuple[str, object]] = []

    def wrapper(execute, sql, params, many, context):
        issued.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield issued


def medians_ms(conn: psycopg.Connection, statements: list[tuple[str, object]]) -> list[float]:
    """The median time of each statement, run as the site runs its own: Django binds parameters
    on the client and never prepares, so each run is planned for its own values. Left to itself,
    psycopg prepares a statement run five times, and PostgreSQL may then plan it once for any
    values: the view's ranking of a rare term took 5 ms that way instead of 0.7 ms.

    The statements take turns, one run of each per round, so that a view's statement and the bare
    SQL it is set beside see the same machine: timed one after the other, a spell of other work
    on the machine fell on one of them alone (1.28x one run, 1.02x the next, for the same query).
    """
    with conn.cursor() as cursor:

        def seconds(sql: str, params) -> float:
            started = time.perf_counter()
            cursor.execute(sql, params, prepare=False)
            cursor.fetchall()
            return time.perf_counter() - started

        first = [seconds(sql, params) for sql, params in statements]
        # Within the budget on average, as each statement would be timed alone.
        fast = sum(first) * (WARM + TIMED) <= BUDGET_SECONDS * len(statements)
        for _ in range(WARM - 1 if fast else 0):
            for sql, params in statements:
                seconds(sql, params)
        timings: list[list[float]] = [[] for _ in statements]
        for _ in range(TIMED if fast else MIN_TIMED):
            for index, (sql, params) in enumerate(statements):
                timings[index].append(seconds(sql, params))
    return [statistics.median(each) * 1000 for each in timings]


def median_ms(conn: psycopg.Connection, sql: str, params) -> float:
    """The median time of one statement (as medians_ms times each)."""
    return medians_ms(conn, [(sql, params)])[0]


def database_url() -> str:
    db = settings.DATABASES["default"]
    # A server on a unix socket (the embedded one of qportal.devservices) is named in OPTIONS.
    options = db.get("OPTIONS", {})
    return psycopg.conninfo.make_conninfo(
        dbname=db["NAME"], user=db.get("USER") or None, password=db.get("PASSWORD") or None,
        host=db.get("HOST") or options.get("host") or None, port=db.get("PORT") or options.get("port") or None,
    )  # fmt: skip


Statements = list[tuple[str, object]]


@dataclass(frozen=True)
class ViewSearch:
    """The view's SQL for one search, sorted by what each statement does. The view's statements
    are told apart by their text: counting reads the matches (`@@`) with count(); the cards
    write snippets (ts_headline); ranking is any other statement that matches or ranks."""

    first: Statements  # the first search of the text since the library changed
    again: Statements  # the same search once more
    counting: Statements
    cards: Statements
    ranking: Statements

    @classmethod
    def of(cls, first: Statements, again: Statements) -> "ViewSearch":
        counting = [(sql, params) for sql, params in first if "@@" in sql and "count(" in sql]
        cards = [(sql, params) for sql, params in first if "ts_headline" in sql]
        # The ranking, and for a broad search the choice of the candidates it ranks.
        ranking = [
            (sql, params)
            for sql, params in first
            if ("@@" in sql or "ts_rank" in sql) and (sql, params) not in counting + cards
        ]
        return cls(first=first, again=again, counting=counting, cards=cards, ranking=ranking)

    # In a large library a search is counted in a sample first; one the sample shows to be
    # narrower is then counted whole, and the bare SQL takes the same two steps.
    @property
    def sampled(self) -> bool:
        return bool(self.counting) and "MOD(" in self.counting[0][0]

    @property
    def estimated(self) -> bool:
        return bool(self.counting) and "MOD(" in self.counting[-1][0]


@dataclass(frozen=True)
class BareSearch:
    """The bare SQL giving the same answers as the view's."""

    params: dict
    counting: Statements
    page_sql: str


def search_floor(path: str, text: str) -> dict:
    """The view's search SQL against the bare SQL of the same search: for the first search of a
    text since the library changed, its ranking query beside the bare ranked page, and its count
    of matches and facets beside bare SQL giving the same counts and beside a bare count of the
    matches alone (and apart, its page of cards with their snippets); then what the same search
    costs again (a broad one reads its kept counts and ranking, and only its cards)."""
    view = _view_search(path)
    bare = _bare_search(text, view)
    with psycopg.connect(database_url(), cursor_factory=psycopg.ClientCursor) as conn:
        timed = _timed(conn, view, bare)
        checked = _checked(conn, view, bare)
    return _floor(text, view, bare, timed, checked)


def _view_search(path: str) -> ViewSearch:
    client = Client()
    # The SQL of a search made afresh, not of a page served from the page cache.
    with override_settings(PAGE_CACHE_SECONDS=0):
        bump_version(LIBRARY_VERSION_CACHE_KEY)
        with recorded() as first:
            client.get(path, HTTP_HOST="127.0.0.1")
        with recorded() as again:
            client.get(path, HTTP_HOST="127.0.0.1")
    return ViewSearch.of(first, again)


def _bare_search(text: str, view: ViewSearch) -> BareSearch:
    params = {
        "q": text,
        # The view searches a word or phrase as a quoted phrase (casestudies.library.query_text).
        "quoted": text if text.startswith('"') else f'"{text}"',
        "weights": RANK_WEIGHTS,
        "field_weights": "{" + ",".join(str(weight) for weight in search.FIELD_WEIGHTS) + "}",
        "limit": _limit(view.ranking),
        "buckets": library_counting.sample_buckets(),
        "newest": search.RANKED_FROM_NEWEST,
        "titled": search.RANKED_FROM_TITLES,
    }
    counting: Statements = [(BARE_COUNTS.format(sample=SAMPLE), params)] if view.sampled else []
    if not view.estimated:
        counting.append((BARE_COUNTS.format(sample=""), params))
    page_sql = BARE_PAGE_AMONG_CANDIDATES if view.estimated else BARE_PAGE
    return BareSearch(params=params, counting=counting, page_sql=page_sql)


def _timed(conn: psycopg.Connection, view: ViewSearch, bare: BareSearch) -> dict[str, float]:
    """Every statement of the view and of the bare SQL, each timed once however many of the sums
    it is part of, all taking turns; then the sums."""
    everything = [*view.first, *view.again, (BARE_COUNT, bare.params), *bare.counting, (bare.page_sql, bare.params)]
    distinct = {(sql, repr(params)): (sql, params) for sql, params in everything}
    timed = dict(zip(distinct, medians_ms(conn, list(distinct.values())), strict=True))

    def total_ms(statements: Statements) -> float:
        return sum(timed[sql, repr(params)] for sql, params in statements)

    return {
        "ranking": total_ms(view.ranking),
        "counting": total_ms(view.counting),
        "cards": total_ms(view.cards),
        "first": total_ms(view.first),
        "again": total_ms(view.again),
        "bare_count": total_ms([(BARE_COUNT, bare.params)]),
        "bare_counts": total_ms(bare.counting),
        "bare_page": total_ms([(bare.page_sql, bare.params)]),
    }


def _checked(conn: psycopg.Connection, view: ViewSearch, bare: BareSearch) -> dict:
    """The floor is only a floor for the same answer: whether the view's counts and the bare ones
    agree, and the view's ranked page (or ranked candidates) is the bare SQL's, in the same order."""
    bare_counts = sorted(conn.execute(*bare.counting[-1]).fetchall())
    matches = conn.execute(BARE_COUNT, bare.params).fetchone()[0]
    same_counts = bool(view.counting) and sorted(conn.execute(*view.counting[-1]).fetchall()) == bare_counts
    same_page = (
        bool(view.ranking)
        and conn.execute(*view.ranking[-1]).fetchall() == conn.execute(bare.page_sql, bare.params).fetchall()
    )
    published = conn.execute("SELECT count(*) FROM casestudies_casestudy WHERE status = 'published'").fetchone()[0]
    return {"matches": matches, "published": published, "same_counts": same_counts, "same_page": same_page}


def _floor(text: str, view: ViewSearch, bare: BareSearch, ms: dict[str, float], checked: dict) -> dict:
    matches, published = checked["matches"], checked["published"]
    return {
        "query": text,
        "matches": matches,
        "match_share": round(matches / published, 4) if published else None,
        "ranking_ms": round(ms["ranking"], 2),
        "bare_page_ms": round(ms["bare_page"], 2),
        "ratio": _ratio(ms["ranking"], ms["bare_page"]),
        "counting_ms": round(ms["counting"], 2),
        "bare_counts_ms": round(ms["bare_counts"], 2),
        "counting_ratio": _ratio(ms["counting"], ms["bare_counts"]),
        "bare_counts_agree": checked["same_counts"],
        "bare_page_agrees": checked["same_page"],
        "bare_count_ms": round(ms["bare_count"], 2),
        "counting_over_bare_count": _ratio(ms["counting"], ms["bare_count"]),
        "cards_ms": round(ms["cards"], 2),
        "first_all_sql_ms": round(ms["first"], 2),
        "view_all_sql_ms": round(ms["again"], 2),
        "again_searches_sql": any("@@" in sql for sql, _ in view.again),
        "sampled": view.sampled,
        "estimated": view.estimated,
        "kept_from": library_counting.SEARCH_COUNTS_CACHED_FROM,
        "sample_size": library_counting.SEARCH_SAMPLE_SIZE,
        "estimated_from": library_counting.ESTIMATED_FROM,
        "ranked_from_newest": search.RANKED_FROM_NEWEST,
        "ranked_from_titles": search.RANKED_FROM_TITLES,
        "ranked_ids_kept": library_ranking.RANKED_IDS_KEPT,
        "limit": bare.params["limit"],
        "view_sql": [sql for sql, _ in view.ranking + view.counting],
    }


def _limit(ranking: list[tuple[str, object]]) -> int:
    limits = [int(found) for sql, _ in ranking for found in re.findall(r"LIMIT (\d+)", sql)]
    return max(limits) if limits else 20


def _ratio(view_ms: float, bare_ms: float) -> float | None:
    return round(view_ms / bare_ms, 2) if bare_ms else None
