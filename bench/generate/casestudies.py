"""The library: taxonomy, organisations, published case studies and drafts with realistic text,
facets spread the way real libraries are (a few popular topics, a long tail), outcomes, authors,
collections and bookmarks; then the stored search vectors, through the library's own refresh."""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from casestudies.library.models import (
    Benefit,
    Bookmark,
    CareSetting,
    CaseStudy,
    CaseStudyAuthor,
    Collection,
    CollectionItem,
    ImprovementApproach,
    Organisation,
    OutcomeMeasure,
    Region,
    Status,
    Topic,
)
from casestudies.library.search import search_vectors_refresh

from . import Generated
from .bulk import Table
from .text import Writer, to_html, to_markdown

TOPICS = [
    "Patient flow", "Workforce wellbeing", "Medicines safety", "Frailty", "Mental health crisis care",
    "Infection prevention", "Falls prevention", "Sepsis", "Outpatients", "Diabetes", "Maternity safety",
    "End of life care", "Digital tools", "Health inequalities", "Productivity", "Cancer pathways",
    "Stroke care", "Urgent and emergency care", "Children and young people", "Learning disabilities",
    "Nutrition", "Pressure ulcers", "Medicines optimisation", "Carers",
]  # fmt: skip
CARE_SETTINGS = [
    "Acute hospital", "Primary care", "Community services", "Mental health services", "Care homes",
    "Ambulance services", "Social care", "Hospice",
]  # fmt: skip
APPROACHES = [
    "PDSA cycles", "Lean", "Virginia Mason Production System", "Experience-based co-design",
    "Statistical process control", "Model for Improvement", "Six Sigma", "Theory of constraints",
    "Human factors", "Appreciative inquiry",
]  # fmt: skip
REGIONS = [
    "North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands", "East of England",
    "London", "South East", "South West", "Scotland", "Wales", "Northern Ireland", "National",
]  # fmt: skip
ORGANISATION_KINDS = ["NHS Foundation Trust", "Primary Care Network", "Council", "Hospice", "Health Board", "CCG"]
PLACES = [
    "Northfield", "Riverside", "Eastgate", "Hillview", "Westbrook", "Southmoor", "Kingsbridge", "Ashford",
    "Brookdale", "Castleton", "Deanwood", "Elmstead", "Fairhaven", "Glenmore", "Highcliffe", "Ironbridge",
]  # fmt: skip
# (label, unit, who gains): each measure made the case through one of the four lenses.
OUTCOME_LABELS = [
    ("Process lead time", "days", Benefit.ORGANISATION), ("Length of stay", "days", Benefit.SYSTEM),
    ("Falls per 1,000 bed days", "", Benefit.POPULATION), ("Missed appointments", "%", Benefit.ORGANISATION),
    ("Patients seen within target", "%", Benefit.POPULATION), ("Staff satisfaction", "points", Benefit.STAFF),
    ("Readmissions within 30 days", "%", Benefit.SYSTEM), ("Time to first antibiotic", "minutes", Benefit.POPULATION),
]  # fmt: skip
# Words per section (low, high): about 600 words in all, as such write-ups run.
WORDS = {
    "problem": (80, 200), "actions": (120, 300), "results": (80, 200), "lessons": (60, 150), "next_steps": (30, 90),
}  # fmt: skip
ORGANISATIONS = 2000
COLLECTIONS = 20


def popular_first(items: list[int]) -> list[float]:
    """Weights with a long tail: the first items are chosen far more often than the last."""
    return [1 / (rank + 1) ** 0.8 for rank in range(len(items))]


def terms(model, names: list[str]) -> list[int]:
    table = Table(model, ["name", "slug"])
    ids = [table.add(name, slugify(name)) for name in names]
    table.close()
    return ids


def pick(rng: random.Random, ids: list[int], weights: list[float], low: int, high: int) -> set[int]:
    return set(rng.choices(ids, weights=weights, k=rng.randint(low, high)))


