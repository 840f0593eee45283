"""What the apps above read of groups: their views read groups through these functions, never
through the models (the import contract on views in pyproject.toml)."""

from members.models import User, Viewer

from .models import Group, GroupQuerySet, Membership


def visible_groups(viewer: Viewer) -> GroupQuerySet:
    """The groups `viewer` may see (only open and by-request ones for nobody, as in the API)."""
    return Group.objects.visible_to(viewer)


def groups_of(member: User, *, seen_by: Viewer) -> GroupQuerySet:
    """The groups `member` is an active member of that `seen_by` may see, by name."""
    theirs = Membership.objects.active().filter(user=member).values("group_id")
    return visible_groups(seen_by).filter(pk__in=theirs).order_by("name")
