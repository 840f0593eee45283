"""Demo library for `manage.py seed_demo`: taxonomy, 48 published case studies, a draft and a
submission by the demo member, two collections, and adaptations between organisations (one chain of
three case studies). Idempotent: everything is found by slug, adaptations by case study and member."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from casestudies import demo_content as content
from casestudies import demo_series
from casestudies.editorial.models import ReviewMessage
from casestudies.library.models import (
    Benefit,
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
from casestudies.spread.models import Adaptation
from casestudies.spread.services.adaptations import adaptation_record
from members.demo import demo_user

EXTERNAL_CO_AUTHORS = ["Dr Ada Okafor", "Tom Lindqvist", "Grace Mensah", "Owen Pritchard", "Hannah Ruiz"]
TITLE_SLUG_LENGTH = 80


def _terms(model, entries) -> dict[str, object]:
    terms = {}
    for entry in entries:
        name, description = entry if isinstance(entry, tuple) else (entry, "")
        term, _ = model.objects.get_or_create(slug=slugify(name), defaults={"name": name, "description": description})
        terms[name] = term
    return terms


def _case_study(data: dict, terms: dict, *, status: str = Status.PUBLISHED) -> tuple[CaseStudy, bool]:
    slug = slugify(data["title"])[:TITLE_SLUG_LENGTH].rstrip("-")
    published_at = timezone.now() - timedelta(days=data.get("days", 1)) if status == Status.PUBLISHED else None
    case_study, created = CaseStudy.objects.get_or_create(
        slug=slug,
        defaults={
            "title": data["title"],
            "summary": data["summary"],
            "problem": data["problem"],
            "actions": data["actions"],
            "results": data["results"],
            "lessons": data["lessons"],
            "next_steps": data.get("next_steps", ""),
            "region": terms["regions"][data["region"]],
            "status": status,
            "published_at": published_at,
            "featured": data.get("featured", False),
            "started_on": (timezone.now() - timedelta(days=data.get("days", 1) + 540)).date(),
            "ended_on": (timezone.now() - timedelta(days=data.get("days", 1) + 60)).date(),
        },
    )
    if not created:
        return case_study, False
    case_study.topics.set(terms["topics"][name] for name in data["topics"])
    case_study.care_settings.set(terms["settings"][name] for name in data["settings"])
    case_study.approaches.set(terms["approaches"][name] for name in data["approaches"])
    case_study.organisations.set(terms["organisations"][name] for name in data["organisations"])
    for position, (label, before, after, unit) in enumerate(data["outcomes"]):
        OutcomeMeasure.objects.create(
            case_study=case_study,
            label=label,
            before=Decimal(str(before)),
            after=Decimal(str(after)),
            unit=unit,
            benefit=demo_benefit(label, unit),
            position=position,
        )
    return case_study, True


# Words in a demo measure's label that say whose benefit it shows; the rest are patients'.
_BENEFIT_WORDS = [
    (Benefit.STAFF, ("staff", "turnover", "vacancy", "sickness", "coaches", "nurse")),
    (Benefit.ORGANISATION, ("cost", "spend", "slots", "operations", "lists", "length of stay", "wasted", "postage")),
    (Benefit.SYSTEM, ("admission", "a&e", "ambulance", "partners", "practices", "long-term care", "readmissions")),
]


def demo_benefit(label: str, unit: str) -> str:
    text = f"{label} {unit}".lower()
    for benefit, words in _BENEFIT_WORDS:
        if any(word in text for word in words):
            return benefit
    return Benefit.POPULATION


def seed() -> list[str]:
    terms = {
        "topics": _terms(Topic, content.TOPICS),
        "settings": _terms(CareSetting, content.CARE_SETTINGS),
        "approaches": _terms(ImprovementApproach, content.APPROACHES),
        "regions": _terms(Region, content.REGIONS),
        "organisations": {
            name: Organisation.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
            for name in content.ORGANISATIONS
        },
    }
    by_title = _published(terms)
    _in_progress(terms)
    _adaptations(terms, by_title)
    _collections(by_title)
    demo_series.seed()
    return []


def _published(terms: dict[str, Any]) -> dict[str, CaseStudy]:
    members = [demo_user("moderator@example.org"), demo_user("member@example.org")]
    by_title = {}
    for index, data in enumerate(content.CASE_STUDIES):
        case_study, created = _case_study(data, terms)
        by_title[data["title"]] = case_study
        if created:
            CaseStudyAuthor.objects.create(case_study=case_study, member=members[index % 2], role="Project lead")
            if index % 3 == 0:
                CaseStudyAuthor.objects.create(
                    case_study=case_study,
                    name=EXTERNAL_CO_AUTHORS[index % len(EXTERNAL_CO_AUTHORS)],
                    role="Co-author",
                    position=1,
                )
    return by_title


def _in_progress(terms: dict[str, Any]) -> None:
    """Work in progress, visible only to its author and curators."""
    for status, data in ((Status.DRAFT, DRAFT), (Status.SUBMITTED, SUBMITTED)):
        case_study, created = _case_study(data, terms, status=status)
        if created:
            CaseStudyAuthor.objects.create(case_study=case_study, member=demo_user("member@example.org"))
        if created and status == Status.SUBMITTED:
            # As if submitted two days ago, so the review queue shows who and how long.
            submitted_at = timezone.now() - timedelta(days=2)
            CaseStudy.objects.filter(pk=case_study.pk).update(
                submitted_at=submitted_at, submitted_by=demo_user("member@example.org")
            )
            ReviewMessage.objects.create(
                case_study=case_study,
                author=demo_user("member@example.org"),
                kind=ReviewMessage.Kind.SUBMITTED,
                created_at=submitted_at,
            )


def _adaptations(terms: dict[str, Any], by_title: dict[str, CaseStudy]) -> None:
    for email, data in content.ADAPTED_CASE_STUDIES:
        case_study, created = _case_study(data, terms)
        by_title[data["title"]] = case_study
        if created:
            CaseStudyAuthor.objects.create(case_study=case_study, member=demo_user(email), role="Project lead")
    for title, email, organisation, changes, status, adapted_as in content.ADAPTATIONS:
        member = demo_user(email)
        if not Adaptation.objects.filter(case_study=by_title[title], member=member).exists():
            adaptation_record(
                member=member,
                case_study=by_title[title],
                organisation=organisation,
                changes=changes,
                status=status,
                adapted_as=by_title[adapted_as] if adapted_as else None,
            )


def _collections(by_title: dict[str, CaseStudy]) -> None:
    for collection_data in content.COLLECTIONS:
        collection, created = Collection.objects.get_or_create(
            slug=collection_data["slug"],
            defaults={
                "title": collection_data["title"],
                "introduction": collection_data["introduction"],
                "featured": collection_data["featured"],
                "created_by": demo_user("curator@example.org"),
            },
        )
        if created:
            for position, (title, note) in enumerate(collection_data["items"]):
                CollectionItem.objects.create(
                    collection=collection, case_study=by_title[title], position=position, note=note
                )


DRAFT = {
    "title": "Reducing waits for wound care clinics (draft)",
    "summary": "Early notes on testing a booking system for community wound care clinics.",
    "region": "North West",
    "topics": ["Patient flow"],
    "settings": ["Community services"],
    "approaches": ["Model for Improvement (PDSA)"],
    "organisations": ["Riverside Community Health"],
    "outcomes": [],
    "problem": "People waited up to three weeks for a wound care appointment.",
    "actions": "We are testing a shared booking list across three clinics.",
    "results": "Too early to say.",
    "lessons": "",
}

SUBMITTED = {
    "title": "Protected time for ward managers",
    "summary": "Ward managers in one division were given two protected days a week for leadership, and "
    "staff retention improved.",
    "region": "North West",
    "topics": ["Staff wellbeing and engagement"],
    "settings": ["Acute hospital"],
    "approaches": ["Model for Improvement (PDSA)"],
    "organisations": ["Riverside Community Health"],
    "outcomes": [("Nurse turnover in the division", 16, 11, "%")],
    "problem": "Ward managers spent almost all their time covering shifts, with no time to lead.",
    "actions": "The division funded cover so each ward manager had two days a week away from the rota.",
    "results": "Nurse turnover in the division fell from 16% to 11% in a year.",
    "lessons": "Managers needed coaching to use the time well at first.",
}
