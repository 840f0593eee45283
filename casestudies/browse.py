"""Browsing the library: reading /case-studies/?q=&topic=&setting=&approach=&region=&benefit=&sort=&page=
into a query, its facets with counts, and the page of results.

Every part runs a fixed number of queries whatever the data: one to check facet slugs, one
query for the number of matches and every facet's counts (two for a narrow search in a large
library: its sample, then the whole), one or two to rank a search, the page of cards and two
prefetches. A broad search in a large library is counted in a fixed sample and ranked among a
fixed number of candidates, so its cost does not grow with the library either.
"""

import hashlib
import math
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections, router
from django.db.models import CharField, Value
from django.http import QueryDict

from core.pagination import PageLinks

from . import search
from .models import (
    Benefit,
    CareSetting,
    CaseStudy,
    CaseStudyQuerySet,
    Evidence,
    ImprovementApproach,
    OutcomeMeasure,
    Region,
    Topic,
)
from .models.case_study import SAMPLE_BUCKETS
from .models.taxonomy import Term

PAGE_SIZE = 20
MAX_VALUES_PER_FACET = 20
_SLUG = re.compile(r"^[-a-z0-9_]{1,140}$")


@dataclass(frozen=True)
class Facet:
    parameter: str
    label: str
    model: type[Term] | None
    filter_method: str
    # The CaseStudy field that links to the terms: many-to-many, or the region's foreign key; or
    # "benefit" for the lenses of the outcome measures, a fixed list of choices rather than terms.
    field: str
    choices: tuple[tuple[str, str], ...] = ()


FACETS = [
    Facet("topic", "Topic", Topic, "for_topics", "topics"),
    Facet("setting", "Care setting", CareSetting, "for_care_settings", "care_settings"),
    Facet("approach", "Improvement approach", ImprovementApproach, "for_approaches", "approaches"),
    Facet("region", "Region", Region, "for_regions", "region"),
    Facet("benefit", "Benefit", None, "for_benefits", "benefit", tuple(Benefit.choices)),
    Facet("evidence", "Evidence", None, "for_evidence", "evidence", tuple(Evidence.choices)),
]
TERM_FACETS = [facet for facet in FACETS if facet.model is not None]
SORTS = {
    "relevance": "Best match",
    "newest": "Newest first",
    "oldest": "Oldest first",
    "most_adapted": "Most adapted",
}


@dataclass
class FacetValue:
    name: str
    slug: str
    count: int
    selected: bool
    input_id: str


@dataclass
class FacetCounts:
    facet: Facet
    values: list[FacetValue]


@dataclass
class ActiveFilter:
    label: str
    name: str
    remove_url: str


@dataclass
class LibraryQuery:
    """What the visitor asked for, cleaned: anything unusable is dropped and explained in `notices`."""

    text: str = ""
    selected: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "newest"
    page: str = "1"
    # Only the curators' picks (?featured=1).
    featured: bool = False
    notices: list[str] = field(default_factory=list)
    # Ids and names of the chosen terms, once drop_unknown_terms() has checked them.
    selected_terms: dict[str, dict[str, tuple[int, str]]] = field(default_factory=dict)

    @property
    def is_search(self) -> bool:
        return bool(self.text)

    @property
    def only_topic(self) -> tuple[str, str] | None:
        """The slug and name of the topic, where exactly one is chosen: it has a feed of its own."""
        topics = self.selected_terms.get("topic", {})
        if len(topics) != 1:
            return None
        ((slug, (_pk, name)),) = topics.items()
        return slug, name

    def params(self, **changes: object) -> list[tuple[str, str]]:
        """Query-string pairs for this query, with some values changed (None removes them)."""
        values: dict[str, object] = {
            "q": self.text,
            "featured": "1" if self.featured else None,
            **self.selected,
            "sort": self.sort_param,
        }
        values.update(changes)
        pairs: list[tuple[str, str]] = []
        for key, value in values.items():
            if value in (None, "", []):
                continue
            if isinstance(value, list):
                pairs += [(key, item) for item in value]
            else:
                pairs.append((key, str(value)))
        return pairs

    @property
    def sort_param(self) -> str | None:
        default = "relevance" if self.is_search else "newest"
        return None if self.sort == default else self.sort

    def url(self, **changes: object) -> str:
        pairs = self.params(**changes)
        return "?" + urlencode(pairs) if pairs else "?"


