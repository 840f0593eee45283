"""Curators' decisions on a submission: assigning a reviewer, publishing (a revision replaces its
published original), sending back for changes, declining, and featuring.

Every status change bumps `CaseStudy.version` (optimistic locking), writes a review-thread entry
and an audit entry, and writes the authors' emails to the outbox in the same transaction.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from casestudies.editorial.models import AuditEntry, ReviewMessage
from casestudies.editorial.services.audit import audit_record
from casestudies.editorial.services.errors import ReviewError
from casestudies.editorial.services.revisions import revision_merge
from casestudies.editorial.services.thread import email_authors, status_move
from casestudies.library import news, page_keys
from casestudies.library.models import CaseStudy, Status
from casestudies.library.search import library_changed
from members.models import User


@transaction.atomic
def case_study_assign(*, case_study: CaseStudy, reviewer: User | None, by: User) -> CaseStudy:
    """Gives a submission to a curator (or to nobody); audit entry."""
    if reviewer is not None and not reviewer.is_curator:
        raise ReviewError("Only a curator can review submissions.")
    CaseStudy.objects.filter(pk=case_study.pk).update(reviewer=reviewer, version=F("version") + 1)
    case_study.refresh_from_db()
    audit_record(
        by=by,
        action=AuditEntry.Action.REVIEWER_ASSIGNED,
        subject=case_study.title,
        detail=f"Reviewer: {reviewer.name if reviewer else 'nobody'}",
        case_study=case_study,
    )
    return case_study


@transaction.atomic
def case_study_publish(*, case_study: CaseStudy, by: User, message: str = "") -> CaseStudy:
    """Publishes a submission (a revision replaces its published original, which keeps its address,
    bookmarks and collections); thread entry, audit, emails to the authors. Returns the live record."""
    step = status_move(
        case_study=case_study,
        by=by,
        from_statuses=(Status.SUBMITTED,),
        to_status=Status.PUBLISHED,
        kind=ReviewMessage.Kind.PUBLISHED,
        body=message,
        not_now="Only a case study waiting for review can be published.",
    )
    if not case_study.is_revision:
        if case_study.published_at is None:
            CaseStudy.objects.filter(pk=case_study.pk).update(published_at=timezone.now())
            news.case_study_published.send(sender=CaseStudy, case_study_id=case_study.pk)
        case_study.refresh_from_db()
        email_authors(case_study=case_study, message=step)
        return case_study
    live = revision_merge(revision=case_study)
    step.refresh_from_db()
    email_authors(case_study=live, message=step, revision=True)
    return live


@transaction.atomic
def case_study_request_changes(
    *, case_study: CaseStudy, by: User, message: str, field_notes: dict[str, str] | None = None
) -> CaseStudy:
    """Sends a submission back to its authors with the curator's message and any notes on
    particular parts (shown beside them when the authors edit); thread entry, audit, emails."""
    return _answer_the_authors(
        case_study=case_study,
        by=by,
        to_status=Status.CHANGES_REQUESTED,
        kind=ReviewMessage.Kind.CHANGES_REQUESTED,
        message=message,
        field_notes=field_notes,
        no_message="Tell the authors what to change.",
        not_now="Only a case study waiting for review can be sent back for changes.",
    )


@transaction.atomic
def case_study_decline(*, case_study: CaseStudy, by: User, message: str) -> CaseStudy:
    """Declines a submission with the curator's reasons; thread entry, audit, emails to the authors.
    A declined revision leaves its published original as it was."""
    return _answer_the_authors(
        case_study=case_study,
        by=by,
        to_status=Status.DECLINED,
        kind=ReviewMessage.Kind.DECLINED,
        message=message,
        no_message="Tell the authors why it is declined.",
        not_now="Only a case study waiting for review can be declined.",
    )


def _answer_the_authors(
    *,
    case_study: CaseStudy,
    by: User,
    to_status: Status,
    kind: ReviewMessage.Kind,
    message: str,
    field_notes: dict[str, str] | None = None,
    no_message: str,
    not_now: str,
) -> CaseStudy:
    """A decision on a submission that must tell the authors why (`no_message` when it does not):
    the status move with its thread entry and audit, then the emails to the authors."""
    if not message.strip():
        raise ReviewError(no_message)
    step = status_move(
        case_study=case_study,
        by=by,
        from_statuses=(Status.SUBMITTED,),
        to_status=to_status,
        kind=kind,
        body=message,
        field_notes=field_notes,
        not_now=not_now,
    )
    email_authors(case_study=case_study, message=step)
    return case_study


@transaction.atomic
def case_study_feature(*, case_study: CaseStudy, by: User, featured: bool) -> CaseStudy:
    """Features or unfeatures a published case study; audit entry."""
    if featured and case_study.status != Status.PUBLISHED:
        raise ReviewError("Only a published case study can be featured.")
    changed = CaseStudy.objects.filter(pk=case_study.pk).exclude(featured=featured).update(featured=featured)
    case_study.featured = featured
    if changed:
        library_changed()
        page_keys.retire_library()
        audit_record(
            by=by,
            action=AuditEntry.Action.FEATURED if featured else AuditEntry.Action.UNFEATURED,
            subject=case_study.title,
            case_study=case_study,
        )
    return case_study
