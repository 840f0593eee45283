"""Hooks for the apps above groups (events) to add to group pages without groups importing them.

`register_list_annotation(name, annotate)`: `annotate(queryset) -> queryset` adds values shown in
the list of groups, such as `upcoming_event_count`.
`register_section(name, builder, order=, parts_ahead=)`: `builder(request, group) -> Section | None`
adds a section to a group's page (the template receives `section` = the context and `group`);
`parts_ahead(request)` names the section's kept parts, (name, vary) each, that the page cache may
read ahead from the address alone, before anyone is signed in (core.page_cache).
"""

from collections.abc import Callable

from django.http import HttpRequest

from core.sections import Section

from .models import Group, GroupQuerySet

ListAnnotation = Callable[[GroupQuerySet], GroupQuerySet]
SectionBuilder = Callable[[HttpRequest, Group], Section | None]

PartsAhead = Callable[[HttpRequest], list[tuple[str, str]]]

_annotations: dict[str, ListAnnotation] = {}
_sections: dict[str, tuple[int, SectionBuilder]] = {}
_parts_ahead: dict[str, PartsAhead] = {}


def register_list_annotation(name: str, annotate: ListAnnotation) -> None:
    _annotations[name] = annotate


def list_annotation_names() -> set[str]:
    """Which values the listing has, so templates show only those (a missing one would read as empty)."""
    return set(_annotations)


def annotate_for_listing(queryset: GroupQuerySet) -> GroupQuerySet:
    for annotate in _annotations.values():
        queryset = annotate(queryset)
    return queryset


def register_section(
    name: str, builder: SectionBuilder, *, order: int = 100, parts_ahead: PartsAhead | None = None
) -> None:
    _sections[name] = (order, builder)
    if parts_ahead is not None:
        _parts_ahead[name] = parts_ahead


def sections_parts_ahead(request: HttpRequest) -> list[tuple[str, str]]:
    return [part for parts_ahead in _parts_ahead.values() for part in parts_ahead(request)]


def sections(request: HttpRequest, group: Group) -> list[Section]:
    ordered = sorted(_sections.values(), key=lambda item: item[0])
    built = (builder(request, group) for _, builder in ordered)
    return [section for section in built if section is not None]
