"""Helpers for the submission and review tests: the submission form's POST data, and outbox rows."""

from casestudies.library.models import CaseStudy, Status
from outbox.models import OutgoingEmail, Stream
from tests.casestudies.factories import CaseStudyFactory

# A complete new case study, as the form posts it (without its required tags).
NEW_CASE_STUDY = {
    "title": "Shorter waits for hip surgery",
    "summary": "We cut waiting times by changing how referrals flowed.",
    "problem": "People waited too long.",
    "actions": "We mapped the process and tested changes.",
    "results": "Waits fell from 21 to 8 days.",
    "lessons": "Measure every week.",
    "next_steps": "",
    "topics": [],
    "care_settings": [],
    "approaches": [],
    "organisations": [],
    "region": "",
    "started_on": "",
    "ended_on": "",
    "cover_image_alt": "",
}


def editor_data(case_study: CaseStudy | None = None, *, action: str = "save", **fields) -> dict:
    """What the submission form posts: the case study's current values (or a complete new one)
    with its current authors, no outcome or link rows unless given as `outcomes=[...]`/`links=[...]`,
    extra authors as `co_authors=[{"email": ...} or {"name": ...}]`, overridden by `fields`."""
    outcomes = fields.pop("outcomes", [])
    links = fields.pop("links", [])
    co_authors = fields.pop("co_authors", [])
    data = {"action": action, **NEW_CASE_STUDY}
    if case_study is not None:
        for name in ("title", "summary", "problem", "actions", "results", "lessons", "next_steps"):
            data[name] = getattr(case_study, name)
        data["topics"] = [str(pk) for pk in case_study.topics.values_list("pk", flat=True)]
        data["care_settings"] = [str(pk) for pk in case_study.care_settings.values_list("pk", flat=True)]
        data["version"] = str(case_study.version)
    data.update(fields)
    existing = list(case_study.authors.select_related("member")) if case_study is not None else []
    data["authors-TOTAL_FORMS"] = str(len(existing) + len(co_authors))
    data["authors-INITIAL_FORMS"] = str(len(existing))
    data["authors-MIN_NUM_FORMS"] = "0"
    data["authors-MAX_NUM_FORMS"] = "1000"
    rows = [
        {"id": str(a.pk), "email": a.member.email if a.member else "", "name": a.name, "role": a.role} for a in existing
    ] + co_authors
    for index, row in enumerate(rows):
        for name in ("id", "email", "name", "role"):
            data[f"authors-{index}-{name}"] = row.get(name, "")
        if "id" in row:
            data[f"authors-{index}-case_study"] = str(case_study.pk)
    for prefix, rows, names in (
        # A browser always sends the lens: its list starts on the first one.
        (
            "outcomes",
            [{"benefit": "population", **row} for row in outcomes],
            ["label", "before", "after", "unit", "benefit"],
        ),
        ("links", links, ["title", "url"]),
    ):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for index, row in enumerate(rows):
            for name in names:
                data[f"{prefix}-{index}-{name}"] = row.get(name, "")
    return data


def review_emails(user=None, template: str = "case_study_review"):
    emails = OutgoingEmail.objects.filter(template_name=template, stream=Stream.REVIEW_DECISIONS)
    return emails.filter(recipient=user) if user is not None else emails


def draft_of(member, **kwargs) -> CaseStudy:
    kwargs.setdefault("status", Status.DRAFT)
    return CaseStudyFactory(author=member, **kwargs)
