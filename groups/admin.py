from django.contrib import admin

from .models import Group, Invitation, Membership, Post, Report, Thread


class MembershipInline(admin.TabularInline):
    """Curators appoint a group's first moderators here: add a row with the role Moderator."""

    model = Membership
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "role", "status", "joined_at"]
    readonly_fields = ["joined_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "visibility", "created_at"]
    list_filter = ["visibility"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "summary", "description", "visibility", "cover_image", "cover_image_alt"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        from django.utils import timezone

        for membership in formset.save(commit=False):
            if membership.status == Membership.Status.ACTIVE and membership.joined_at is None:
                membership.joined_at = timezone.now()
            if membership.status == Membership.Status.PENDING:
                membership.role = Membership.Role.MEMBER
            membership.save()
        for membership in formset.deleted_objects:
            membership.delete()


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "role", "status", "joined_at"]
    list_filter = ["role", "status", "group"]
    search_fields = ["user__email", "user__name", "group__name"]
    autocomplete_fields = ["user", "group"]
    list_select_related = ["user", "group"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "group", "created_at", "expires_at", "accepted_at"]
    list_filter = ["group"]
    search_fields = ["email"]
    list_select_related = ["group"]
    readonly_fields = ["token", "accepted_at", "accepted_by", "invited_by"]


class PostInline(admin.StackedInline):
    model = Post
    extra = 0
    fields = ["author", "body", "created_at", "hidden_at", "hidden_reason"]
    readonly_fields = ["author", "created_at"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "author", "last_activity_at", "is_pinned", "is_locked"]
    list_filter = ["group", "is_pinned", "is_locked"]
    search_fields = ["title"]
    list_select_related = ["group", "author"]
    readonly_fields = ["author", "created_at"]
    inlines = [PostInline]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["post", "reporter", "reason", "created_at", "resolved_at"]
    list_select_related = ["post", "reporter"]
    readonly_fields = ["post", "reporter", "created_at"]
