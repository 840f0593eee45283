"""Writes in the library: bookmarks; submitting and reviewing case studies, revisions, features,
collections and the taxonomy.

Every status change bumps `CaseStudy.version` (optimistic locking), writes a review-thread entry
and an audit entry, and writes the authors' emails to the outbox in the same transaction.
"""

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from members.models import User
from outbox.models import Stream
from outbox.services import email_enqueue

from . import page_keys
from .models import (
    EDITABLE_STATUSES,
    SECTIONS,
    AuditEntry,
    Bookmark,
    CareSetting,
    CaseStudy,
    CaseStudyAuthor,
    CaseStudyLink,
    Collection,
    CollectionItem,
    ImprovementApproach,
    MeasurePoint,
    Organisation,
    OutcomeMeasure,
    Region,
    ReviewMessage,
    Status,
    Topic,
)
from .review_diff import review_snapshot
from .search import library_changed, search_vectors_refresh
from .series import evidence_refresh

DECISIONS = {ReviewMessage.Kind.CHANGES_REQUESTED, ReviewMessage.Kind.PUBLISHED, ReviewMessage.Kind.DECLINED}

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

# Fields copied between a published case study and its revision.
CONTENT_FIELDS = [
    "title",
    "summary",
    *(name for name, _heading in SECTIONS),
    "region",
    "started_on",
    "ended_on",
    "cover_image",
    "cover_image_alt",
]
TAXONOMY_RELATIONS = ["organisations", "topics", "care_settings", "approaches"]


class ReviewError(Exception):
    """A review step that cannot happen now; the message says why, in words for the person who tried."""


class StaleEdit(ReviewError):
    """The case study changed since the form was opened; nothing was saved."""


class IncompleteSubmission(ReviewError):
    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__("Before it can be submitted for review, add " + ", ".join(missing) + ".")


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
    taken = CaseStudy.objects.exclude(pk=exclude_pk)
    while candidate in RESERVED_SLUGS or taken.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def audit_record(
    *,
    by: User | None,
    action: AuditEntry.Action,
    subject: str,
    detail: str = "",
    case_study: CaseStudy | None = None,
    collection: Collection | None = None,
) -> AuditEntry:
    """Adds an entry to the audit history (for changes made outside these services, such as in the admin)."""
    return AuditEntry.objects.create(
        actor=by,
        action=action,
        subject=subject[:300],
        detail=detail[:1000],
        case_study=case_study,
        collection=collection,
    )


def _live(case_study: CaseStudy) -> CaseStudy:
    """The record the public sees: the published original of a revision, else the case study itself."""
    return case_study.revision_of if case_study.revision_of_id else case_study  # type: ignore[return-value]


