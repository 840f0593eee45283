"""Full-text search of the library, on PostgreSQL's own text search.

Each case study keeps a stored, weighted tsvector (title A; summary and outcome measures B;
sections C; organisations and taxonomy D) with a GIN index. Queries use the websearch syntax
people know ("quoted phrases", -exclude, or). Improvement vocabulary has many names for one
thing, so each synonym group is folded into the query with ts_rewrite: either name finds
both. When a search finds nothing, the closest words from the library's own vocabulary are
offered instead (rapidfuzz over ts_stat), so no contrib extension (pg_trgm, unaccent) is needed.
"""

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchQueryField, SearchRank
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from rapidfuzz import fuzz, process

from qportal.cache_versions import bump_version, current_version

from .models import CaseStudy, CaseStudyQuerySet
from .models.case_study import TitleVector

CONFIG = "english"
MAX_QUERY_LENGTH = 200
# Ranking weights for D, C, B, A: a word in the title counts most, one in a taxonomy name least.
RANK_WEIGHTS = [0.1, 0.3, 0.6, 1.0]

# Each group is one idea under several names. Forms are written as a person would type them.
SYNONYMS: list[tuple[str, ...]] = [
    ("PDSA", "plan-do-study-act", "plan do study act"),
    ("QI", "quality improvement"),
    ("A&E", "ED", "emergency department", "accident and emergency"),
    ("SPC", "statistical process control"),
    ("VMPS", "Virginia Mason", "Virginia Mason Production System"),
    ("EBCD", "experience-based co-design", "experience based co-design"),
    ("GP", "general practice", "general practitioner"),
    ("LOS", "length of stay"),
    ("DTOC", "delayed transfers of care", "delayed discharge"),
    ("reduction", "reduce"),
]

# Rare characters that mark highlighted words in ts_headline's output before it is escaped.
_MARK_START = "\ue000"
_MARK_END = "\ue001"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MARKDOWN_PUNCTUATION = re.compile(r"[*_#`>\[\]]+|\(https?://[^)\s]*\)")
_WORD = re.compile(r"[^\W\d_]{3,}")
VOCABULARY_CACHE_KEY = "casestudies:search-vocabulary"
LIBRARY_VERSION_CACHE_KEY = "casestudies:library-version"
VOCABULARY_CACHE_SECONDS = 60 * 60


