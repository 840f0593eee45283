from django.contrib import admin

from .models import CalendarFeed, Event, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "status", "registered_at", "waitlisted_at", "cancelled_at"]
    readonly_fields = ["registered_at", "waitlisted_at", "cancelled_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """For corrections; moderators and curators run events from the site's own pages, which send
    the emails that changes and cancellations need."""

    list_display = ["title", "group", "starts_at", "format", "status"]
    list_filter = ["status", "format", "kind", "group"]
    search_fields = ["title", "summary"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["group", "topics"]
    readonly_fields = ["uid", "sequence", "created_by", "created_at", "updated_at"]
    inlines = [RegistrationInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        else:
            obj.sequence += 1
        super().save_model(request, obj, form, change)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "user__name", "event__title"]
    autocomplete_fields = ["user", "event"]
    list_select_related = ["user", "event"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email"]
    readonly_fields = ["token"]
