"""Counting the library's matches: how many case studies a query finds, and for each facet value
how many choosing it would give, in one query; cached until the library changes, and for a broad
search in a large library estimated from a fixed sample."""

import hashlib
import math
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connections, router

from casestudies.library import ledger, search
from casestudies.library.browse import FACETS, TERM_FACETS, Facet, FacetCounts, FacetValue, LibraryQuery, terms_of
from casestudies.library.models import CaseStudy, CaseStudyQuerySet, OutcomeMeasure
from casestudies.library.models.queries import SAMPLE_BUCKETS


@dataclass
class Counts:
    total: int
    facets: list[FacetCounts]
    # Estimated from a sample of the library and rounded, for a search that matches much of it.
    estimated: bool = False


def _link(facet: Facet) -> tuple[str, str, str]:
    """(link table, its case study column, its term column) of a many-to-many facet."""
    link = CaseStudy._meta.get_field(facet.field)
    return link.remote_field.through._meta.db_table, link.m2m_column_name(), link.m2m_reverse_name()


_OUTCOMES = OutcomeMeasure._meta.db_table

COUNTS_CACHE_SECONDS = 60 * 60

# A search matching fewer case studies than this is counted afresh: counting it is quick, and
# keeping the answers to every text ever typed would fill the cache with ones never asked again.
# A phrase is kept whatever it matches, as counting it is not quick (keeps_answers).
SEARCH_COUNTS_CACHED_FROM = 1000

# Counting exactly reads every match, so a broad search would cost more as the library grows. In
# a library well over SEARCH_SAMPLE_SIZE case studies a search is first counted in a sample of
# about that many; one that the sample shows matching ESTIMATED_FROM or more is then shown
# estimated ("about 33,000"), and ranked among its candidates (RankedCards). The others are
# counted exactly.
SEARCH_SAMPLE_SIZE = 10_000
ESTIMATED_FROM = 2_000
LIBRARY_SIZE_CACHE_KEY = "casestudies:library-size"
LIBRARY_SIZE_CACHE_SECONDS = 10 * 60


def counts(base: CaseStudyQuerySet, query: LibraryQuery) -> Counts:
    """How many case studies match, and for each facet value how many choosing it would give.

    Counting reads every matching case study, and the same few questions come again and again
    (browsing without a text, the searches that match much of the library), so those answers
    are cached until the library next changes (`search.library_changed`).
    """
    key = f"casestudies:counts:{search.library_version()}:{digest(query)}"
    found = cache.get(key)
    if found is None:
        found = _count(base, query)
        if not query.is_search or keeps_answers(query, found.total):
            cache.set(key, found, COUNTS_CACHE_SECONDS)
    return found


def keeps_answers(query: LibraryQuery, total: int) -> bool:
    """Whether a search keeps its counts and ranking until the library changes: one matching
    SEARCH_COUNTS_CACHED_FROM or more, and one that reads where its words stand (a phrase), whose
    cost follows how many case studies hold its words, not how many match (search.reads_positions).
    """
    return total >= SEARCH_COUNTS_CACHED_FROM or search.reads_positions(query.text)


def digest(query: LibraryQuery) -> str:
    """The same for the same text and filters, whatever their order in the address."""
    selection = sorted((parameter, sorted(slugs)) for parameter, slugs in query.selected.items() if slugs)
    return hashlib.sha256(repr((query.text, selection, query.featured)).encode()).hexdigest()[:32]


def sample_buckets() -> int | None:
    """How many of the SAMPLE_BUCKETS hold about SEARCH_SAMPLE_SIZE case studies; None when the
    library is under twice that size, and searches are counted whole."""
    size = cache.get(LIBRARY_SIZE_CACHE_KEY)
    if size is None:
        # The planner's own figure: close enough to size a sample, and read without counting.
        with connections[router.db_for_read(CaseStudy)].cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [CaseStudy._meta.db_table])
            size = max(cursor.fetchone()[0], 0)  # -1 until first analysed
        cache.set(LIBRARY_SIZE_CACHE_KEY, size, LIBRARY_SIZE_CACHE_SECONDS)
    if size < 2 * SEARCH_SAMPLE_SIZE:
        return None
    return math.ceil(SAMPLE_BUCKETS * SEARCH_SAMPLE_SIZE / size)


def about(figure: float) -> int:
    """An estimate to two significant figures: 33,217 -> 33,000."""
    return int(float(f"{figure:.2g}"))


def _count(base: CaseStudyQuerySet, query: LibraryQuery) -> Counts:
    """Exact counts; or, in a library large enough to sample, for a search or a filtered list the
    sample shows to be broad, the sample's counts scaled up and rounded. The whole library's counts
    are read from its ledger."""
    filtered = bool(_chosen(query))
    if _browses_whole_library(query) and not filtered:
        total, found = ledger.whole_library()
        return Counts(total, _facets({facet.parameter: found.get(facet.parameter, {}) for facet in FACETS}, query))
    buckets = sample_buckets() if query.is_search or filtered else None
    if buckets is not None:
        scale = SAMPLE_BUCKETS / buckets
        sampled = _counted(base.in_sample(buckets), query, each_match=True, in_sample=True)
        if sampled.widest * scale >= ESTIMATED_FROM:
            estimates = {
                parameter: {term: about(n if parameter in sampled.whole else n * scale) for term, n in found.items()}
                for parameter, found in sampled.by_facet.items()
            }
            return Counts(about(sampled.total * scale), _facets(estimates, query), estimated=True)
    # In a library large enough to sample, only a narrow search or filter gets here.
    counted = _counted(base, query, each_match=buckets is not None)
    return Counts(counted.total, _facets(counted.by_facet, query))