def parse(params: QueryDict) -> LibraryQuery:
    """Reads the query string; never fails, whatever it holds."""
    query = LibraryQuery()
    raw_text = params.get("q", "")
    text = search.clean_query(raw_text)
    if len(" ".join(raw_text.split())) > search.MAX_QUERY_LENGTH:
        query.notices.append(f"Your search was shortened to its first {search.MAX_QUERY_LENGTH} characters.")
    if text and not search.has_words(text):
        query.notices.append("Your search had no letters or numbers to look for, so all case studies are shown.")
        text = ""
    elif text and not search.has_meaning(text):
        query.notices.append(
            "Your search had only words such as “how”, “the” or “best”, which every case study could match, "
            "so all case studies are shown. Add a word for what you are looking for."
        )
        text = ""
    query.text = text
    query.featured = params.get("featured", "").strip().lower() in {"1", "true", "yes"}

    for facet in FACETS:
        slugs: list[str] = []
        for value in params.getlist(facet.parameter)[:MAX_VALUES_PER_FACET]:
            value = value.strip().lower()
            if value and value not in slugs:
                slugs.append(value)
        if len(params.getlist(facet.parameter)) > MAX_VALUES_PER_FACET:
            query.notices.append(f"Only the first {MAX_VALUES_PER_FACET} {facet.label.lower()} filters were used.")
        query.selected[facet.parameter] = slugs

    sort = params.get("sort", "")
    default_sort = "relevance" if query.is_search else "newest"
    if sort and sort not in SORTS:
        query.notices.append("That sort order is not one we know, so the default is used.")
    query.sort = sort if sort in SORTS else default_sort
    if query.sort == "relevance" and not query.is_search:
        query.sort = "newest"
    query.page = params.get("page", "1")
    return query


def drop_unknown_terms(query: LibraryQuery) -> None:
    """Removes facet values that name no term (one query for all facets), saying which."""
    wanted = {facet.parameter: [s for s in query.selected[facet.parameter] if _SLUG.match(s)] for facet in FACETS}
    # A choice stands for itself: its value is both its slug and its "id" in the counts.
    known: dict[tuple[str, str], tuple[int | str, str]] = {
        (facet.parameter, value): (value, label) for facet in FACETS for value, label in facet.choices
    }
    if any(wanted[facet.parameter] for facet in TERM_FACETS):
        parts = [
            facet.model.objects.filter(slug__in=wanted[facet.parameter]).values_list(
                Value(facet.parameter, output_field=CharField()), "slug", "id", "name"
            )
            for facet in TERM_FACETS
        ]
        known |= {(parameter, slug): (pk, name) for parameter, slug, pk, name in parts[0].union(*parts[1:], all=True)}
    for facet in FACETS:
        selected = query.selected[facet.parameter]
        unknown = [slug for slug in selected if (facet.parameter, slug) not in known]
        if unknown:
            names = ", ".join(f"“{slug[:40]}”" for slug in unknown[:3])
            query.notices.append(f"There is no {facet.label.lower()} called {names}, so that filter was ignored.")
        query.selected[facet.parameter] = [slug for slug in selected if slug not in unknown]
        query.selected_terms[facet.parameter] = {
            slug: known[(facet.parameter, slug)] for slug in query.selected[facet.parameter]
        }


def filtered(base: CaseStudyQuerySet, query: LibraryQuery) -> CaseStudyQuerySet:
    """The case studies matching the query's text and facets."""
    queryset = faceted(base, query)
    return search.matching(queryset, query.text) if query.is_search else queryset


def faceted(base: CaseStudyQuerySet, query: LibraryQuery) -> CaseStudyQuerySet:
    """The case studies with the query's facets, whatever their text."""
    queryset = base
    for facet in FACETS:
        if query.selected[facet.parameter]:
            queryset = getattr(queryset, facet.filter_method)(query.selected[facet.parameter])
    return queryset


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
    key = f"casestudies:counts:{search.library_version()}:{_digest(query)}"
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


