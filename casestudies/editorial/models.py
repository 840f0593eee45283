"""The editorial record: the conversation between authors and curators on a case study, and the
audit history of what curators and authors changed."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from casestudies.library.models import CaseStudy
from casestudies.library.models.collections import Collection


class ReviewMessage(models.Model):
    """One entry in a case study's review thread: a step (submitted, a decision) or a comment.

    Authors see the whole thread on their case study's review page; decisions carry the
    curator's message to them.
    """

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        WITHDRAWN = "withdrawn", "Withdrawn from review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        PUBLISHED = "published", "Published"
        DECLINED = "declined", "Declined"
        COMMENT = "comment", "Comment"

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="review_messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    body = models.TextField(blank=True, max_length=5000)
    # A curator's requests about particular parts, shown beside them when the authors edit:
    # {"problem": "Say how many people were waiting.", ...} (keys from review_diff.NOTE_FIELDS).
    field_notes = models.JSONField(default=dict, blank=True)
    # On a decision: the case study as the curator saw it (review_diff.review_snapshot), so the
    # next submission can be compared with it.
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.case_study_id}"


class AuditEntry(models.Model):
    """Who changed what and when: status changes, features, collection and taxonomy edits.

    `subject` keeps the title at the time, so an entry still reads after its object is gone.
    """

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        EDITED = "edited", "Edited"
        STATUS_CHANGED = "status_changed", "Status changed"
        REVISION_STARTED = "revision_started", "Revision started"
        REVIEWER_ASSIGNED = "reviewer_assigned", "Reviewer assigned"
        FEATURED = "featured", "Featured"
        UNFEATURED = "unfeatured", "No longer featured"
        COLLECTION_CREATED = "collection_created", "Collection created"
        COLLECTION_CHANGED = "collection_changed", "Collection changed"
        TERM_MERGED = "term_merged", "Taxonomy terms merged"
        ORGANISATION_ADDED = "organisation_added", "Organisation added"
        ORGANISATION_CONFIRMED = "organisation_confirmed", "Organisation confirmed"
        ORGANISATION_MERGED = "organisation_merged", "Organisations merged"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=30, choices=Action.choices, db_index=True)
    case_study = models.ForeignKey(
        CaseStudy, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    subject = models.CharField(max_length=300)
    detail = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.subject}"
