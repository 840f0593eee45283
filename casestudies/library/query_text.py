"""What a search text asks for, read as a person would read it (no database here).

People type questions ("how to reduce falls in care homes"), abbreviations ("DNA rates") and
everyday names ("pressure sores"). The text is split into:

- *required* terms, every one of which a strict match must contain, each with the other names
  of its idea from the vocabulary (casestudies.library.vocabulary);
- *soft* terms, words that say which way things should go ("reduce", "faster") or name who
  ("patients", "people"): they count towards ranking but never block a match, as the
  library's case studies say "fewer falls" as often as "reducing falls";
- quoted phrases and -exclusions, which keep their strict meaning;
- words dropped: question words ("how to", "ways of", "best") and the words the database
  ignores anyway ("the", "in").

Every form is reduced to words, hyphens, apostrophes and ampersands before it reaches
PostgreSQL, and is searched as a quoted phrase through websearch_to_tsquery, so nothing a
member or a curator types can act as a tsquery operator.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# A term's alternatives: the form typed first, then the other names of the same idea.
Term = tuple[str, ...]

MAX_TERMS = 12
MAX_FORMS_PER_TERM = 12
MAX_PHRASES = 4


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# PostgreSQL's English stop words (tsearch_data/english.stop): the database drops them from
# every query, so they can never be required.
STOP_WORDS = _words(
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her "
    "hers herself it its itself they them their theirs themselves what which who whom this that these "
    "those am is are was were be been being have has had having do does did doing a an the and but if or "
    "because as until while of at by for with about against between into through during before after "
    "above below to from up down in out on off over under again further then once here there when where "
    "why how all any both each few more most other some such no nor not only own same so than too very s "
    "t can will just don should now"
)
# Words of a question that say nothing about what is sought.
QUESTION_WORDS = _words(
    "best better good great ways way tips ideas idea examples example case study studies anyone know find "
    "looking look want need help advice guide guidance approaches evidence successful effective could "
    "would might may please"
)
# Words that say which way things should go, or name who: counted, never required.
SOFT_WORDS = _words(
    "reduce reduced reduces reducing reduction reductions cut cuts cutting lower lowering decrease "
    "decreasing fewer less stop stopping prevent preventing avoid avoiding tackle tackling improve "
    "improved improving improvement increase increasing faster quicker sooner shorter speed speeding get "
    "getting make making people patients patient rates rate times levels numbers"
)

_TOKEN_EDGE = re.compile(r"^[^\w&]+|[^\w&]+$")
_UNSAFE = re.compile(r"[^\w\s&'\-]")
_PHRASE = re.compile(r'"([^"]*)"?')


def safe_form(text: str) -> str:
    """A form as plain words: only letters, digits, spaces, hyphens, apostrophes and ampersands."""
    return " ".join(_UNSAFE.sub(" ", text.replace("_", " ")).split()).lower()[:100]


def _word(token: str) -> str:
    return safe_form(_TOKEN_EDGE.sub("", token)).replace(" ", "")


def stem(word: str) -> str:
    """A rough stem for spotting vocabulary forms in a text: appointments, appointment; missing, missed."""
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + replacement
    return word


def _parts(form: str) -> list[str]:
    return [part for part in re.split(r"[\s\-]+", form) if part]


def _stems(form: str) -> tuple[str, ...]:
    return tuple(stem(part) for part in _parts(form))


@dataclass(frozen=True)
class Understood:
    required: tuple[Term, ...] = ()
    soft: tuple[Term, ...] = ()
    phrases: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    dropped: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_empty(self) -> bool:
        return not (self.required or self.soft or self.phrases or self.exclusions)

    @property
    def positive_terms(self) -> tuple[Term, ...]:
        """What a match is ranked on: the required terms, or the soft ones when there are no others."""
        return self.required or self.soft


def understand(text: str, groups: Sequence[Sequence[str]] = ()) -> Understood:
    """Reads a cleaned search text; `groups` are the vocabulary's synonym groups (each a list of forms)."""
    phrases = [safe_form(p) for p in _PHRASE.findall(text)]
    rest = _PHRASE.sub(" ", text)
    exclusions: list[str] = []
    words: list[str] = []
    alternative_next = False
    for token in rest.split():
        if token.startswith("-") and len(token) > 1:
            if word := _word(token[1:]):
                exclusions.append(word)
            continue
        if token.lower() == "or" and words:
            alternative_next = True
            continue
        word = _word(token)
        if not word:
            continue
        words.append(("|" if alternative_next else "") + word)
        alternative_next = False
    terms = _terms(words, _vocabulary_index(groups))
    dropped = tuple(term[0] for term in terms if len(term) == 1 and _is_filler(term[0]))
    kept = [term for term in terms if not (len(term) == 1 and _is_filler(term[0]))]
    required = tuple(term for term in kept if not _is_soft(term))[:MAX_TERMS]
    soft = tuple(term for term in kept if _is_soft(term))[:MAX_TERMS]
    return Understood(
        required=required,
        soft=soft,
        phrases=tuple(p for p in phrases if any(w not in STOP_WORDS for w in p.split()))[:MAX_PHRASES],
        exclusions=tuple(e for e in exclusions if e not in STOP_WORDS)[:MAX_PHRASES],
        dropped=dropped,
    )


