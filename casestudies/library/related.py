"""Other published case studies most like one: shared topics and approaches, care settings,
region, and how well their text matches its title."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from casestudies.library.models import CaseStudy, CaseStudyQuerySet
from casestudies.library.search import CONFIG, RANK_WEIGHTS, library_version

_TITLE_WORD = re.compile(r"[^\W_]{4,}")


RELATED_CANDIDATES = 300
RELATED_CANDIDATES_PER_TERM = 50
RELATED_CACHE_SECONDS = 60 * 60


def related_to(case_study: CaseStudy, *, limit: int = 3) -> list[CaseStudy]:
    """Other published case studies most like this one, best first, ready for cards.

    The answer changes only with the library, so the chosen ids are cached under the library's
    version; the cards are read afresh, so a case study unpublished since is simply left out.
    """
    key = f"casestudies:related:{library_version()}:{case_study.pk}:{limit}"
    ids = cache.get(key)
    if ids is None:
        scored = list(_scored_as_related(case_study).for_cards()[:limit])
        cache.set(key, [card.pk for card in scored], RELATED_CACHE_SECONDS)
        return scored
    if not ids:
        return []
    found = {card.pk: card for card in CaseStudy.objects.published().filter(pk__in=ids).for_cards()}
    return [found[pk] for pk in ids if pk in found]


def _related_candidates(case_study: CaseStudy, terms: dict[str, list[int]]) -> list[int]:
    """The newest published case studies in each of this one's topics and approaches (one query).

    One small query per term, with the term's id written into it, lets PostgreSQL plan each by how
    common that term is: walk the newest case studies for a common topic, read a rare topic's few
    links. Scoring every case study that shares a term took seconds at 100,000.
    """
    each = max(RELATED_CANDIDATES // max(sum(len(ids) for ids in terms.values()), 1), RELATED_CANDIDATES_PER_TERM)
    base = CaseStudy.objects.published().exclude(pk=case_study.pk).newest_first().values_list("pk", flat=True)
    parts = [base.filter(**{field: term_id})[:each] for field, ids in terms.items() for term_id in ids]
    if not parts:
        return []
    # UNION (not UNION ALL): a case study in two of the terms is one candidate.
    return list(parts[0].union(*parts[1:])) if len(parts) > 1 else list(parts[0])


def _scored_as_related(case_study: CaseStudy) -> CaseStudyQuerySet:
    """Shared topics and approaches weigh most, then care settings, region, and how well their text
    matches this one's title (two queries: the candidates, then their scores)."""
    # Read through .all(), so the detail page's prefetched terms are used without a query.
    terms = {
        "topics": [topic.pk for topic in case_study.topics.all()],
        "approaches": [approach.pk for approach in case_study.approaches.all()],
    }
    setting_ids = [setting.pk for setting in case_study.care_settings.all()]

    def shared(field: str, column: str, ids: list[int]) -> Value | Coalesce:
        if not ids:
            return Value(0, output_field=IntegerField())
        through = getattr(CaseStudy, field).through
        counted = (
            through.objects.filter(casestudy_id=OuterRef("pk"), **{f"{column}__in": ids})
            .order_by()
            .values("casestudy_id")
            .annotate(n=Count("*"))
            .values("n")
        )
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    words = list(dict.fromkeys(word.lower() for word in _TITLE_WORD.findall(case_study.title)))[:12]
    text_rank: Value | SearchRank = Value(0.0, output_field=FloatField())
    if words:
        title_query = SearchQuery(" or ".join(words), search_type="websearch", config=CONFIG)
        text_rank = SearchRank(F("search_vector"), title_query, weights=RANK_WEIGHTS)
    same_region = Case(
        When(region_id=case_study.region_id, region_id__isnull=False, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    # Every candidate shares a topic or an approach, so every score is above nought.
    return (
        CaseStudy.objects.filter(pk__in=_related_candidates(case_study, terms))
        .annotate(
            similarity=ExpressionWrapper(
                3 * shared("topics", "topic_id", terms["topics"])
                + 2 * shared("approaches", "improvementapproach_id", terms["approaches"])
                + shared("care_settings", "caresetting_id", setting_ids)
                + same_region
                + 10 * text_rank,
                output_field=FloatField(),
            )
        )
        .order_by("-similarity", F("published_at").desc(nulls_last=True), "-pk")
    )
