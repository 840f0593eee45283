from typing import Any

from .models import Notification


def notifications_export(user) -> list[dict[str, Any]]:
    return [
        {
            "subject": notification.get_subject_display(),
            "title": notification.title,
            "path": notification.path,
            "because_you_follow": notification.reason,
            "created_at": notification.created_at,
            "read_at": notification.read_at,
        }
        for notification in Notification.objects.for_member(user).newest_first()
    ]


def notifications_erase(user) -> None:
    Notification.objects.for_member(user).delete()
