"""Plausible improvement-work prose, fast enough for a million case studies.

The words are the ones such write-ups use, so PostgreSQL's stemmer and ranking see a realistic
spread of lexemes. Three terms are planted at known rates so the search figures mean something:
COMMON_TERM in about a third of the case studies, RARE_TERM in about one in a thousand, and
PHRASE (whose two words also appear apart everywhere) in about one in twenty.
"""

import random

COMMON_TERM = "discharge"
COMMON_RATE = 1 / 3
RARE_TERM = "chiropody"
RARE_RATE = 1 / 1000
PHRASE = "waiting list"
PHRASE_RATE = 1 / 20

SUBJECTS = [
    "The team", "Our ward staff", "The clinical lead", "A small project group", "Pharmacists",
    "Community nurses", "The improvement advisor", "Patients and carers", "Reception staff",
    "The steering group", "Junior doctors", "Physiotherapists", "Healthcare assistants",
    "The quality improvement team", "Service managers", "Volunteers", "Care home staff",
    "GPs in the network", "The operational team", "Matrons", "Occupational therapists",
    "The data analyst", "Midwives", "Health visitors", "The executive sponsor", "Porters",
]  # fmt: skip
VERBS = [
    "mapped", "measured", "tested", "redesigned", "reviewed", "simplified", "standardised",
    "introduced", "piloted", "spread", "audited", "co-designed", "streamlined", "monitored",
    "tracked", "shared", "trialled", "agreed", "rebuilt", "rethought", "documented", "automated",
]  # fmt: skip
OBJECTS = [
    "the admission process", "handovers between shifts", "the referral pathway",
    "medicines reconciliation", "bed management", "the outpatient booking system",
    "falls prevention checks", "the triage protocol", "ward rounds", "appointment reminders",
    "the sepsis screening tool", "staff rotas", "the frailty assessment", "infection control practice",
    "theatre scheduling", "the pressure ulcer bundle", "communication with families", "the safety huddle",
    "transport bookings", "follow-up calls", "the results inbox", "clinic templates", "the escalation policy",
    "nutrition and hydration rounds", "the prescribing formulary", "induction for new starters",
    "the telephone queue", "stock ordering", "the diabetes review", "end of life care plans",
]  # fmt: skip
OPENERS = [
    "Over {n} weeks,", "After the first PDSA cycle,", "Within six months,", "At first,",
    "In the second phase,", "By the end of the year,", "Working with patients,", "Using run charts,",
    "With support from the board,", "On two pilot wards,", "Across {n} practices,", "Each morning,",
]  # fmt: skip
CLAUSES = [
    "which freed up nursing time", "so that patients were seen sooner", "and staff reported less stress",
    "which cut duplicated paperwork", "so nobody had to chase results", "and the list of people waiting shrank",
    "which made delays visible to everyone", "and families felt better informed",
    "so the busiest hours were covered", "which reduced avoidable harm", "and variation between teams fell",
]  # fmt: skip
FINDINGS = [
    "varied widely between teams", "depended on a handful of experienced people",
    "took far longer than anyone expected", "was rarely recorded the same way twice",
    "caused most of the delays", "mattered more to patients than we assumed",
    "could be done in half the steps", "was hidden in spreadsheets nobody shared",
]  # fmt: skip
OUTCOMES = [
    "lead times fell by {n}%", "average waiting times dropped from {a} to {b} days",
    "falls per thousand bed days went down by {n}%", "missed appointments fell by {n}%",
    "staff satisfaction rose by {n} points", "length of stay shortened by {b} days",
    "readmissions within 30 days fell by {n}%", "the time to first treatment halved",
    "{n}% more patients were seen within the target", "overtime costs fell by {n}%",
]  # fmt: skip
FILLERS = [
    "This was not easy, and several ideas did not work.",
    "Leadership support made a real difference to how quickly changes stuck.",
    "We held weekly meetings to look at the data together.",
    "Frontline staff suggested most of the changes that worked.",
    "Patients told us what mattered to them, and we listened.",
    "The list of actions was long, so we tested the smallest changes first.",
    "People were waiting in corridors, and the pressure on staff was high.",
    "We used a driver diagram to agree what to try next.",
    "Demand kept rising throughout the project.",
    "Sustaining the gains needed a clear owner for each new process.",
    "Some teams were sceptical until they saw the results from the pilot.",
    "We learned that measuring a few things well beats measuring everything.",
]  # fmt: skip

TITLE_FORMS = [
    "{n}% shorter {thing} across {k} trusts: how we did it",
    "Reducing delays in {thing} on a busy medical ward",
    "Improving {thing} with {approach}",
    "How {k} practices rebuilt {thing}",
    "Fewer falls, faster care: rethinking {thing}",
    "What we learned from redesigning {thing}",
    "Making {thing} safer for older people",
    "A year of improving {thing} in the community",
]  # fmt: skip
TITLE_THINGS = [
    "process lead times", "outpatient waits", "bed management", "medicines rounds", "referral triage",
    "theatre turnaround", "handovers", "appointment booking", "frailty assessments", "sepsis screening",
    "care home visits", "staff rostering", "test results handling", "pressure ulcer prevention",
]  # fmt: skip


class Writer:
    """Deterministic prose from a seeded random source."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _fill(self, template: str, **words: str) -> str:
        rng = self.rng
        a = rng.randint(8, 60)
        return template.format(n=rng.randint(5, 70), a=a, b=rng.randint(1, max(1, a - 3)), k=rng.randint(2, 9), **words)

    def sentence(self) -> str:
        rng = self.rng
        form = rng.randrange(6)
        if form == 0:
            opener = self._fill(rng.choice(OPENERS))
            return f"{opener} {rng.choice(SUBJECTS).lower()} {rng.choice(VERBS)} {rng.choice(OBJECTS)}."
        if form == 1:
            return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}, {rng.choice(CLAUSES)}."
        if form == 2:
            return f"As a result, {self._fill(rng.choice(OUTCOMES))}."
        if form == 3:
            return f"{rng.choice(SUBJECTS)} found that {rng.choice(OBJECTS)} {rng.choice(FINDINGS)}."
        return rng.choice(FILLERS)

    def paragraphs(self, words: int, planted: list[str]) -> list[str]:
        """Paragraphs of about `words` words; each planted sentence lands somewhere in them."""
        sentences: list[str] = []
        count = 0
        while count < words:
            sentence = self.sentence()
            sentences.append(sentence)
            count += sentence.count(" ") + 1
        for extra in planted:
            sentences.insert(self.rng.randrange(len(sentences) + 1), extra)
        paragraphs = []
        while sentences:
            take = self.rng.randint(3, 6)
            paragraphs.append(" ".join(sentences[:take]))
            del sentences[:take]
        return paragraphs

    def title(self, approach: str) -> str:
        return self._fill(self.rng.choice(TITLE_FORMS), thing=self.rng.choice(TITLE_THINGS), approach=approach)

    def planted(self) -> list[str]:
        """The marker sentences one case study carries, drawn at the planted rates."""
        rng = self.rng
        found = []
        if rng.random() < COMMON_RATE:
            found.append(f"Planning {COMMON_TERM} from the day of admission made the biggest difference.")
        if rng.random() < RARE_RATE:
            found.append(f"We also brought the {RARE_TERM} service into the same pathway.")
        if rng.random() < PHRASE_RATE:
            found.append(f"The {PHRASE} for a first appointment was reviewed every week.")
        return found


def to_html(paragraphs: list[str]) -> str:
    """What casestudies.library.markdown renders for plain paragraphs (the generated text has no markup)."""
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def to_markdown(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)
