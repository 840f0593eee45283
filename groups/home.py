from django.http import HttpRequest

from core.sections import Section

from . import extensions
from .models import Group

HOME_GROUP_COUNT = 4


def groups_section(request: HttpRequest) -> Section | None:
    """The busiest groups the visitor may see."""
    groups = Group.objects.visible_to(request.user).with_member_count()
    groups = list(extensions.annotate_for_listing(groups).order_by("-member_count", "name")[:HOME_GROUP_COUNT])
    if not groups:
        return None
    return Section(
        "groups/home_section.html", {"groups": groups, "list_annotations": extensions.list_annotation_names()}
    )
