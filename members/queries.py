"""What the apps above read of members. Their views read members and blocks through these
functions, never through the models (the import contract on views in pyproject.toml); writes go
through members.services."""

from django.db.models import QuerySet

from .models import Block, User, UserQuerySet, Viewer


def _members() -> UserQuerySet:
    # The manager is made with from_queryset, whose methods the type checker cannot see.
    members: UserQuerySet = User.objects.all()
    return members


def active_members() -> UserQuerySet:
    """Members whose account is not closed."""
    return _members().filter(is_active=True)


def active_member(pk: int) -> User | None:
    return active_members().filter(pk=pk).first()


def curators() -> UserQuerySet:
    return _members().curators().order_by("name")


def profiles_visible_to(viewer: Viewer) -> UserQuerySet:
    return _members().profiles_visible_to(viewer)


def listed_for(viewer: User) -> UserQuerySet:
    """The member directory as `viewer` sees it."""
    return _members().listed_for(viewer)


def blocks_by(user: User) -> QuerySet[Block]:
    """Whom the member blocks, by name."""
    return Block.objects.filter(blocker=user).select_related("blocked").order_by("blocked__name")
