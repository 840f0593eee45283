"""A case study's review thread: each status change, checked under the row lock, with its thread
entry, audit entry and the authors' emails (written to the outbox in the same transaction)."""

from typing import Any

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from casestudies.editorial.models import AuditEntry, ReviewMessage
from casestudies.editorial.review_diff import review_snapshot
from casestudies.editorial.services.audit import audit_record
from casestudies.editorial.services.errors import ReviewError
from casestudies.library import page_keys
from casestudies.library.models import CaseStudy, CaseStudyAuthor, Status
from casestudies.library.search import search_vectors_refresh
from members.models import User
from outbox.models import Stream
from outbox.services import email_enqueue

DECISIONS = {ReviewMessage.Kind.CHANGES_REQUESTED, ReviewMessage.Kind.PUBLISHED, ReviewMessage.Kind.DECLINED}


def live_of(case_study: CaseStudy) -> CaseStudy:
    """The record the public sees: the published original of a revision, else the case study itself."""
    return case_study.revision_of if case_study.revision_of_id else case_study  # type: ignore[return-value]


def email_authors(
    *, case_study: CaseStudy, message: ReviewMessage, skip: User | None = None, revision: bool | None = None
) -> None:
    """Tells each member author about a step in the review (through the outbox, once per step)."""
    context: dict[str, Any] = {
        "kind": message.kind,
        "title": case_study.title,
        "message": message.body,
        "is_revision": case_study.is_revision if revision is None else revision,
        "review_path": reverse("casestudies:conversation", kwargs={"slug": case_study.slug}),
        "public_path": live_of(case_study).get_absolute_url(),
    }
    authors = CaseStudyAuthor.objects.filter(case_study=case_study, member__isnull=False).select_related("member")
    for author in authors:
        member = author.member
        if member is None or member == skip or not member.is_active:
            continue
        email_enqueue(
            to=member,
            template="case_study_review",
            context={**context, "name": member.name},
            stream=Stream.REVIEW_DECISIONS,
            key=f"review-message-{message.pk}-to-{member.pk}",
        )


def status_move(
    *,
    case_study: CaseStudy,
    by: User,
    from_statuses: tuple[str, ...],
    to_status: Status,
    kind: ReviewMessage.Kind,
    body: str = "",
    extra: dict[str, Any] | None = None,
    field_notes: dict[str, str] | None = None,
    not_now: str,
) -> ReviewMessage:
    """Changes the status only if it is still one of `from_statuses` (checked under the row lock),
    and records the step in the thread and the audit history."""
    changed = CaseStudy.objects.filter(pk=case_study.pk, status__in=from_statuses).update(
        status=to_status, version=F("version") + 1, updated_at=timezone.now(), **(extra or {})
    )
    if not changed:
        raise ReviewError(not_now)
    before = case_study.get_status_display()
    case_study.refresh_from_db()
    # A queryset update sends no signals: tell the library's caches (counts, vocabulary) directly.
    search_vectors_refresh(case_study_ids=[case_study.pk])
    page_keys.status_moved(case_study, maybe_was_published=Status.PUBLISHED in from_statuses)
    # A curator's decision keeps the case study as they saw it, to compare the next submission with.
    snapshot = review_snapshot(case_study) if kind in DECISIONS else None
    message = ReviewMessage.objects.create(
        case_study=case_study,
        author=by,
        kind=kind,
        body=body.strip(),
        field_notes={key: note.strip() for key, note in (field_notes or {}).items() if note.strip()},
        snapshot=snapshot,
    )
    audit_record(
        by=by,
        action=AuditEntry.Action.STATUS_CHANGED,
        subject=case_study.title,
        detail=f"{before} → {case_study.get_status_display()}",
        case_study=case_study,
    )
    return message
