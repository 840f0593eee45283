"""Curators' writes outside the review of one case study: collections, and merging terms of the
taxonomy."""

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from casestudies.editorial.models import AuditEntry
from casestudies.editorial.services.audit import audit_record
from casestudies.editorial.services.errors import ReviewError
from casestudies.editorial.services.ordering import move_one_place
from casestudies.library import taxonomy
from casestudies.library.models import CaseStudy, Collection, CollectionItem, Status
from casestudies.library.search import search_vectors_refresh
from members.models import User


@transaction.atomic
def collection_save(*, editor: Any, by: User) -> Collection:
    """Saves a collection and its ordered items from a valid CollectionEditor; featuring it
    unfeatures any other; audit entry naming what changed."""
    form = editor.form
    creating = form.instance.pk is None
    collection: Collection = form.save(commit=False)
    collection.featured = form.cleaned_data["featured"]
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
    other = move_one_place(items, item_id, up=up, missing="That case study is no longer in this collection.")
    if other is None:
        return
    CollectionItem.objects.bulk_update(items, ["position"])
    moved = items[other].case_study.title
    _collection_changed(collection=locked, by=by, detail=f"Moved “{moved}” {'up' if up else 'down'}")


@transaction.atomic
def term_merge(*, kind: str, source: models.Model, target: models.Model, by: User) -> int:
    """Moves every case study tagged with `source` to `target` and deletes `source`; search vectors
    refreshed, audit entry. Returns how many case studies were retagged."""
    term_kind = taxonomy.BY_KEY[kind]
    if source.pk == target.pk or not isinstance(source, term_kind.model) or not isinstance(target, term_kind.model):
        raise ReviewError("Choose two different terms of the same kind.")
    if not term_kind.many:
        ids = list(CaseStudy.objects.filter(region_id=source.pk).values_list("pk", flat=True))
        CaseStudy.objects.filter(pk__in=ids).update(region_id=target.pk)
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
        detail=f"{term_kind.plural}: “{source_name}” merged into “{target}” ({len(ids)} case studies retagged)",
    )
    return len(ids)