def _is_filler(word: str) -> bool:
    return word in STOP_WORDS or word in QUESTION_WORDS or not any(c.isalnum() for c in word)


def _is_soft(term: Term) -> bool:
    return term[0] in SOFT_WORDS


def _vocabulary_index(groups: Iterable[Sequence[str]]) -> dict[tuple[str, ...], list[str]]:
    """Each form's stems, to every form of every group it belongs to (one step: no chains, so a
    group that loops back on itself, or two that share a form, cannot expand without end)."""
    index: dict[tuple[str, ...], list[str]] = {}
    for group in groups:
        # A form of stop words alone ("the") would widen every search that has it.
        forms = [safe_form(form) for form in group]
        forms = list(dict.fromkeys(f for f in forms if any(p not in STOP_WORDS for p in _parts(f))))
        for form in forms:
            alternatives = index.setdefault(_stems(form), [])
            alternatives += [f for f in forms if f not in alternatives]
    return index


def _terms(words: list[str], index: dict[tuple[str, ...], list[str]]) -> list[Term]:
    """Words to terms: the longest run of whole words naming a vocabulary form becomes one term
    with all its group's forms; "x or y" becomes one term with both."""
    longest = max((len(key) for key in index), default=0)
    plain = [word.lstrip("|") for word in words]
    # Each word's parts (a hyphenated word has several), with the word each belongs to.
    parts = [(i, stem(part)) for i, word in enumerate(plain) for part in _parts(word)]
    terms: list[Term] = []
    position = 0
    while position < len(parts):
        first = parts[position][0]
        for size in range(min(longest, len(parts) - position), 0, -1):
            end = position + size
            ends_a_word = end == len(parts) or parts[end][0] != parts[end - 1][0]
            key = tuple(part for _, part in parts[position:end])
            if ends_a_word and key in index:
                typed = " ".join(plain[first : parts[end - 1][0] + 1])
                forms = [typed, *(f for f in index[key] if f != typed)][:MAX_FORMS_PER_TERM]
                terms.append(_joined(terms, tuple(forms), words[first].startswith("|")))
                position = end
                break
        else:
            terms.append(_joined(terms, (plain[first],), words[first].startswith("|")))
            while position < len(parts) and parts[position][0] == first:
                position += 1
    return terms


def _joined(terms: list[Term], term: Term, alternative: bool) -> Term:
    if alternative and terms:
        previous = terms.pop()
        return tuple(dict.fromkeys(previous + term))[:MAX_FORMS_PER_TERM]
    return term
