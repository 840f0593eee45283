"""Authors' writes: starting and changing a case study, its byline, submitting it for review,
withdrawing it, and the review thread's messages.

Every status change bumps `CaseStudy.version` (optimistic locking), writes a review-thread entry
and an audit entry, and writes the authors' emails to the outbox in the same transaction.
"""

from typing import Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from casestudies.editorial.models import AuditEntry, ReviewMessage
from casestudies.editorial.services.audit import audit_record
from casestudies.editorial.services.errors import IncompleteSubmission, ReviewError, StaleEdit
from casestudies.editorial.services.ordering import move_one_place
from casestudies.editorial.services.organisations import organisation_find_or_add
from casestudies.editorial.services.thread import email_authors, status_move
from casestudies.library.models import EDITABLE_STATUSES, CaseStudy, CaseStudyAuthor, Organisation, Status
from members.models import User
from outbox.models import Stream
from outbox.services import email_enqueue

# Addresses under /case-studies/ that are pages, not case studies.
RESERVED_SLUGS = {"new", "feed", "share"}

# What a case study needs before curators see it: (field, how the missing part is named).
REQUIRED_FOR_REVIEW: list[tuple[str, str]] = [
    ("summary", "a summary"),
    ("problem", "the problem and its context"),
    ("actions", "what was done"),
    ("results", "the results and impact"),
    ("lessons", "the lessons learned"),
    ("topics", "at least one topic"),
    ("care_settings", "at least one care setting"),
]

REQUIRED_RELATIONS = {"topics", "care_settings"}


def missing_for_review(case_study: CaseStudy) -> list[str]:
    """The required parts a saved case study still lacks, named for its authors."""
    missing = []
    for field, named in REQUIRED_FOR_REVIEW:
        if field in REQUIRED_RELATIONS:
            if not getattr(case_study, field).exists():
                missing.append(named)
        elif not str(getattr(case_study, field)).strip():
            missing.append(named)
    return missing


def unique_slug(text: str, *, exclude_pk: int | None = None) -> str:
    base = (slugify(text)[:200].strip("-")) or "case-study"
    candidate, number = base, 1
    taken = CaseStudy.objects.all() if exclude_pk is None else CaseStudy.objects.exclude(pk=exclude_pk)
    while candidate in RESERVED_SLUGS or taken.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@transaction.atomic
def case_study_create(*, editor: Any, by: User) -> CaseStudy:
    """Saves a new draft from a valid CaseStudyEditor with `by` as its first author; audit entry."""
    case_study: CaseStudy = editor.form.save(commit=False)
    case_study.slug = unique_slug(case_study.title)
    case_study.created_by = by
    case_study.status = Status.DRAFT
    case_study.save()
    editor.form.save_m2m()
    _add_named_organisation(editor=editor, case_study=case_study, by=by)
    if "organisations" not in editor.form.fields and by.organisation:
        # Started from a step without organisations: it starts from the member's own, if known.
        case_study.organisations.add(*Organisation.objects.named(by.organisation)[:1])
    CaseStudyAuthor.objects.create(case_study=case_study, member=by, position=0, role=editor.own_role)
    editor.save_rows(case_study)
    _tell_new_co_authors(case_study=case_study, before={by.pk}, by=by)
    audit_record(
        by=by,
        action=AuditEntry.Action.CREATED,
        subject=case_study.title,
        detail="Started it as a draft",
        case_study=case_study,
    )
    return case_study


@transaction.atomic
def case_study_update(*, editor: Any, by: User, version: int) -> CaseStudy:
    """Saves an author's changes from a valid CaseStudyEditor, unless someone saved or the status
    changed since `version` was read: then raises StaleEdit and saves nothing."""
    case_study: CaseStudy = editor.form.instance
    claimed = CaseStudy.objects.filter(pk=case_study.pk, version=version, status__in=EDITABLE_STATUSES).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleEdit(
            "This case study was saved elsewhere (or its status changed) after you opened it, "
            "so your changes have not been saved."
        )
    case_study.version = version + 1
    before = set(case_study.authors.filter(member__isnull=False).values_list("member_id", flat=True))
    editor.form.save()
    _add_named_organisation(editor=editor, case_study=case_study, by=by)
    editor.save_rows(case_study)
    _tell_new_co_authors(case_study=case_study, before=before, by=by)
    changed = editor.changed_parts()
    if changed:
        audit_record(
            by=by,
            action=AuditEntry.Action.EDITED,
            subject=case_study.title,
            detail="Changed " + ", ".join(changed),
            case_study=case_study,
        )
    return case_study


