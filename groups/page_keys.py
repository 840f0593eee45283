"""Which kept pages each of the groups' rows is shown on (core.page_cache), and so retires.

Dependencies: GROUPS for the pages that list groups (with their member counts: the groups list
and the home page); group(slug) for a group's own page and its discussion; thread(pk) for one
thread. Invitations, reports and thread follows are on no kept page and retire nothing.
"""

from collections.abc import Iterable

from core.page_cache import EVERYWHERE, watch

from .models import Group, Membership, Post, Thread

GROUPS = "groups"


def group(slug: str) -> str:
    return f"group:{slug}"


def thread(pk: int) -> str:
    return f"thread:{pk}"


def group_of(group_id: int | None) -> list[str]:
    """The dependency of a group's page, by the group's id."""
    return [group(slug) for slug in Group.objects.filter(pk=group_id).values_list("slug", flat=True)]


def _group_changed(row: Group) -> Iterable[str]:
    # A group's name is shown beside its events and posts, wherever they are.
    return (GROUPS, group(row.slug), EVERYWHERE)


def _membership_changed(row: Membership) -> Iterable[str]:
    return (GROUPS, *group_of(row.group_id))


def _thread_changed(row: Thread) -> Iterable[str]:
    return (*group_of(row.group_id), thread(row.pk))


def _post_changed(row: Post) -> Iterable[str]:
    groups = Group.objects.filter(threads=row.thread_id).values_list("slug", flat=True)
    return (*(group(slug) for slug in groups), thread(row.thread_id))


RULES = {Group: _group_changed, Membership: _membership_changed, Thread: _thread_changed, Post: _post_changed}


def connect() -> None:
    watch(RULES)
