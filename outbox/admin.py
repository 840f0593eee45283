from django.contrib import admin

from .models import OutgoingEmail, StreamOptOut


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["template_name", "to_address", "stream", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "stream", "template_name"]
    search_fields = ["to_address", "idempotency_key"]
    readonly_fields = [field.name for field in OutgoingEmail._meta.fields]
    date_hierarchy = "created_at"


@admin.register(StreamOptOut)
class StreamOptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "stream", "created_at"]
    list_filter = ["stream"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