def _tell_new_co_authors(*, case_study: CaseStudy, before: set[int], by: User) -> None:
    """Emails each member newly listed as an author (through the outbox, once per case study)."""
    added = CaseStudyAuthor.objects.filter(case_study=case_study, member__isnull=False).exclude(member_id__in=before)
    for author in added.select_related("member"):
        member = author.member
        if member is None or not member.is_active:
            continue
        email_enqueue(
            to=member,
            template="case_study_co_author",
            context={
                "name": member.name,
                "added_by": by.name,
                "title": case_study.title,
                "edit_path": reverse("casestudies:edit", kwargs={"slug": case_study.slug}),
                "review_path": reverse("casestudies:conversation", kwargs={"slug": case_study.slug}),
            },
            stream=Stream.REVIEW_DECISIONS,
            key=f"co-author-{case_study.pk}-{member.pk}",
        )


@transaction.atomic
def case_study_author_leave(*, case_study: CaseStudy, member: User) -> None:
    """Takes a member off a case study's authors, at their own request; audit entry. The last
    member author cannot leave (nobody could then edit or withdraw it)."""
    members = CaseStudyAuthor.objects.select_for_update().filter(case_study=case_study, member__isnull=False)
    mine = [author for author in members if author.member_id == member.pk]
    if not mine:
        raise ReviewError("You are not one of its authors.")
    if len(members) == 1:
        raise ReviewError(
            "You are its only author who is a member, so you cannot leave it. Withdraw it, or ask a curator to help."
        )
    mine[0].delete()
    audit_record(
        by=member,
        action=AuditEntry.Action.EDITED,
        subject=case_study.title,
        detail=f"{member.name} took themself off the authors",
        case_study=case_study,
    )


@transaction.atomic
def case_study_author_move(*, case_study: CaseStudy, author_id: int, up: bool) -> None:
    """Moves an author one place up or down the byline, numbering them 0, 1, 2... afresh."""
    authors = list(CaseStudyAuthor.objects.select_for_update().filter(case_study=case_study).order_by("position", "id"))
    if move_one_place(authors, author_id, up=up, missing="That author is no longer listed.") is not None:
        CaseStudyAuthor.objects.bulk_update(authors, ["position"])


def _add_named_organisation(*, editor: Any, case_study: CaseStudy, by: User) -> None:
    """Links the organisation typed in the form's "add an organisation" box, found by its name as
    matched or added unconfirmed."""
    name = editor.form.cleaned_data.get("new_organisation", "").strip()
    if name:
        case_study.organisations.add(organisation_find_or_add(name=name, by=by))


@transaction.atomic
def case_study_submit(*, case_study: CaseStudy, by: User) -> CaseStudy:
    """Puts a draft (or one with changes requested) in the review queue; thread entry, audit, emails to the authors."""
    missing = missing_for_review(case_study)
    if missing:
        raise IncompleteSubmission(missing)
    message = status_move(
        case_study=case_study,
        by=by,
        from_statuses=EDITABLE_STATUSES,
        to_status=Status.SUBMITTED,
        kind=ReviewMessage.Kind.SUBMITTED,
        extra={"submitted_at": timezone.now(), "submitted_by": by},
        not_now="Only a draft, or a case study with changes requested, can be submitted for review.",
    )
    email_authors(case_study=case_study, message=message)
    return case_study


@transaction.atomic
def case_study_withdraw(*, case_study: CaseStudy, by: User) -> CaseStudy:
    """Takes a submission out of the review queue, back to a draft; thread entry, audit, emails to the authors."""
    message = status_move(
        case_study=case_study,
        by=by,
        from_statuses=(Status.SUBMITTED,),
        to_status=Status.DRAFT,
        kind=ReviewMessage.Kind.WITHDRAWN,
        extra={"submitted_at": None, "reviewer": None},
        not_now="Only a case study waiting for review can be withdrawn.",
    )
    email_authors(case_study=case_study, message=message)
    return case_study


@transaction.atomic
def case_study_comment(*, case_study: CaseStudy, by: User, body: str) -> ReviewMessage:
    """Adds a message to the review thread; a curator's message is emailed to the authors."""
    if not body.strip():
        raise ReviewError("Write a message first.")
    message = ReviewMessage.objects.create(
        case_study=case_study, author=by, kind=ReviewMessage.Kind.COMMENT, body=body.strip()
    )
    if by.is_curator:
        email_authors(case_study=case_study, message=message, skip=by)
    return message