def step(sizes, rng: random.Random, generated: Generated) -> None:
    writer = Writer(rng)
    now = timezone.now()
    topic_ids = terms(Topic, TOPICS)
    setting_ids = terms(CareSetting, CARE_SETTINGS)
    approach_ids = terms(ImprovementApproach, APPROACHES)
    region_ids = terms(Region, REGIONS)
    organisations = Table(Organisation, ["name", "slug"])
    organisation_ids = []
    for index in range(ORGANISATIONS):
        name = f"{rng.choice(PLACES)} {rng.choice(ORGANISATION_KINDS)} {index + 1}"
        organisation_ids.append(organisations.add(name, slugify(name)))
    organisations.close()
    generated.topic_ids = topic_ids

    fields = ["title", "slug", "summary"]
    for section in WORDS:
        fields += [section, f"{section}_html"]
    fields += ["region", "started_on", "ended_on", "reading_minutes", "status", "published_at", "featured"]
    fields += ["created_by", "created_at"]
    case_studies = Table(CaseStudy, fields, batch=5000)
    links = {
        "topics": (Table(CaseStudy.topics.through, ["casestudy", "topic"]), topic_ids, 1, 3),
        "care_settings": (Table(CaseStudy.care_settings.through, ["casestudy", "caresetting"]), setting_ids, 1, 2),
        "approaches": (
            Table(CaseStudy.approaches.through, ["casestudy", "improvementapproach"]), approach_ids, 1, 2,
        ),
        "organisations": (
            Table(CaseStudy.organisations.through, ["casestudy", "organisation"]), organisation_ids, 1, 3,
        ),
    }  # fmt: skip
    weights = {name: popular_first(ids) for name, (_table, ids, _low, _high) in links.items()}
    outcomes = Table(OutcomeMeasure, ["case_study", "label", "before", "after", "unit", "benefit", "position"])
    authors = Table(CaseStudyAuthor, ["case_study", "member", "name", "role", "position"])
    members = generated.member_ids
    total = sizes.case_studies + sizes.drafts
    for index in range(total):
        published = index < sizes.case_studies
        approach = APPROACHES[rng.choices(range(len(APPROACHES)), weights=weights["approaches"])[0]]
        title = writer.title(approach)
        planted = writer.planted()
        values: list = [title[:200], f"{slugify(title)[:200]}-{index + 1}"]
        values.append(" ".join(writer.sentence() for _ in range(rng.randint(2, 3)))[:600])
        words = 0
        for section, (low, high) in WORDS.items():
            paragraphs = writer.paragraphs(rng.randint(low, high), planted if section == "actions" else [])
            text = to_markdown(paragraphs)
            words += text.count(" ") + 1
            values += [text, to_html(paragraphs)]
        started = now.date() - timedelta(days=rng.randint(200, 3500))
        ended = started + timedelta(days=rng.randint(60, 720)) if rng.random() < 0.8 else None
        published_at = now - timedelta(minutes=rng.randint(60, 8 * 365 * 24 * 60)) if published else None
        author = rng.choice(members)
        values += [
            rng.choices(region_ids, weights=popular_first(region_ids))[0],
            started,
            ended,
            max(1, round(words / 200)),
            Status.PUBLISHED if published else rng.choice([Status.DRAFT, Status.DRAFT, Status.SUBMITTED]),
            published_at,
            published and rng.random() < 0.002,
            author,
            (published_at or now) - timedelta(days=rng.randint(1, 60)),
        ]
        case_study_id = case_studies.add(*values)
        if published:
            generated.case_study_ids.append(case_study_id)
        for name, (table, ids, low, high) in links.items():
            for linked in pick(rng, ids, weights[name], low, high):
                table.add(case_study_id, linked)
        for position in range(rng.randint(1, 3)):
            label, unit, benefit = rng.choice(OUTCOME_LABELS)
            before = Decimal(rng.randint(20, 400))
            after = (before * Decimal(rng.randint(30, 95)) / 100).quantize(Decimal("0.01"))
            outcomes.add(case_study_id, label, before, after, unit, benefit, position)
        co_author = rng.choice(members)
        authors.add(case_study_id, author, "", "Project lead", 0)
        if co_author != author and rng.random() < 0.4:
            authors.add(case_study_id, co_author, "", "", 1)
    generated.counts["case_studies"] = case_studies.close()
    for table, *_rest in links.values():
        table.close()
    generated.counts["outcomes"] = outcomes.close()
    authors.close()

    collections = Table(Collection, ["title", "slug", "introduction", "introduction_html", "featured"])
    items = Table(CollectionItem, ["collection", "case_study", "position", "note"])
    for index in range(COLLECTIONS):
        title = f"Improving {TOPICS[index % len(TOPICS)].lower()}: resources {index + 1}"
        paragraphs = writer.paragraphs(60, [])
        collection_id = collections.add(title, slugify(title), to_markdown(paragraphs), to_html(paragraphs), index == 0)
        chosen = rng.sample(generated.case_study_ids, min(len(generated.case_study_ids), rng.randint(10, 30)))
        for position, case_study_id in enumerate(chosen):
            items.add(collection_id, case_study_id, position, "")
    collections.close()
    items.close()

    bookmarks = Table(Bookmark, ["user", "case_study"])
    for member in members:
        for case_study_id in set(rng.sample(generated.case_study_ids, min(5, len(generated.case_study_ids)))):
            bookmarks.add(member, case_study_id)
    generated.counts["bookmarks"] = bookmarks.close()

    # The library's own refresh, so the benchmark searches exactly the vectors the site would store.
    all_ids = range(case_studies.next_id - total, case_studies.next_id)
    for start in range(0, total, 5000):
        batch = list(all_ids[start : start + 5000])
        generated.later.append(lambda batch=batch: search_vectors_refresh(case_study_ids=batch))
