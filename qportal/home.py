"""Sections of the visitors' home page, in the order they are shown: the site composes them from
the apps below it."""

from collections.abc import Callable

from django.http import HttpRequest

from casestudies.library import home as library
from core.sections import Section
from events import home as events
from groups import home as groups

SECTIONS: list[Callable[[HttpRequest], Section | None]] = [
    library.featured_case_studies,
    library.featured_collection,
    library.latest_case_studies,
    library.most_adapted,
    events.upcoming_section,
    groups.groups_section,
]


def sections(request: HttpRequest) -> list[Section]:
    built = (builder(request) for builder in SECTIONS)
    return [section for section in built if section is not None]
