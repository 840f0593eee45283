"""Sections of the home page.

Apps add a section from their AppConfig.ready() with a function that returns the
template to include and its context (or None to show nothing). The home page thus
grows with the apps without qportal importing any of them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Section:
    template_name: str
    context: dict[str, Any]
    # Included in the page's <head> with the same context: the section's feeds, as <link rel="alternate">.
    head_template: str = ""


SectionBuilder = Callable[[HttpRequest], Section | None]

_builders: dict[str, tuple[int, SectionBuilder]] = {}


def register(name: str, builder: SectionBuilder, *, order: int = 100) -> None:
    _builders[name] = (order, builder)


def sections(request: HttpRequest) -> list[Section]:
    built = (builder(request) for _, builder in sorted(_builders.values(), key=lambda item: item[0]))
    return [section for section in built if section is not None]