def _email_authors(
    *, case_study: CaseStudy, message: ReviewMessage, skip: User | None = None, revision: bool | None = None
) -> None:
    """Tells each member author about a step in the review (through the outbox, once per step)."""
    context: dict[str, Any] = {
        "kind": message.kind,
        "title": case_study.title,
        "message": message.body,
        "is_revision": case_study.is_revision if revision is None else revision,
        "review_path": reverse("casestudies:conversation", kwargs={"slug": case_study.slug}),
        "public_path": _live(case_study).get_absolute_url(),
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


def _move(
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


# --- Bookmarks -------------------------------------------------------------------------------------


@transaction.atomic
def bookmark_add(*, user: User, case_study: CaseStudy) -> Bookmark:
    """Saves the case study for the member; saving it twice keeps one bookmark. No other side effects."""
    bookmark, _created = Bookmark.objects.get_or_create(user=user, case_study=case_study)
    return bookmark


@transaction.atomic
def bookmark_remove(*, user: User, case_study: CaseStudy) -> None:
    """Removes the member's bookmark of the case study, if there is one. No other side effects."""
    Bookmark.objects.filter(user=user, case_study=case_study).delete()


# --- Authors ---------------------------------------------------------------------------------------


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
            "This case study was changed by someone else (or its status changed) after you opened it, "
            "so your changes have not been saved. Your text is still in the form below: open the case "
            "study again in another tab, copy your changes across, and save there."
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
    index = next((i for i, author in enumerate(authors) if author.pk == author_id), None)
    if index is None:
        raise ReviewError("That author is no longer listed.")
    other = index - 1 if up else index + 1
    if not 0 <= other < len(authors):
        return
    authors[index], authors[other] = authors[other], authors[index]
    for position, author in enumerate(authors):
        author.position = position
    CaseStudyAuthor.objects.bulk_update(authors, ["position"])


def _add_named_organisation(*, editor: Any, case_study: CaseStudy, by: User) -> None:
    """Links the organisation typed in the form's "add an organisation" box, found by its name as
    matched or added unconfirmed."""
    # Imported here: organisations builds on this module's audit and errors.
    from .organisations import organisation_find_or_add

    name = editor.form.cleaned_data.get("new_organisation", "").strip()
    if name:
        case_study.organisations.add(organisation_find_or_add(name=name, by=by))


@transaction.atomic
def case_study_submit(*, case_study: CaseStudy, by: User) -> CaseStudy:
    """Puts a draft (or one with changes requested) in the review queue; thread entry, audit, emails to the authors."""
    missing = missing_for_review(case_study)
    if missing:
        raise IncompleteSubmission(missing)
    message = _move(
        case_study=case_study,
        by=by,
        from_statuses=EDITABLE_STATUSES,
        to_status=Status.SUBMITTED,
        kind=ReviewMessage.Kind.SUBMITTED,
        extra={"submitted_at": timezone.now(), "submitted_by": by},
        not_now="Only a draft, or a case study with changes requested, can be submitted for review.",
    )
    _email_authors(case_study=case_study, message=message)
    return case_study


@transaction.atomic
def case_study_withdraw(*, case_study: CaseStudy, by: User) -> CaseStudy:
    """Takes a submission out of the review queue, back to a draft; thread entry, audit, emails to the authors."""
    message = _move(
        case_study=case_study,
        by=by,
        from_statuses=(Status.SUBMITTED,),
        to_status=Status.DRAFT,
        kind=ReviewMessage.Kind.WITHDRAWN,
        extra={"submitted_at": None, "reviewer": None},
        not_now="Only a case study waiting for review can be withdrawn.",
    )
    _email_authors(case_study=case_study, message=message)
    return case_study


@transaction.atomic
def case_study_comment(*, case_study: CaseStudy, by: User, body: str) -> ReviewMessage:
    """Adds a message to the review thread; a curator's message is emailed to the authors."""
    if not body.strip():
        raise ReviewError("Write a message first.")
    message = ReviewMessage.objects.create(
        case_study=case_study, author=by, kind=ReviewMessage.Kind.COMMENT, body=body.strip()
    )
    if by.is_staff:
        _email_authors(case_study=case_study, message=message, skip=by)
    return message


@transaction.atomic
def case_study_revision_start(*, case_study: CaseStudy, by: User) -> CaseStudy:
    """Returns the open revision of a published case study, making one (a draft copy) if there is
    none. The published case study is not touched; audit entry."""
    live = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if live.status != Status.PUBLISHED:
        raise ReviewError("Only a published case study is revised; edit this one directly.")
    existing = live.revisions.first()
    if existing is not None:
        return existing
    revision = CaseStudy(
        revision_of=live,
        slug=unique_slug(f"{live.slug}-revision"),
        status=Status.DRAFT,
        created_by=by,
        **_content(live),
    )
    revision.save()
    for relation in TAXONOMY_RELATIONS:
        getattr(revision, relation).set(getattr(live, relation).all())
    _copy_rows(source=live, target=revision)
    audit_record(by=by, action=AuditEntry.Action.REVISION_STARTED, subject=live.title, case_study=live)
    return revision


def _content(case_study: CaseStudy) -> dict[str, Any]:
    """The content fields' values, with files by stored name so two records can share one file."""
    values = {field: getattr(case_study, field) for field in CONTENT_FIELDS}
    values["cover_image"] = case_study.cover_image.name
    return values


def revision_changes(revision: CaseStudy) -> list[str]:
    """The names of the content fields in which a revision differs from its published original."""
    live = revision.revision_of
    if live is None:
        return []
    return [
        str(CaseStudy._meta.get_field(field).verbose_name)
        for field in CONTENT_FIELDS
        if _comparable(revision, field) != _comparable(live, field)
    ]


def _comparable(case_study: CaseStudy, field: str) -> Any:
    if field == "region":
        return case_study.region_id
    if field == "cover_image":
        return case_study.cover_image.name
    return getattr(case_study, field)


def _copy_rows(*, source: CaseStudy, target: CaseStudy) -> None:
    """Replaces the target's authors, outcome measures and links with copies of the source's."""
    for model, fields in (
        (CaseStudyAuthor, ["member_id", "name", "role", "position"]),
        (OutcomeMeasure, ["label", "before", "after", "unit", "benefit", "better", "change_from", "position"]),
        (CaseStudyLink, ["title", "url", "position"]),
    ):
        model.objects.filter(case_study=target).delete()
        rows = list(model.objects.filter(case_study=source))
        copies = model.objects.bulk_create(
            model(case_study=target, **{field: getattr(row, field) for field in fields}) for row in rows
        )
        if model is OutcomeMeasure:
            _copy_series(pairs=zip(rows, copies, strict=True))
    # bulk_create sends no signals; the outcome labels are part of the search vector.
    search_vectors_refresh(case_study_ids=[target.pk])
    evidence_refresh(case_study_ids=[target.pk])


def _copy_series(*, pairs) -> None:
    """Each measure's points go with it into the copy (bulk_create on PostgreSQL returns the new ids)."""
    new_id = {source.pk: copy.pk for source, copy in pairs}
    MeasurePoint.objects.bulk_create(
        MeasurePoint(measure_id=new_id[point.measure_id], on=point.on, value=point.value, note=point.note)
        for point in MeasurePoint.objects.filter(measure_id__in=new_id)
    )


# --- Curators --------------------------------------------------------------------------------------


@transaction.atomic
def case_study_assign(*, case_study: CaseStudy, reviewer: User | None, by: User) -> CaseStudy:
    """Gives a submission to a curator (or to nobody); audit entry."""
    if reviewer is not None and not (reviewer.is_staff and reviewer.is_active):
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
    step = _move(
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
        case_study.refresh_from_db()
        _email_authors(case_study=case_study, message=step)
        return case_study
    live = _revision_merge(revision=case_study)
    step.refresh_from_db()
    _email_authors(case_study=live, message=step, revision=True)
    return live


def _revision_merge(*, revision: CaseStudy) -> CaseStudy:
    live = CaseStudy.objects.select_for_update().get(pk=revision.revision_of_id)
    for field, value in _content(revision).items():
        setattr(live, field, value)
    live.version += 1
    live.save()
    for relation in TAXONOMY_RELATIONS:
        getattr(live, relation).set(getattr(revision, relation).all())
    _copy_rows(source=revision, target=live)
    # The conversation and history of the revision become part of the live record's.
    ReviewMessage.objects.filter(case_study=revision).update(case_study=live)
    AuditEntry.objects.filter(case_study=revision).update(case_study=live)
    revision.delete()
    return live


@transaction.atomic
def case_study_request_changes(
    *, case_study: CaseStudy, by: User, message: str, field_notes: dict[str, str] | None = None
) -> CaseStudy:
    """Sends a submission back to its authors with the curator's message and any notes on
    particular parts (shown beside them when the authors edit); thread entry, audit, emails."""
    if not message.strip():
        raise ReviewError("Tell the authors what to change.")
    step = _move(
        case_study=case_study,
        by=by,
        from_statuses=(Status.SUBMITTED,),
        to_status=Status.CHANGES_REQUESTED,
        kind=ReviewMessage.Kind.CHANGES_REQUESTED,
        body=message,
        field_notes=field_notes,
        not_now="Only a case study waiting for review can be sent back for changes.",
    )
    _email_authors(case_study=case_study, message=step)
    return case_study


@transaction.atomic
def case_study_decline(*, case_study: CaseStudy, by: User, message: str) -> CaseStudy:
    """Declines a submission with the curator's reasons; thread entry, audit, emails to the authors.
    A declined revision leaves its published original as it was."""
    if not message.strip():
        raise ReviewError("Tell the authors why it is declined.")
    step = _move(
        case_study=case_study,
        by=by,
        from_statuses=(Status.SUBMITTED,),
        to_status=Status.DECLINED,
        kind=ReviewMessage.Kind.DECLINED,
        body=message,
        not_now="Only a case study waiting for review can be declined.",
    )
    _email_authors(case_study=case_study, message=step)
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


@transaction.atomic
def collection_save(*, editor: Any, by: User) -> Collection:
    """Saves a collection and its ordered items from a valid CollectionEditor; featuring it
    unfeatures any other; audit entry naming what changed."""
    form = editor.form
    creating = form.instance.pk is None
    collection: Collection = form.save(commit=False)
    if creating:
        collection.created_by = by
    if collection.featured:
        Collection.objects.exclude(pk=collection.pk).filter(featured=True).update(featured=False)
    collection.save()
    item_changes = editor.save_items(collection)
    changed = [form.fields[name].label or name for name in form.changed_data]
    if item_changes:
        changed.append("items")
    if creating or changed:
        audit_record(
            by=by,
            action=AuditEntry.Action.COLLECTION_CREATED if creating else AuditEntry.Action.COLLECTION_CHANGED,
            subject=collection.title,
            detail="" if creating else "Changed: " + ", ".join(str(name) for name in changed),
            collection=collection,
        )
    return collection


def _collection_changed(*, collection: Collection, by: User, detail: str) -> None:
    Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())
    audit_record(
        by=by,
        action=AuditEntry.Action.COLLECTION_CHANGED,
        subject=collection.title,
        detail=detail,
        collection=collection,
    )


@transaction.atomic
def collection_item_add(*, collection: Collection, case_study: CaseStudy, by: User) -> CollectionItem:
    """Adds a published case study at the end of the collection (once); audit entry."""
    if case_study.status != Status.PUBLISHED:
        raise ReviewError("Only a published case study can go in a collection.")
    locked = Collection.objects.select_for_update().get(pk=collection.pk)
    existing = CollectionItem.objects.filter(collection=locked, case_study=case_study).first()
    if existing is not None:
        raise ReviewError(f"“{case_study.title}” is already in this collection.")
    last = CollectionItem.objects.filter(collection=locked).aggregate(last=models.Max("position"))["last"]
    item = CollectionItem.objects.create(
        collection=locked, case_study=case_study, position=0 if last is None else last + 1
    )
    _collection_changed(collection=locked, by=by, detail=f"Added “{case_study.title}”")
    return item


@transaction.atomic
def collection_item_move(*, collection: Collection, item_id: int, up: bool, by: User) -> None:
    """Moves an item one place up or down, numbering the items 0, 1, 2... afresh; audit entry."""
    locked = Collection.objects.select_for_update().get(pk=collection.pk)
    items = list(CollectionItem.objects.filter(collection=locked).select_related("case_study"))
    index = next((i for i, item in enumerate(items) if item.pk == item_id), None)
    if index is None:
        raise ReviewError("That case study is no longer in this collection.")
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items):
        item.position = position
    CollectionItem.objects.bulk_update(items, ["position"])
    moved = items[other].case_study.title
    _collection_changed(collection=locked, by=by, detail=f"Moved “{moved}” {'up' if up else 'down'}")


@dataclass(frozen=True)
class TermKind:
    model: type[models.Model]
    label: str
    relation: str  # the CaseStudy field that holds terms of this kind


TERM_KINDS: dict[str, TermKind] = {
    "topic": TermKind(Topic, "Topics", "topics"),
    "setting": TermKind(CareSetting, "Care settings", "care_settings"),
    "approach": TermKind(ImprovementApproach, "Improvement approaches", "approaches"),
    "region": TermKind(Region, "Regions", "region"),
}


@transaction.atomic
def term_merge(*, kind: str, source: models.Model, target: models.Model, by: User) -> int:
    """Moves every case study tagged with `source` to `target` and deletes `source`; search vectors
    refreshed, audit entry. Returns how many case studies were retagged."""
    term_kind = TERM_KINDS[kind]
    if source.pk == target.pk or not isinstance(source, term_kind.model) or not isinstance(target, term_kind.model):
        raise ReviewError("Choose two different terms of the same kind.")
    if term_kind.relation == "region":
        ids = list(CaseStudy.objects.filter(region=source).values_list("pk", flat=True))
        CaseStudy.objects.filter(pk__in=ids).update(region=target)
    else:
        through = getattr(CaseStudy, term_kind.relation).through
        column = f"{term_kind.model._meta.model_name}_id"
        ids = list(through.objects.filter(**{column: source.pk}).values_list("casestudy_id", flat=True))
        already = set(
            through.objects.filter(**{column: target.pk}, casestudy_id__in=ids).values_list("casestudy_id", flat=True)
        )
        through.objects.bulk_create(through(casestudy_id=pk, **{column: target.pk}) for pk in ids if pk not in already)
    source_name = str(source)
    source.delete()
    search_vectors_refresh(case_study_ids=ids)
    audit_record(
        by=by,
        action=AuditEntry.Action.TERM_MERGED,
        subject=str(target),
        detail=f"{term_kind.label}: “{source_name}” merged into “{target}” ({len(ids)} case studies retagged)",
    )
    return len(ids)
