"""Ranking a search by relevance for the paginator: the ids of its first pages kept until the
library changes, then only the page's own cards read."""

from dataclasses import replace

from django.core.cache import cache

from casestudies.library import counting, search
from casestudies.library.browse import LibraryQuery, faceted, filtered, results
from casestudies.library.models import CaseStudy, CaseStudyQuerySet

# How much of a broad search's ranking is kept: the first ten pages, as few go further.
RANKED_IDS_KEPT = 200

RANKING_CACHE_SECONDS = 60 * 60


class RankedCards:
    """The cards of a search by relevance, for the paginator: the page's ids, best first, from a
    query that only ranks, then those cards with their snippets.

    Ranking reads every match, so a search matching SEARCH_COUNTS_CACHED_FROM or more (or any
    phrase: counting.keeps_answers) keeps the ids of its first pages until the library next
    changes; a page among them then reads only its own cards. Pages past them come from the
    results query. A case study unpublished since its ranking was kept is left out (and retires
    the ranking itself).

    A search whose counts were estimated matches too much of the library to rank every match:
    its candidates (search.ranking_candidates) are ranked and all kept, and past them its other
    matches follow, newest first.
    """

    def __init__(self, base: CaseStudyQuerySet, query: LibraryQuery, counts: counting.Counts) -> None:
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
        kept = counting.keeps_answers(self.query, self.total)
        ids = self.kept_ids()[wanted] if kept else list(self.ranked_ids()[wanted])
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
        key = f"casestudies:ranked:{search.library_version()}:{among}:{counting.digest(self.query)}"
        ids = cache.get(key)
        if ids is None:
            ranked = self.ranked_ids()
            ids = list(ranked if self.among_candidates else ranked[:RANKED_IDS_KEPT])
            cache.set(key, ids, RANKING_CACHE_SECONDS)
        return ids


def result_cards(
    base: CaseStudyQuerySet, query: LibraryQuery, counts: counting.Counts
) -> CaseStudyQuerySet | RankedCards:
    """What the list pages through: the results query, or for a search by relevance (or one
    matching few case studies, which then offers those matching most of its words) its ranking."""
    if query.sort == "relevance" or (query.is_search and counts.total < search.FEW and not counts.estimated):
        return RankedCards(base, query, counts)
    return results(base, query).only_card_columns()