def clean_query(text: str) -> str:
    """The query as it will be searched: control characters dropped, spaces collapsed, length capped."""
    text = _CONTROL.sub(" ", text or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def has_words(text: str) -> bool:
    return any(character.isalnum() for character in text)


class TsRewrite(Func):
    function = "ts_rewrite"
    output_field = SearchQueryField()


class Matches(Func):
    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()


def _mentions(text: str, form: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text, flags=re.IGNORECASE) is not None


def build_query(text: str) -> Func | SearchQuery:
    """The tsquery for a cleaned query text, with every synonym group it mentions widened to all its forms."""
    query: Func | SearchQuery = SearchQuery(text, search_type="websearch", config=CONFIG)
    for group in SYNONYMS:
        mentioned = [form for form in group if _mentions(text, form)]
        if not mentioned:
            continue
        any_form = SearchQuery(group[0], search_type="websearch", config=CONFIG)
        for form in group[1:]:
            any_form = any_form | SearchQuery(form, search_type="websearch", config=CONFIG)
        for form in mentioned:
            query = TsRewrite(query, SearchQuery(form, search_type="websearch", config=CONFIG), any_form)
    return query


def matching(queryset: CaseStudyQuerySet, text: str) -> CaseStudyQuerySet:
    """Case studies whose stored vector matches a cleaned query text."""
    return queryset.filter(Matches(F("search_vector"), build_query(text)))


def ranked(queryset: CaseStudyQuerySet, text: str) -> CaseStudyQuerySet:
    """Best first: an exact title match, then by weighted rank, then newest."""
    return queryset.annotate(
        title_match=Case(When(title__iexact=text, then=Value(1)), default=Value(0), output_field=IntegerField()),
        rank=SearchRank(F("search_vector"), build_query(text), weights=RANK_WEIGHTS),
    ).order_by("-title_match", "-rank", F("published_at").desc(nulls_last=True), "-id")


# A text matching much of the library is ranked among its newest matches and the newest whose
# title matches (where the best matches mostly are, as a title weighs most), not among every
# match: ranking reads each one's whole vector, and this way its cost stays the same however
# large the library grows. A broad search's other matches follow them, newest first.
RANKED_FROM_NEWEST = 1000
RANKED_FROM_TITLES = 100


def ranking_candidates(queryset: CaseStudyQuerySet, text: str) -> list[int]:
    """The ids of the newest case studies matching a cleaned query text and of the newest whose
    title matches it (one query). PostgreSQL walks the newest first until it has enough for a
    common text, or reads the few matches of a rarer one from the index."""
    newest = matching(queryset, text).newest_first()
    titled = queryset.filter(Matches(TitleVector("title"), build_query(text))).newest_first()
    return list(
        newest.values_list("pk", flat=True)[:RANKED_FROM_NEWEST].union(
            titled.values_list("pk", flat=True)[:RANKED_FROM_TITLES]
        )
    )


def search(queryset: CaseStudyQuerySet, text: str) -> CaseStudyQuerySet:
    """Matching case studies, best first. `text` should have been through clean_query()."""
    return ranked(matching(queryset, text), text)


def with_snippets(queryset: CaseStudyQuerySet, text: str) -> CaseStudyQuerySet:
    """Adds `snippet_marked`: the best passages of the summary and results with the matched words marked."""
    return queryset.annotate(
        snippet_marked=SearchHeadline(
            Concat("summary", Value("\n"), "results", output_field=TextField()),
            build_query(text),
            config=CONFIG,
            start_sel=_MARK_START,
            stop_sel=_MARK_END,
            max_words=40,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def snippet_html(marked: str) -> str:
    """ts_headline's output as safe HTML: everything escaped, then the marks turned into <mark>."""
    plain = _MARKDOWN_PUNCTUATION.sub("", marked)
    escaped = html.escape(plain)
    return escaped.replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>")


# --- Keeping the stored vectors up to date -------------------------------------------------------

_REFRESH_SQL = """
UPDATE casestudies_casestudy AS cs SET search_vector =
    setweight(to_tsvector(%(config)s, coalesce(cs.title, '')), 'A')
 || setweight(to_tsvector(%(config)s, concat_ws(' ', cs.summary,
        (SELECT string_agg(o.label, ' ') FROM casestudies_outcomemeasure o WHERE o.case_study_id = cs.id))), 'B')
 || setweight(to_tsvector(%(config)s,
        concat_ws(' ', cs.problem, cs.actions, cs.results, cs.lessons, cs.next_steps)), 'C')
 || setweight(to_tsvector(%(config)s, concat_ws(' ',
        (SELECT string_agg(org.name, ' ') FROM casestudies_casestudy_organisations l
            JOIN casestudies_organisation org ON org.id = l.organisation_id WHERE l.casestudy_id = cs.id),
        (SELECT string_agg(t.name, ' ') FROM casestudies_casestudy_topics l
            JOIN casestudies_topic t ON t.id = l.topic_id WHERE l.casestudy_id = cs.id),
        (SELECT string_agg(s.name, ' ') FROM casestudies_casestudy_care_settings l
            JOIN casestudies_caresetting s ON s.id = l.caresetting_id WHERE l.casestudy_id = cs.id),
        (SELECT string_agg(a.name, ' ') FROM casestudies_casestudy_approaches l
            JOIN casestudies_improvementapproach a ON a.id = l.improvementapproach_id WHERE l.casestudy_id = cs.id),
        (SELECT r.name FROM casestudies_region r WHERE r.id = cs.region_id))), 'D')
WHERE cs.id = ANY(%(ids)s)
"""


def search_vectors_refresh(*, case_study_ids: Iterable[int]) -> None:
    """Recomputes the stored search vector of the given case studies (one UPDATE)."""
    ids = list(case_study_ids)
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(_REFRESH_SQL, {"config": CONFIG, "ids": ids})
    cache.delete(VOCABULARY_CACHE_KEY)
    library_changed()


def library_version() -> int:
    """A number that changes whenever the library does; cached figures about it carry it in their key."""
    return current_version(LIBRARY_VERSION_CACHE_KEY)


def library_changed() -> None:
    """Retires every cached figure about the library, once the change is committed and visible.

    Readers take the version before reading the data, so whoever sees the new version also sees
    the committed change; a reader that took the old one caches under a key no one asks for again.
    """
    transaction.on_commit(lambda: bump_version(LIBRARY_VERSION_CACHE_KEY))


# --- "Did you mean" --------------------------------------------------------------------------------

# ts_stat takes the query whose vectors it reads as text; 'simple' keeps words unstemmed, as people write them.
_VOCABULARY_VECTORS = (
    "SELECT to_tsvector('simple', concat_ws(' ', title, summary, problem, actions, results, lessons)) "
    "FROM casestudies_casestudy WHERE status = 'published'"
)
_VOCABULARY_SQL = """
SELECT word FROM ts_stat(%s) WHERE length(word) >= 3 AND word !~ '[0-9]' ORDER BY ndoc DESC LIMIT 20000
"""


def vocabulary() -> list[str]:
    """Words of the published library as people write them (unstemmed), most common first; cached."""
    words = cache.get(VOCABULARY_CACHE_KEY)
    if words is None:
        with connection.cursor() as cursor:
            cursor.execute(_VOCABULARY_SQL, [_VOCABULARY_VECTORS])
            words = [row[0] for row in cursor.fetchall()]
        cache.set(VOCABULARY_CACHE_KEY, words, VOCABULARY_CACHE_SECONDS)
    return words


@dataclass(frozen=True)
class Suggestion:
    text: str


def suggest(text: str) -> Suggestion | None:
    """A corrected query when some of its words are not in the library but close to ones that are."""
    words = vocabulary()
    if not words:
        return None
    known = set(words)
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        if word.lower() in known:
            return word
        best = process.extractOne(word.lower(), words, scorer=fuzz.ratio, score_cutoff=75)
        if best is None:
            return word
        changed = True
        return best[0]

    corrected = _WORD.sub(replace, text)
    return Suggestion(corrected) if changed else None


# --- Related case studies ----------------------------------------------------------------------------

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
