"""What changed between the version a curator last reviewed and the one in front of them now.

When a curator decides on a submission, the case study as they saw it is kept on the decision
(`ReviewMessage.snapshot`); on the next submission the review page compares it with the case
study field by field: the text as word-level differences, and the measures, links, authors and
tags as what was added and removed.
"""

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from casestudies.library import taxonomy
from casestudies.library.models import SECTIONS, CaseStudy

# (key, label) of the text fields, in reading order.
TEXT_FIELDS: list[tuple[str, str]] = [
    ("title", "Title"),
    ("summary", "Summary"),
    *SECTIONS,
    ("region", "Region"),
    ("started_on", "Project started"),
    ("ended_on", "Project ended"),
]
# (key, label) of the lists compared as sets of lines.
LIST_FIELDS: list[tuple[str, str]] = [
    ("authors", "Authors"),
    ("outcomes", "Outcome measures"),
    ("links", "Links"),
    ("organisations", "Organisations"),
    *((kind.relation, kind.plural) for kind in taxonomy.KINDS if kind.many),
]
# What a curator may leave a note beside, with the label the note is shown under.
NOTE_FIELDS: list[tuple[str, str]] = [
    ("title", "Title"),
    ("summary", "Summary"),
    *SECTIONS,
    ("outcomes", "Outcome measures"),
    ("authors", "Authors"),
    ("organisations", "Organisations"),
    ("tags", "Topics, care settings and approaches"),
    ("links", "Links and files"),
]


def review_snapshot(case_study: CaseStudy) -> dict[str, Any]:
    """The case study's content as plain values. Reads the relations through .all(), so the
    prefetches of the review page serve it."""
    snapshot: dict[str, Any] = {name: getattr(case_study, name) or "" for name, _label in TEXT_FIELDS[:7]}
    snapshot["region"] = case_study.region.name if case_study.region else ""
    snapshot["started_on"] = case_study.started_on.isoformat() if case_study.started_on else ""
    snapshot["ended_on"] = case_study.ended_on.isoformat() if case_study.ended_on else ""
    snapshot["authors"] = [
        f"{author.display_name} ({author.role})" if author.role else author.display_name
        for author in case_study.authors.all()
    ]
    snapshot["outcomes"] = [str(outcome) for outcome in case_study.outcomes.all()]
    snapshot["links"] = [f"{link.title} ({link.url})" for link in case_study.links.all()]
    for relation in ("organisations", *taxonomy.MANY_RELATIONS):
        snapshot[relation] = sorted(str(term) for term in getattr(case_study, relation).all())
    return snapshot


@dataclass
class FieldChange:
    label: str
    words: SafeString | None = None  # the text with <del> and <ins> marking what changed
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def word_diff(before: str, after: str) -> SafeString:
    """The new text with removed words in <del> and added ones in <ins>; everything escaped."""
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(new[j1:j2])))
            continue
        if op in {"delete", "replace"}:
            parts.append(f"<del>{escape(''.join(old[i1:i2]))}</del>")
        if op in {"insert", "replace"}:
            parts.append(f"<ins>{escape(''.join(new[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def review_changes(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """Each field that differs, in reading order."""
    changes = []
    for key, label in TEXT_FIELDS:
        old, new = str(before.get(key, "")), str(after.get(key, ""))
        if old != new:
            changes.append(FieldChange(label=str(label), words=word_diff(old, new)))
    for key, label in LIST_FIELDS:
        old_items, new_items = list(before.get(key, [])), list(after.get(key, []))
        added = [item for item in new_items if item not in old_items]
        removed = [item for item in old_items if item not in new_items]
        if added or removed:
            changes.append(FieldChange(label=label, added=added, removed=removed))
    return changes