@dataclass
class _Counted:
    total: int
    # By facet parameter, how many have each term (by its id as text, or a lens's value).
    by_facet: dict[str, dict[str, int]]
    # The most case studies any one count read: the total's, or a chosen facet's own counts'.
    widest: int = 0
    # The facets whose counts are the whole library's, read from its ledger, not the sample.
    whole: frozenset[str] = frozenset()


def _browses_whole_library(query: LibraryQuery) -> bool:
    """Whether the query browses every published case study (`browse.base_queryset`), which the
    ledger counts, before its filters."""
    return not query.is_search and not query.featured


def _counted(
    base: CaseStudyQuerySet, query: LibraryQuery, *, each_match: bool = False, in_sample: bool = False
) -> _Counted:
    """The counts (OR within a facet, AND across facets), in one query that matches the text only once:
    the total, and by facet parameter how many have each term (by its id as text, or a lens's value).
    `in_sample` when `base` is a sample: the counts then also say how many case studies the widest
    of them read.

    With `each_match`, for a few matches in a large library, each match reads its own terms
    through the links' indexes, so the cost follows the matches; otherwise the link tables are
    joined whole, quicker for many matches. Left to choose, the planner joined a sample's few
    thousand matches to whole link tables, taking the sample for larger than it is.

    The SQL is assembled from table and column names taken from the models and from the fixed
    facet names; every value the visitor sent travels as a parameter.
    """
    matched = base.order_by().values("id", "region_id", "evidence")
    if query.is_search:
        matched = search.matching(matched, query.text)
    matched_sql, params = matched.query.sql_with_params()
    params = list(params)
    chosen = _chosen(query)
    # Browsing with one facet chosen, that facet's own counts are the whole library's, and every
    # other count reads only the case studies it lets through.
    from_ledger = set(chosen) if len(chosen) == 1 and _browses_whole_library(query) else set()
    if from_ledger:
        # Its condition twice: here as the matches are read, and again below with the others'.
        (only,) = _conditions(chosen, params).values()
        matched_sql = f"SELECT m.* FROM ({matched_sql}) m WHERE {only}"  # noqa: S608
    conditions = _conditions(chosen, params)
    # A search is judged broad by how many it matches, as its page ranks them; a filtered list by
    # the widest count it makes, as each chosen facet's own counts read past the other filters.
    widths = in_sample and not query.is_search
    sql = _counts_sql(matched_sql, conditions, each_match=each_match, from_ledger=from_ledger, widths=widths)
    # Through the router, so that a read replica (qportal/replica.py) takes this read too.
    with connections[router.db_for_read(CaseStudy)].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counted = _Counted(total=0, by_facet={facet.parameter: {} for facet in FACETS}, whole=frozenset(from_ledger))
    for facet_parameter, term, n in rows:
        if facet_parameter == "total":
            counted.total = n
        elif facet_parameter == "width":
            counted.widest = max(counted.widest, n)
        else:
            counted.by_facet[facet_parameter][term] = n
    counted.widest = max(counted.widest, counted.total)
    return counted


def _chosen(query: LibraryQuery) -> dict[str, tuple[Facet, list]]:
    """By facet parameter, each facet with something chosen and the ids (or values) chosen."""
    chosen = {}
    for facet in FACETS:
        ids = [pk for pk, _name in query.selected_terms.get(facet.parameter, {}).values()]
        if ids:
            chosen[facet.parameter] = (facet, ids)
    return chosen


def _conditions(chosen: dict[str, tuple[Facet, list]], params: list) -> dict[str, str]:
    """The condition each chosen facet puts on a matched case study (`m`), its values appended to
    `params`."""
    conditions: dict[str, str] = {}
    for facet, ids in chosen.values():
        if facet.field == "region":
            conditions[facet.parameter] = "m.region_id = ANY(%s)"
        elif facet.field == "evidence":
            conditions[facet.parameter] = "m.evidence = ANY(%s)"
        elif facet.field == "benefit":
            conditions[facet.parameter] = (
                f"EXISTS (SELECT 1 FROM {_OUTCOMES} o WHERE o.case_study_id = m.id AND o.benefit = ANY(%s))"  # noqa: S608
            )
        else:
            table, case_study_column, term_column = _link(facet)
            conditions[facet.parameter] = (
                f"EXISTS (SELECT 1 FROM {table} l WHERE l.{case_study_column} = m.id AND l.{term_column} = ANY(%s))"  # noqa: S608
            )
        params.append(ids)
    return conditions