def _digest(query: LibraryQuery) -> str:
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
    """Exact counts; or for a search the sample shows to be broad, in a library large enough to
    sample, the sample's counts scaled up and rounded."""
    buckets = sample_buckets() if query.is_search else None
    if buckets is not None:
        scale = SAMPLE_BUCKETS / buckets
        total, by_facet = _counted(base.in_sample(buckets), query, each_match=True)
        if total * scale >= ESTIMATED_FROM:
            estimates = {
                parameter: {term: about(n * scale) for term, n in found.items()}
                for parameter, found in by_facet.items()
            }
            return Counts(
                about(total * scale),
                [_facet_values(facet, estimates[facet.parameter], query) for facet in FACETS],
                estimated=True,
            )
    # In a library large enough to sample, only a narrow search gets here.
    total, by_facet = _counted(base, query, each_match=buckets is not None)
    return Counts(total, [_facet_values(facet, by_facet[facet.parameter], query) for facet in FACETS])


def _counted(
    base: CaseStudyQuerySet, query: LibraryQuery, *, each_match: bool = False
) -> tuple[int, dict[str, dict[str, int]]]:
    """The counts (OR within a facet, AND across facets), in one query that matches the text only once:
    the total, and by facet parameter how many have each term (by its id as text, or a lens's value).

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

    # The condition each chosen facet puts on a matched case study; a facet with nothing chosen has none.
    conditions: dict[str, str] = {}
    for facet in FACETS:
        ids = [pk for pk, _name in query.selected_terms.get(facet.parameter, {}).values()]
        if not ids:
            continue
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
    for facet in FACETS:
        counted = "count(*)"
        if facet.field == "region":
            joined, term_id = f"{source} f", "f.region_id"
        elif facet.field == "evidence":
            joined, term_id = f"{source} f", "NULLIF(f.evidence, '')"
        elif facet.field == "benefit" and each_match:
            # A case study counts once per lens, however many of its measures share the lens.
            lenses = f"SELECT DISTINCT o.benefit FROM {_OUTCOMES} o WHERE o.case_study_id = f.id"  # noqa: S608
            joined, term_id = f"{source} f CROSS JOIN unnest(ARRAY({lenses})) AS lens(benefit)", "lens.benefit"
        elif facet.field == "benefit":
            joined, term_id = f"{source} f JOIN {_OUTCOMES} o ON o.case_study_id = f.id", "o.benefit"
            counted = "count(DISTINCT f.id)"
        else:
            table, case_study_column, term_column = _link(facet)
            if each_match:
                links = f"SELECT l.{term_column} FROM {table} l WHERE l.{case_study_column} = f.id"  # noqa: S608
                joined, term_id = f"{source} f CROSS JOIN unnest(ARRAY({links})) AS term(id)", "term.id"
            else:
                joined, term_id = f"{source} f JOIN {table} l ON l.{case_study_column} = f.id", f"l.{term_column}"
        parts.append(
            f"SELECT '{facet.parameter}', {term_id}::text, {counted} FROM {joined} "  # noqa: S608
            f"WHERE {term_id} IS NOT NULL{others(facet.parameter)} GROUP BY {term_id}"
        )
    sql = f"WITH {', '.join(ctes)} {' UNION ALL '.join(parts)}"
    # Through the router, so that a read replica (qportal/replica.py) takes this read too.
    with connections[router.db_for_read(CaseStudy)].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total = next((n for facet, _term, n in rows if facet == "total"), 0)
    by_facet: dict[str, dict[str, int]] = {facet.parameter: {} for facet in FACETS}
    for facet_parameter, term, n in rows:
        if facet_parameter != "total":
            by_facet[facet_parameter][term] = n
    return total, by_facet


def _facet_values(facet: Facet, counted: dict[str, int], query: LibraryQuery) -> FacetCounts:
    names = terms(facet.model) if facet.model is not None else [(value, value, label) for value, label in facet.choices]
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


TERMS_CACHE_SECONDS = 300


def terms_cache_key(model: type[Term]) -> str:
    return f"casestudies:terms:{model._meta.model_name}"


def terms(model: type[Term]) -> list[tuple[int, str, str]]:
    """(id, slug, name) of every term of a kind, by name; cached briefly, as curators rarely change them."""
    key = terms_cache_key(model)
    cached = cache.get(key)
    if cached is None:
        cached = list(model.objects.order_by("name").values_list("id", "slug", "name"))
        cache.set(key, cached, TERMS_CACHE_SECONDS)
    return cached


def active_filters(query: LibraryQuery) -> list[ActiveFilter]:
    filters = []
    if query.featured:
        filters.append(
            ActiveFilter(label="Featured", name="Featured by our curators", remove_url=query.url(featured=None))
        )
    for facet in FACETS:
        for slug in query.selected[facet.parameter]:
            remaining = [s for s in query.selected[facet.parameter] if s != slug]
            filters.append(
                ActiveFilter(
                    label=facet.label,
                    name=query.selected_terms[facet.parameter][slug][1],
                    remove_url=query.url(**{facet.parameter: remaining}),
                )
            )
    return filters


def results(base: CaseStudyQuerySet, query: LibraryQuery) -> CaseStudyQuerySet:
    queryset = filtered(base, query)
    if query.sort == "relevance":
        queryset = search.ranked(queryset, query.text)
    elif query.sort == "oldest":
        queryset = queryset.oldest_first()
    elif query.sort == "most_adapted":
        queryset = queryset.most_adapted_first()
    else:
        queryset = queryset.newest_first()
    if query.is_search:
        queryset = search.with_snippets(queryset, query.text)
    return queryset.with_card_data()


# How much of a broad search's ranking is kept: the first ten pages, as few go further.
RANKED_IDS_KEPT = 200
RANKING_CACHE_SECONDS = 60 * 60


class RankedCards:
    """The cards of a search by relevance, for the paginator: the page's ids, best first, from a
    query that only ranks, then those cards with their snippets.

    Ranking reads every match, so a search matching SEARCH_COUNTS_CACHED_FROM or more (or any
    phrase: keeps_answers) keeps the ids of its first pages until the library next changes; a
    page among them then reads only its own cards. Pages past them come from the results query.
    A case study unpublished since its ranking was kept is left out (and retires the ranking
    itself).

    A search whose counts were estimated matches too much of the library to rank every match:
    its candidates (search.ranking_candidates) are ranked and all kept, and past them its other
    matches follow, newest first.
    """

    def __init__(self, base: CaseStudyQuerySet, query: LibraryQuery, counts: Counts) -> None:
        self.base, self.query, self.total = base, query, counts.total
        self.among_candidates = counts.estimated
        # A search matching few case studies also offers those matching most of its words.
        self.falls_back = counts.total < search.FEW and not counts.estimated
        self.near: list[CaseStudy] = []
        self.near_most = True

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, wanted: slice) -> list[CaseStudy] | CaseStudyQuerySet:
        start, stop = wanted.start or 0, wanted.stop
        if self.falls_back:
            return self.with_near_matches(wanted)
        if self.among_candidates:
            kept = self.kept_ids()
            cards = self.cards(kept[start:stop])
            if stop is None or stop > len(kept):
                others = results(self.base, replace(self.query, sort="newest")).exclude(pk__in=kept)
                end = None if stop is None else stop - len(kept)
                cards += list(others.only_card_columns()[max(start - len(kept), 0) : end])
            return cards
        if stop is None or stop > RANKED_IDS_KEPT:
            return results(self.base, self.query).only_card_columns()[wanted]
        ids = self.kept_ids()[wanted] if keeps_answers(self.query, self.total) else list(self.ranked_ids()[wanted])
        return self.cards(ids)

    def with_near_matches(self, wanted: slice) -> list[CaseStudy]:
        """The few strict matches, and kept in `near` those matching most of the words: one query
        ranks both (the strict ones first), one reads their cards."""
        base = faceted(self.base, self.query)
        # Another order than relevance is kept: the strict matches, then the others, each in that order.
        orders = {"oldest": base.oldest_first, "most_adapted": base.most_adapted_first, "newest": base.newest_first}
        ordering = orders[self.query.sort]().query.order_by if self.query.sort in orders else ()
        loose = search.near_matching(base, self.query.text, ordering)
        if loose is None:
            self.falls_back = False
            if self.query.sort != "relevance":
                return list(results(self.base, self.query).only_card_columns()[wanted])
            return self[wanted]
        rows = list(loose.values_list("pk", "is_strict", "coverage")[: self.total + search.NEAR_LIMIT])
        strict = [pk for pk, is_strict, _coverage in rows if is_strict]
        others = [(pk, coverage) for pk, is_strict, coverage in rows if not is_strict]
        # Those matching most of the words; when none do, those matching any, rather than nothing.
        near = [pk for pk, coverage in others if coverage >= search.most_of(self.query.text)]
        self.near_most = bool(near)
        near = near or [pk for pk, _coverage in others]
        cards = self.cards(strict + near)
        self.near = cards[len(strict) :]
        return cards[: len(strict)][wanted]

    def cards(self, ids: list[int]) -> list[CaseStudy]:
        if not ids:
            return []
        cards = search.with_snippets(self.base.filter(pk__in=ids), self.query.text).with_card_data()
        found = {card.pk: card for card in cards.only_card_columns()}
        return [found[pk] for pk in ids if pk in found]

    def ranked_ids(self):
        if self.among_candidates:
            candidates = search.ranking_candidates(faceted(self.base, self.query), self.query.text)
            # Every candidate matches the text already: ranking them need not match it again.
            return search.ranked(self.base.filter(pk__in=candidates), self.query.text).values_list("pk", flat=True)
        return search.ranked(filtered(self.base, self.query), self.query.text).values_list("pk", flat=True)

    def kept_ids(self) -> list[int]:
        among = "candidates" if self.among_candidates else "all"
        key = f"casestudies:ranked:{search.library_version()}:{among}:{_digest(self.query)}"
        ids = cache.get(key)
        if ids is None:
            ranked = self.ranked_ids()
            ids = list(ranked if self.among_candidates else ranked[:RANKED_IDS_KEPT])
            cache.set(key, ids, RANKING_CACHE_SECONDS)
        return ids


def result_cards(base: CaseStudyQuerySet, query: LibraryQuery, counts: Counts) -> CaseStudyQuerySet | RankedCards:
    """What the list pages through: the results query, or for a search by relevance (or one
    matching few case studies, which then offers those matching most of its words) its ranking."""
    if query.sort == "relevance" or (query.is_search and counts.total < search.FEW and not counts.estimated):
        return RankedCards(base, query, counts)
    return results(base, query).only_card_columns()


def paginate(queryset: CaseStudyQuerySet | RankedCards, query: LibraryQuery, *, count: int | None = None) -> Page:
    """The requested page; a page that is not a number or past the end gives the first or last, with a notice.
    A count already known (from counts()) saves the paginator its own count query."""
    paginator = Paginator(queryset, PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached property: setting it skips the query
    try:
        return paginator.page(query.page)
    except PageNotAnInteger:
        query.notices.append("The page number was not a number, so the first page is shown.")
        return paginator.page(1)
    except EmptyPage:
        last = paginator.num_pages
        if str(query.page).lstrip("-").isdigit() and int(query.page) > last:
            query.notices.append(f"There are only {last} pages of results, so the last page is shown.")
            return paginator.page(last)
        query.notices.append("Page numbers start at 1, so the first page is shown.")
        return paginator.page(1)


def base_queryset(query: LibraryQuery | None = None) -> CaseStudyQuerySet:
    """What the library lists: published case studies only (drafts live on their authors' pages),
    and of those only the featured ones when the query asks for them."""
    published = CaseStudy.objects.published()
    return published.featured() if query is not None and query.featured else published


def page_links(page: Page, query: LibraryQuery, *, estimated: bool = False) -> PageLinks:
    return PageLinks(
        previous_url=query.url(page=page.previous_page_number()) if page.has_previous() else None,
        next_url=query.url(page=page.next_page_number()) if page.has_next() else None,
        current=page.number,
        total=page.paginator.num_pages,
        estimated=estimated,
    )
