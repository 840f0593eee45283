from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from casestudies.editorial.models import AuditEntry, ReviewMessage
from casestudies.editorial.services.audit import audit_record
from casestudies.editorial.services.errors import ReviewError
from casestudies.editorial.services.review import case_study_feature, case_study_publish
from casestudies.library import taxonomy
from casestudies.library.models import (
    Attachment,
    Bookmark,
    CaseStudy,
    CaseStudyAuthor,
    CaseStudyLink,
    Collection,
    CollectionItem,
    Organisation,
    OutcomeMeasure,
    Status,
    SynonymGroup,
)
from casestudies.spread.models import Adaptation, AuthorQuestion, AuthorReply
from casestudies.spread.services.adaptations import (
    HIDDEN_AS_BOGUS,
    adaptation_counts_refresh,
    adaptation_hide,
    adaptation_unhide,
)

# Addresses typed without a scheme are read as https, as browsers do.
HTTPS_BY_DEFAULT = {models.URLField: {"assume_scheme": "https"}}


@admin.register(*taxonomy.MODELS)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["name", "website"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    """The search vocabulary: a change counts from the next search (casestudies.library.vocabulary)."""

    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["forms", "note"]
    fields = ["forms", "note"]


class OutcomeMeasureInline(admin.TabularInline):
    model = OutcomeMeasure
    extra = 0


class CaseStudyAuthorInline(admin.TabularInline):
    model = CaseStudyAuthor
    extra = 0
    autocomplete_fields = ["member"]


class CaseStudyLinkInline(admin.TabularInline):
    model = CaseStudyLink
    extra = 0
    formfield_overrides = HTTPS_BY_DEFAULT


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["content_type", "size"]


class ReadOnlyInline(admin.TabularInline):
    """History is written by the services only; the admin shows it."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReviewMessageInline(ReadOnlyInline):
    model = ReviewMessage
    fields = ["created_at", "author", "kind", "body"]
    readonly_fields = fields


class AuditEntryInline(ReadOnlyInline):
    model = AuditEntry
    fk_name = "case_study"
    fields = ["created_at", "actor", "action", "detail"]
    readonly_fields = fields


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "submitted_at", "reviewer", "published_at", "featured", "region"]
    list_filter = ["status", "featured", ("reviewer", admin.RelatedOnlyFieldListFilter), "topics", "region"]
    list_select_related = ["region", "reviewer"]
    search_fields = ["title", "summary", "slug", "authors__member__email", "authors__name"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organisations", "topics", "care_settings", "approaches"]
    raw_id_fields = ["created_by", "reviewer"]
    # Status moves only through the review services (actions below), so that every move is
    # recorded and the authors are told.
    readonly_fields = ["status", "revision_of", "submitted_at", "submitted_by", "version"]
    date_hierarchy = "published_at"
    inlines = [
        CaseStudyAuthorInline,
        OutcomeMeasureInline,
        CaseStudyLinkInline,
        AttachmentInline,
        ReviewMessageInline,
        AuditEntryInline,
    ]
    actions = ["publish", "feature", "unfeature"]

    @admin.action(description="Publish the selected submissions (the authors are emailed)")
    def publish(self, request: HttpRequest, queryset: QuerySet[CaseStudy]) -> None:
        selected = list(queryset)
        published = 0
        for case_study in selected:
            if case_study.status == Status.SUBMITTED:
                case_study_publish(case_study=case_study, by=request.user)
                published += 1
        skipped = len(selected) - published
        self.message_user(request, f"Published {published}; skipped {skipped} not waiting for review.")

    @admin.action(description="Feature the selected case studies")
    def feature(self, request: HttpRequest, queryset: QuerySet[CaseStudy]) -> None:
        self._feature(request, queryset, featured=True)

    @admin.action(description="Stop featuring the selected case studies")
    def unfeature(self, request: HttpRequest, queryset: QuerySet[CaseStudy]) -> None:
        self._feature(request, queryset, featured=False)

    def _feature(self, request: HttpRequest, queryset: QuerySet[CaseStudy], *, featured: bool) -> None:
        done = 0
        for case_study in queryset:
            try:
                case_study_feature(case_study=case_study, by=request.user, featured=featured)
                done += 1
            except ReviewError as error:
                self.message_user(request, f"{case_study}: {error}", level=messages.WARNING)
        self.message_user(request, f"{'Featured' if featured else 'Stopped featuring'} {done}.")


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    extra = 0
    raw_id_fields = ["case_study"]


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "featured", "updated_at"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["created_by"]
    inlines = [CollectionItemInline]

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        audit_record(
            by=request.user,
            action=AuditEntry.Action.COLLECTION_CHANGED if change else AuditEntry.Action.COLLECTION_CREATED,
            subject=form.instance.title,
            detail="In the admin",
            collection=form.instance,
        )


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin):
    list_display = ["user", "case_study", "created_at"]
    raw_id_fields = ["user", "case_study"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "subject", "detail"]
    list_filter = ["action", "created_at"]
    list_select_related = ["actor"]
    search_fields = ["subject", "detail", "actor__email", "actor__name"]
    date_hierarchy = "created_at"


@admin.register(ReviewMessage)
class ReviewMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "case_study", "author", "kind"]
    list_filter = ["kind"]
    list_select_related = ["case_study", "author"]
    search_fields = ["case_study__title", "body", "author__email"]
    date_hierarchy = "created_at"


@admin.register(Adaptation)
class AdaptationAdmin(admin.ModelAdmin):
    """Curators hide a bogus adaptation with a reason: by the action, or by ticking Hidden and writing one."""

    list_display = ["organisation", "case_study", "member", "status", "hidden", "created_at"]
    list_filter = ["hidden", "status"]
    search_fields = ["organisation", "case_study__title", "member__email"]
    raw_id_fields = ["case_study", "member", "adapted_as"]
    actions = ["hide", "unhide"]

    @admin.action(description="Hide the selected adaptations as not genuine")
    def hide(self, request: HttpRequest, queryset: QuerySet[Adaptation]) -> None:
        for adaptation in queryset.filter(hidden=False):
            adaptation_hide(adaptation=adaptation, reason=HIDDEN_AS_BOGUS)
        self.message_user(request, "The selected adaptations are hidden.", messages.SUCCESS)

    @admin.action(description="Show the selected adaptations again")
    def unhide(self, request: HttpRequest, queryset: QuerySet[Adaptation]) -> None:
        for adaptation in queryset.filter(hidden=True):
            adaptation_unhide(adaptation=adaptation)
        self.message_user(request, "The selected adaptations are shown again.", messages.SUCCESS)

    # Edits and deletions made here change what the case studies count, as the services do.
    def save_model(self, request: HttpRequest, obj: Adaptation, form, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            adaptation_counts_refresh(case_study_ids=[obj.case_study_id, form.initial.get("case_study")])

    def delete_model(self, request: HttpRequest, obj: Adaptation) -> None:
        with transaction.atomic():
            super().delete_model(request, obj)
            adaptation_counts_refresh(case_study_ids=[obj.case_study_id])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Adaptation]) -> None:
        with transaction.atomic():
            case_study_ids = list(queryset.values_list("case_study_id", flat=True))
            super().delete_queryset(request, queryset)
            adaptation_counts_refresh(case_study_ids=case_study_ids)


class AuthorReplyInline(admin.TabularInline):
    model = AuthorReply
    extra = 0
    fields = ["author", "text", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: AuthorQuestion | None = None) -> bool:
        return False


@admin.register(AuthorQuestion)
class AuthorQuestionAdmin(admin.ModelAdmin):
    """Read-only: curators see what members asked, and what authors reported as abuse, and may delete it."""

    list_display = ["case_study", "asker", "created_at", "reported", "reported_at"]
    list_filter = ["reported", "created_at"]
    list_select_related = ["case_study", "asker"]
    search_fields = ["case_study__title", "asker__name", "text", "report_reason"]
    date_hierarchy = "created_at"
    fields = ["case_study", "asker", "text", "created_at", "reported", "reported_by", "reported_at", "report_reason"]
    readonly_fields = fields
    inlines = [AuthorReplyInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuthorQuestion | None = None) -> bool:
        return False
