from django.contrib import admin

from .models import DigestPreference


@admin.register(DigestPreference)
class DigestPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "weekday", "send_time", "next_due_at", "covered_until"]
    list_filter = ["frequency", "weekday"]
    search_fields = ["user__email", "user__name"]
    raw_id_fields = ["user"]
    filter_horizontal = ["muted_groups"]
    readonly_fields = ["chosen_at", "covered_until", "next_due_at", "created_at", "updated_at"]
