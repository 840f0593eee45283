from django.contrib import admin
from django.template.response import TemplateResponse

from .models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "key_start", "requests_per_minute", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "contact_email", "key_start"]
    readonly_fields = ["key_start", "created_by", "created_at"]

    def save_model(self, request, obj: ApiKey, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
            # Kept on the request only, to show once on the next page; never stored.
            request._new_api_key = obj.set_key()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj: ApiKey, post_url_continue=None):
        return TemplateResponse(
            request,
            "admin/api/apikey/created.html",
            {
                **self.admin_site.each_context(request),
                "title": "API key created",
                "api_key": obj,
                "key": request._new_api_key,
                "opts": self.model._meta,
            },
        )
