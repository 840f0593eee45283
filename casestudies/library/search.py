"""Full-text search of the library, on PostgreSQL's own text search.

Each case study keeps a stored, weighted tsvector (title A; summary and outcome measures B;
sections C; organisations and taxonomy D) with a GIN index. A text is read as a person would
mean it (casestudies.library.query_text): question words set aside, words such as "reduce" counted but
never required, each idea widened to its other names from the curators' vocabulary
(casestudies.library.vocabulary), quoted phrases and -exclusions kept strict. A case study matches when
it has every required idea; a search matching few also offers those matching most of them,
with misspelt words read as the library's closest word (rapidfuzz over ts_stat), so no contrib
extension (pg_trgm, unaccent) is needed. All of it is applied as each search is made: changing
the vocabulary needs no reindexing.
"""

import html
import math
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache, reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat
from rapidfuzz import fuzz, process

from casestudies.library import query_text, vocabulary
from casestudies.library.models import CaseStudyQuerySet
from casestudies.library.models.queries import TitleVector
from core.cache_versions import bump_version, current_version

CONFIG = "english"
MAX_QUERY_LENGTH = 200
# Ranking weights for D, C, B, A: a word in the title counts most, one in a taxonomy name least.
RANK_WEIGHTS = [0.1, 0.3, 0.6, 1.0]
# Where a word is found, for relevance (D, C, B, A): the title counts most, then the summary and
# outcome measures, then the topics (with the organisations and region), then the sections.
FIELD_WEIGHTS = [0.3, 0.15, 0.45, 1.0]

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


def has_meaning(text: str) -> bool:
    """Whether a text has anything to look for once question and common words are set aside."""
    return not understood(text).is_empty


class Matches(Func):
    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()


_VECTOR = F("search_vector")


def understood(text: str) -> query_text.Understood:
    """What a cleaned text asks for, read with the vocabulary as it stands (cached for the
    vocabulary's current version, so an edit by a curator counts from the next search)."""
    return _understood(text, vocabulary.version())


@lru_cache(maxsize=512)
def _understood(text: str, version: int) -> query_text.Understood:
    return query_text.understand(text, vocabulary.groups(version))


def _form(form: str) -> SearchQuery:
    # As a quoted phrase: a form of several words means those words together, and nothing in a
    # form can act as an operator (query_text.safe_form has kept only words).
    return SearchQuery(f'"{form}"', search_type="websearch", config=CONFIG)


def _any(forms) -> SearchQuery:
    queries = [_form(form) for form in forms]
    return reduce(operator.or_, queries)


def _strict(u: query_text.Understood, terms=None) -> SearchQuery | None:
    """Every required term (or, with none, every soft one), every phrase, and none of the exclusions."""
    parts = [_any(term) for term in (u.positive_terms if terms is None else terms)]
    parts += [_form(phrase) for phrase in u.phrases]
    parts += [~_form(word) for word in u.exclusions]
    return reduce(operator.and_, parts) if parts else None


def reads_positions(text: str) -> bool:
    """Whether matching a cleaned text checks where its words stand: a phrase, or a form of several
    words. The index then only narrows the matches to the case studies holding all of the words,
    and each of those has its whole vector read; when the words are common apart, as "waiting" and
    "list" are, that is most of the library, however few match."""
    u = understood(text)
    forms = [*u.phrases, *(form for term in (*u.positive_terms, *u.soft) for form in term)]
    return any(len(form.replace("-", " ").split()) > 1 for form in forms)


def build_query(text: str) -> SearchQuery | None:
    """The strict tsquery of a cleaned text: what the library counts as a match."""
    return _strict(understood(text))


def matching(queryset: CaseStudyQuerySet, text: str) -> CaseStudyQuerySet:
    """Case studies that match a cleaned query text strictly (every required word)."""
    query = build_query(text)
    return queryset.none() if query is None else queryset.filter(Matches(_VECTOR, query))


def _found(vector, query) -> Case:
    return Case(When(Matches(vector, query), then=Value(1.0)), default=Value(0.0), output_field=FloatField())


def _relevance(u: query_text.Understood, terms: tuple) -> ExpressionWrapper:
    """How well a case study answers: each term counts by the best place it is found (FIELD_WEIGHTS:
    the title most, then the summary and outcome measures, the topics, the sections), soft terms a
    third as much; and the words close together (cover density) count too. One ts_rank for each
    term and one ts_rank_cd: each reads the stored vector afresh, so every extra one costs."""
    weighted = [(term, 1.0) for term in (*terms, *((phrase,) for phrase in u.phrases))]
    weighted += [(term, 1 / 3) for term in u.soft if terms is not u.soft]
    total = sum(weight for _, weight in weighted) or 1.0
    score = Value(0.0, output_field=FloatField())
    for term, weight in weighted:
        score = score + Value(2 * weight / total) * SearchRank(_VECTOR, _any(term), weights=FIELD_WEIGHTS)
    strict = _strict(u)
    if strict is not None:
        score = score + SearchRank(_VECTOR, strict, weights=RANK_WEIGHTS, cover_density=True, normalization=Value(1))
    return ExpressionWrapper(score, output_field=FloatField())


# Among equally good matches: featured first, then the most adapted, then the newest.
TIE_BREAKS = ("-featured", "-adaptation_count", F("published_at").desc(nulls_last=True), "-id")


