"""Who may fetch a group's cover image (qportal/media.py serves it): whoever may see the group."""

from django.http import HttpRequest

from .models import Group


def cover_may_be_fetched(request: HttpRequest, name: str) -> bool:
    return Group.objects.visible_to(request.user).filter(cover_image=name).exists()