def _counts_sql(
    matched_sql: str,
    conditions: dict[str, str],
    *,
    each_match: bool,
    from_ledger: AbstractSet[str] = frozenset(),
    widths: bool = False,
) -> str:
    """One statement: the total, then each facet's counts, every part passing the other facets'
    conditions; those of the facets `from_ledger` are the whole library's, read from its ledger.
    With `widths`, also how many case studies each chosen facet's own counts read ("width")."""

    def others(parameter: str | None) -> str:
        return "".join(f" AND f.ok_{p}" for p in conditions if p != parameter)

    # With a facet chosen, each matched case study is read once more to flag which chosen facets
    # it passes; with none (the usual search), the counts read the matches as they are.
    ctes = [f"matched AS MATERIALIZED ({matched_sql})"]
    source = "matched"
    if conditions:
        flags = ", ".join(f"{condition} AS ok_{parameter}" for parameter, condition in conditions.items())
        ctes.append(f"flags AS MATERIALIZED (SELECT m.id, m.region_id, m.evidence, {flags} FROM matched m)")  # noqa: S608
        source = "flags"
    # Term ids and lens values share one text column.
    parts = [f"SELECT 'total' AS facet, NULL::text AS term, count(*) AS n FROM {source} f WHERE TRUE{others(None)}"]  # noqa: S608
    if widths:
        parts += [
            f"SELECT 'width', '{p}', count(*) FROM {source} f WHERE TRUE{others(p)}"  # noqa: S608
            for p in conditions
            if p not in from_ledger
        ]
    for facet in FACETS:
        if facet.parameter in from_ledger:
            parts.append(ledger.facet_sums_sql(facet.parameter))
            continue
        joined, term_id, counted = _facet_terms(facet, source, each_match=each_match)
        parts.append(
            f"SELECT '{facet.parameter}', {term_id}::text, {counted} FROM {joined} "  # noqa: S608
            f"WHERE {term_id} IS NOT NULL{others(facet.parameter)} GROUP BY {term_id}"
        )
    return f"WITH {', '.join(ctes)} {' UNION ALL '.join(parts)}"


def _facet_terms(facet: Facet, source: str, *, each_match: bool) -> tuple[str, str, str]:
    """(what a facet's counts read, the term id in it, how a row is counted), for matches in `source`."""
    if facet.field == "region":
        return f"{source} f", "f.region_id", "count(*)"
    if facet.field == "evidence":
        return f"{source} f", "NULLIF(f.evidence, '')", "count(*)"
    if facet.field == "benefit" and each_match:
        # A case study counts once per lens, however many of its measures share the lens.
        lenses = f"SELECT DISTINCT o.benefit FROM {_OUTCOMES} o WHERE o.case_study_id = f.id"  # noqa: S608
        return f"{source} f CROSS JOIN unnest(ARRAY({lenses})) AS lens(benefit)", "lens.benefit", "count(*)"
    if facet.field == "benefit":
        # Each match with each of its lenses once, then counted: a hashed DISTINCT, where
        # count(DISTINCT) sorted every measure of every match.
        lenses = f"SELECT DISTINCT f.*, o.benefit FROM {source} f JOIN {_OUTCOMES} o ON o.case_study_id = f.id"  # noqa: S608
        return f"({lenses}) f", "f.benefit", "count(*)"
    table, case_study_column, term_column = _link(facet)
    if each_match:
        links = f"SELECT l.{term_column} FROM {table} l WHERE l.{case_study_column} = f.id"  # noqa: S608
        return f"{source} f CROSS JOIN unnest(ARRAY({links})) AS term(id)", "term.id", "count(*)"
    return f"{source} f JOIN {table} l ON l.{case_study_column} = f.id", f"l.{term_column}", "count(*)"


def _facets(by_facet: dict[str, dict[str, int]], query: LibraryQuery) -> list[FacetCounts]:
    """Each facet's values with their counts, the terms of every kind asked of the cache at once."""
    kinds = [facet.model for facet in TERM_FACETS if facet.model is not None]
    names: dict[str, list[tuple[Any, str, str]]] = dict(
        zip([facet.parameter for facet in TERM_FACETS], terms_of(kinds), strict=True)
    )
    for facet in FACETS:
        names.setdefault(facet.parameter, [(value, value, label) for value, label in facet.choices])
    return [_facet_values(facet, by_facet[facet.parameter], query, names[facet.parameter]) for facet in FACETS]


def _facet_values(
    facet: Facet, counted: dict[str, int], query: LibraryQuery, names: list[tuple[Any, str, str]]
) -> FacetCounts:
    selected = query.selected_terms.get(facet.parameter, {})
    selected_ids = {str(pk) for pk, _name in selected.values()}
    values = [
        FacetValue(
            name=name,
            slug=slug,
            count=counted.get(str(pk), 0),
            selected=str(pk) in selected_ids,
            input_id=f"{facet.parameter}-{slug}",
        )
        for pk, slug, name in names
        if counted.get(str(pk)) or str(pk) in selected_ids
    ]
    return FacetCounts(facet, values)
