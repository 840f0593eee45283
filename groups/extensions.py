"""Hooks for the apps above groups (events) to add to group pages without groups importing them.

`register_list_annotation(name, annotate)`: `annotate(queryset) -> queryset` adds values shown in
the list of groups, such as `upcoming_event_count`.
`register_section(name, builder, order=)`: `builder(request, group) -> Section | None` adds a
section to a group's page (the template receives `section` = the context and `group`).
"""

from collections.abc import Callable

from django.http import HttpRequest

from core.sections import Section

from .models import Group, GroupQuerySet

ListAnnotation = Callable[[GroupQuerySet], GroupQuerySet]
SectionBuilder = Callable[[HttpRequest, Group], Section | None]

_annotations: dict[str, ListAnnotation] = {}
_sections: dict[str, tuple[int, SectionBuilder]] = {}


def register_list_annotation(name: str, annotate: ListAnnotation) -> None:
    _annotations[name] = annotate


def list_annotation_names() -> set[str]:
    """Which values the listing has, so templates show only those (a missing one would read as empty)."""
    return set(_annotations)


def annotate_for_listing(queryset: GroupQuerySet) -> GroupQuerySet:
    for annotate in _annotations.values():
        queryset = annotate(queryset)
    return queryset


def register_section(name: str, builder: SectionBuilder, *, order: int = 100) -> None:
    _sections[name] = (order, builder)


def sections(request: HttpRequest, group: Group) -> list[Section]:
    ordered = sorted(_sections.values(), key=lambda item: item[0])
    built = (builder(request, group) for _, builder in ordered)
    return [section for section in built if section is not None]
