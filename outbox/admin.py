import json

from django.contrib import admin, messages

from . import services
from .data_rights import without_secrets
from .models import OutgoingEmail, StreamOptOut


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["template_name", "to_address", "stream", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "stream", "template_name"]
    search_fields = ["to_address", "idempotency_key"]
    # The context is shown without its one-time links: a curator must not be able to use a
    # member's password reset link.
    exclude = ["context"]
    readonly_fields = [field.name for field in OutgoingEmail._meta.fields if field.name != "context"] + ["details"]
    date_hierarchy = "created_at"
    actions = ["resend"]

    @admin.display(description="Context")
    def details(self, email: OutgoingEmail) -> str:
        return json.dumps(without_secrets(email.context), indent=2, default=str)

    def has_add_permission(self, request) -> bool:
        # Rows are written only by the code that causes an email.
        return False

    @admin.action(description="Send the selected failed emails again", permissions=["change"])
    def resend(self, request, queryset) -> None:
        count = services.email_resend(email_ids=list(queryset.values_list("pk", flat=True)))
        skipped = queryset.count() - count
        self.message_user(request, f"{count} failed email(s) queued to be sent again.", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"{skipped} selected email(s) had not failed and were left as they were.")


@admin.register(StreamOptOut)
class StreamOptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "stream", "created_at"]
    list_filter = ["stream"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