def ranked(queryset: CaseStudyQuerySet, text: str) -> CaseStudyQuerySet:
    """Best first: an exact title match, then by relevance (see _relevance), then the tie breaks."""
    u = understood(text)
    return queryset.annotate(
        title_match=Case(When(title__iexact=text, then=Value(1)), default=Value(0), output_field=IntegerField()),
        relevance=_relevance(u, u.positive_terms),
    ).order_by("-title_match", "-relevance", *TIE_BREAKS)


# --- Matching most of the words ---------------------------------------------------------------------

# A search matching fewer than this many case studies also offers those matching most of its words.
FEW = 3
NEAR_LIMIT = 10
NEAR_CANDIDATES = 1000


def loose_terms(text: str) -> tuple[query_text.Term, ...]:
    """The required terms, each widened with the library's closest word for a word it does not know."""
    u = understood(text)
    return tuple(_with_corrections(term) for term in u.positive_terms)


def near_matching(queryset: CaseStudyQuerySet, text: str, ordering: tuple = ()) -> CaseStudyQuerySet | None:
    """Case studies matching any of the required terms (misspelt words corrected), the phrases
    and none of the exclusions, annotated with how many terms each matches (`coverage`): the
    strict matches first, then those matching the most terms, each by `ordering` (by default by
    relevance); None when that is no wider than the strict search.

    They are ranked among the newest NEAR_CANDIDATES of them (and the strict matches), so that
    a search of common words costs the same however large the library grows."""
    u = understood(text)
    terms = loose_terms(text)
    if not terms or (len(terms) < 2 and terms == u.positive_terms):
        return None
    anywhere = _strict(u, terms=[tuple(form for term in terms for form in term)])
    strict = _strict(u)
    newest = queryset.filter(Matches(_VECTOR, anywhere)).newest_first().values("pk")[:NEAR_CANDIDATES]
    # With the strict matches (a UNION, so that each side reads the index), however old they are.
    candidates = newest.union(queryset.filter(Matches(_VECTOR, strict)).values("pk"))
    coverage = reduce(operator.add, [_found(_VECTOR, _any(term)) for term in terms])
    return (
        queryset.filter(pk__in=candidates)
        .annotate(
            coverage=ExpressionWrapper(coverage, output_field=FloatField()),
            is_strict=_found(_VECTOR, strict),
            relevance=_relevance(u, terms),
        )
        .order_by("-is_strict", "-coverage", *(ordering or ("-relevance", *TIE_BREAKS)))
    )


def most_of(text: str) -> int:
    """How many of a text's terms are "most of its words": at least half."""
    return math.ceil(len(loose_terms(text)) / 2)


def _with_corrections(term: query_text.Term) -> query_text.Term:
    if len(term) > 1 or len(term[0]) < 4 or not term[0].isalpha():
        return term
    # Only once a search finding nothing has read the library's words (for its "did you mean"):
    # reading them costs a pass over the whole library, too much for every search of few matches.
    words = vocabulary_words(compute=False)
    if not words or term[0] in set(words):
        return term
    best = process.extractOne(term[0], words, scorer=fuzz.ratio, score_cutoff=75)
    return term if best is None else (term[0], best[0])


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
    query = build_query(text)
    if query is None:
        return []
    newest = matching(queryset, text).newest_first()
    titled = queryset.filter(Matches(TitleVector("title"), query)).newest_first()
    return list(
        newest.values_list("pk", flat=True)[:RANKED_FROM_NEWEST].union(
            titled.values_list("pk", flat=True)[:RANKED_FROM_TITLES]
        )
    )


def search(queryset: CaseStudyQuerySet, text: str) -> CaseStudyQuerySet:
    """Matching case studies, best first. `text` should have been through clean_query()."""
    return ranked(matching(queryset, text), text)


def with_snippets(queryset: CaseStudyQuerySet, text: str) -> CaseStudyQuerySet:
    """Adds `snippet_marked`: the best passages of the summary and results with the matched words marked
    (any of the words, so that a case study matching most of them shows which)."""
    u = understood(text)
    forms = [form for term in (*u.positive_terms, *u.soft) for form in term] + list(u.phrases)
    if not forms:
        return queryset.annotate(snippet_marked=Value("", output_field=TextField()))
    return queryset.annotate(
        snippet_marked=SearchHeadline(
            Concat("summary", Value("\n"), "results", output_field=TextField()),
            _any(forms),
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
RETURNING cs.status = 'published'
"""


def search_vectors_refresh(*, case_study_ids: Iterable[int]) -> None:
    """Recomputes the stored search vector of the given case studies (one UPDATE), retiring the
    library's cached figures if any is published (one leaving the library: page_keys)."""
    ids = list(case_study_ids)
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(_REFRESH_SQL, {"config": CONFIG, "ids": ids})
        published = any(is_published for (is_published,) in cursor.fetchall())
    # An author saving a draft changes nothing a search or a count shows.
    if published:
        published_changed()


def published_changed() -> None:
    """Retires the library's cached figures and words, for a change to what is published."""
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


def vocabulary_words(*, compute: bool = True) -> list[str]:
    """Words of the published library as people write them (unstemmed), most common first; cached.
    Reading them takes the whole library, so without `compute` none are given until cached."""
    words = cache.get(VOCABULARY_CACHE_KEY)
    if words is None and not compute:
        return []
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
    words = vocabulary_words()
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
