from django.contrib import admin

from .models import (
    Attachment,
    Bookmark,
    CareSetting,
    CaseStudy,
    CaseStudyAuthor,
    CaseStudyLink,
    Collection,
    CollectionItem,
    ImprovementApproach,
    Organisation,
    OutcomeMeasure,
    Region,
    Topic,
)


@admin.register(Topic, CareSetting, ImprovementApproach, Region)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "website"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


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


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["content_type", "size"]


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "featured", "region"]
    list_filter = ["status", "featured", "topics", "care_settings", "approaches", "region"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organisations", "topics", "care_settings", "approaches"]
    raw_id_fields = ["created_by"]
    date_hierarchy = "published_at"
    inlines = [CaseStudyAuthorInline, OutcomeMeasureInline, CaseStudyLinkInline, AttachmentInline]


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


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin):
    list_display = ["user", "case_study", "created_at"]
    raw_id_fields = ["user", "case_study"]
