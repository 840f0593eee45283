from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "subject", "title", "reason", "created_at", "read_at"]
    list_filter = ["subject"]
    raw_id_fields = ["user"]
