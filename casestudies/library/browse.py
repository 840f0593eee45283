"""Browsing the library: reading /case-studies/?q=&topic=&setting=&approach=&region=&benefit=&sort=&page=
into a query, its facets with counts, and the page of results.

Every part runs a fixed number of queries whatever the data: one to check facet slugs, one
query for the number of matches and every facet's counts (two for a narrow search in a large
library: its sample, then the whole), one or two to rank a search, the page of cards and two
prefetches. A broad search in a large library is counted in a fixed sample and ranked among a
fixed number of candidates, so its cost does not grow with the library either.
"""

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import HttpRequest, QueryDict

from casestudies.library import search, taxonomy
from casestudies.library.models import Benefit, CaseStudy, CaseStudyQuerySet, Evidence
from casestudies.library.models.taxonomy import Term
from core import read_ahead
from core.pagination import PageLinks

if TYPE_CHECKING:
    from casestudies.library.ranking import RankedCards

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


# The kinds of term (casestudies.library.taxonomy), then the measures' lenses and the evidence.
FACETS = [
    *(Facet(kind.key, kind.label, kind.model, kind.filter_method, kind.relation) for kind in taxonomy.KINDS),
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
    """Removes facet values that name no term (read from the terms kept in the cache, so that
    checking them costs no query), saying which."""
    wanted = {facet.parameter: [s for s in query.selected[facet.parameter] if _SLUG.match(s)] for facet in FACETS}
    # A choice stands for itself: its value is both its slug and its "id" in the counts.
    known: dict[tuple[str, str], tuple[int | str, str]] = {
        (facet.parameter, value): (value, label) for facet in FACETS for value, label in facet.choices
    }
    chosen = [facet for facet in TERM_FACETS if wanted[facet.parameter]]
    for facet, kind_terms in zip(chosen, terms_of([facet.model for facet in chosen]), strict=True):
        asked = set(wanted[facet.parameter])
        known |= {(facet.parameter, slug): (pk, name) for pk, slug, name in kind_terms if slug in asked}
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


TERMS_CACHE_SECONDS = 300


def terms_cache_key(model: type[Term]) -> str:
    return f"casestudies:terms:{model._meta.model_name}"


def terms(model: type[Term]) -> list[tuple[int, str, str]]:
    """(id, slug, name) of every term of a kind, by name; cached briefly, as curators rarely change them."""
    return terms_of([model])[0]


def terms_keys_ahead(request: HttpRequest) -> list[str]:
    """The terms a filtered list reads, for the page cache to read with the page's versions."""
    return [terms_cache_key(facet.model) for facet in TERM_FACETS if request.GET.get(facet.parameter)]


def terms_of(models: list[type[Term]]) -> list[list[tuple[int, str, str]]]:
    """terms() of several kinds, asked of the cache at once (a saved or deleted term retires its kind's)."""
    keys = [terms_cache_key(model) for model in models]
    found = read_ahead.get_many(keys) if keys else {}
    for model, key in zip(models, keys, strict=True):
        if key not in found:
            found[key] = list(model.objects.order_by("name").values_list("id", "slug", "name"))
            cache.set(key, found[key], TERMS_CACHE_SECONDS)
    return [found[key] for key in keys]


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


def paginate(queryset: "CaseStudyQuerySet | RankedCards", query: LibraryQuery, *, count: int | None = None) -> Page:
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
