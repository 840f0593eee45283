from typing import Any

from django.http import HttpRequest

from .services import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    """The count of unread notifications in the header, for members only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
