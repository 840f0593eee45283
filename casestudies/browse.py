"""Browsing the library: reading /case-studies/?q=&topic=&setting=&approach=&region=&sort=&page=
into a query, its facets with counts, and the page of results.

Every part runs a fixed number of queries whatever the data: one to check facet slugs, one
count and one page of results, two prefetches, one count query per facet.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import CharField, Count, Q, Value
from django.http import QueryDict

from . import search
from .models import CareSetting, CaseStudy, CaseStudyQuerySet, ImprovementApproach, Region, Topic
from .models.taxonomy import Term

PAGE_SIZE = 20
MAX_VALUES_PER_FACET = 20
_SLUG = re.compile(r"^[-a-z0-9_]{1,140}$")


@dataclass(frozen=True)
class Facet:
    parameter: str
    label: str
    model: type[Term]
    filter_method: str


FACETS = [
    Facet("topic", "Topic", Topic, "for_topics"),
    Facet("setting", "Care setting", CareSetting, "for_care_settings"),
    Facet("approach", "Improvement approach", ImprovementApproach, "for_approaches"),
    Facet("region", "Region", Region, "for_regions"),
]
SORTS = {"relevance": "Best match", "newest": "Newest first", "oldest": "Oldest first"}


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
    notices: list[str] = field(default_factory=list)

    @property
    def is_search(self) -> bool:
        return bool(self.text)

    def params(self, **changes: object) -> list[tuple[str, str]]:
        """Query-string pairs for this query, with some values changed (None removes them)."""
        values: dict[str, object] = {"q": self.text, **self.selected, "sort": self.sort_param}
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
    query.text = text

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
    if not any(wanted.values()):
        known: set[tuple[str, str]] = set()
    else:
        parts = [
            facet.model.objects.filter(slug__in=wanted[facet.parameter]).values_list(
                Value(facet.parameter, output_field=CharField()), "slug"
            )
            for facet in FACETS
        ]
        known = set(parts[0].union(*parts[1:], all=True))
    for facet in FACETS:
        unknown = [slug for slug in query.selected[facet.parameter] if (facet.parameter, slug) not in known]
        if unknown:
            names = ", ".join(f"“{slug[:40]}”" for slug in unknown[:3])
            query.notices.append(f"There is no {facet.label.lower()} called {names}, so that filter was ignored.")
            query.selected[facet.parameter] = [s for s in query.selected[facet.parameter] if s not in unknown]


def filtered(base: CaseStudyQuerySet, query: LibraryQuery, *, except_facet: str | None = None) -> CaseStudyQuerySet:
    """The case studies matching the query's text and facets (all but one, for that facet's counts)."""
    queryset = base
    if query.is_search:
        queryset = search.matching(queryset, query.text)
    for facet in FACETS:
        if facet.parameter != except_facet and query.selected[facet.parameter]:
            queryset = getattr(queryset, facet.filter_method)(query.selected[facet.parameter])
    return queryset


def facet_counts(base: CaseStudyQuerySet, query: LibraryQuery) -> list[FacetCounts]:
    """Each facet's values with how many results choosing each would give (OR within, AND across facets)."""
    result = []
    for facet in FACETS:
        matching = filtered(base, query, except_facet=facet.parameter).values("pk")
        terms = facet.model.objects.annotate(
            result_count=Count("case_studies", filter=Q(case_studies__in=matching))
        ).order_by("name")
        selected = query.selected[facet.parameter]
        values = [
            FacetValue(
                name=term.name,
                slug=term.slug,
                count=term.result_count,
                selected=term.slug in selected,
                input_id=f"{facet.parameter}-{term.slug}",
            )
            for term in terms
            if term.result_count or term.slug in selected
        ]
        result.append(FacetCounts(facet, values))
    return result


def active_filters(query: LibraryQuery, counts: list[FacetCounts]) -> list[ActiveFilter]:
    names = {(c.facet.parameter, v.slug): v.name for c in counts for v in c.values}
    filters = []
    for facet in FACETS:
        for slug in query.selected[facet.parameter]:
            remaining = [s for s in query.selected[facet.parameter] if s != slug]
            filters.append(
                ActiveFilter(
                    label=facet.label,
                    name=names.get((facet.parameter, slug), slug),
                    remove_url=query.url(**{facet.parameter: remaining}),
                )
            )
    return filters


def results(base: CaseStudyQuerySet, query: LibraryQuery) -> CaseStudyQuerySet:
    queryset = filtered(base, query)
    if query.is_search:
        if query.sort == "relevance":
            queryset = search.ranked(queryset, query.text)
        elif query.sort == "oldest":
            queryset = queryset.oldest_first()
        else:
            queryset = queryset.newest_first()
        queryset = search.with_snippets(queryset, query.text)
    elif query.sort == "oldest":
        queryset = queryset.oldest_first()
    else:
        queryset = queryset.newest_first()
    return queryset.with_card_data()


def paginate(queryset: CaseStudyQuerySet, query: LibraryQuery) -> Page:
    """The requested page; a page that is not a number or past the end gives the first or last, with a notice."""
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        return paginator.page(query.page)
    except PageNotAnInteger:
        query.notices.append("The page number was not a number, so the first page is shown.")
        return paginator.page(1)
    except EmptyPage:
        last = paginator.num_pages
        if str(query.page).lstrip("-").isdigit() and int(query.page) > last:
            query.notices.append(f"There are only {last} pages of results, so the last page is shown.")
        else:
            query.notices.append("Page numbers start at 1, so the first page is shown.")
            return paginator.page(1)
        return paginator.page(last)


def base_queryset() -> CaseStudyQuerySet:
    """What the library lists: published case studies only (drafts live on their authors' pages)."""
    return CaseStudy.objects.published()


@dataclass(frozen=True)
class PageLinks:
    previous_url: str | None
    next_url: str | None
    current: int
    total: int


def page_links(page: Page, query: LibraryQuery) -> PageLinks:
    return PageLinks(
        previous_url=query.url(page=page.previous_page_number()) if page.has_previous() else None,
        next_url=query.url(page=page.next_page_number()) if page.has_next() else None,
        current=page.number,
        total=page.paginator.num_pages,
    )
