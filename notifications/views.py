from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.views.generic import TemplateView

from core.pagination import page_links_keeping

from . import services
from .models import Notification

PAGE_SIZE = 20


class NotificationListView(LoginRequiredMixin, TemplateView):
    """The member's notifications, newest first; those on the page are marked read once shown."""

    template_name = "notifications/notification_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        page = Paginator(Notification.objects.for_member(user).newest_first(), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        notifications = list(page.object_list)
        services.notifications_mark_read(
            user=user, ids=[notification.pk for notification in notifications if notification.is_unread]
        )
        return super().get_context_data(
            page=page, notifications=notifications, page_links=page_links_keeping(page), **kwargs
        )
