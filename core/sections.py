"""A section of a composed page (the home page, a group's page): a template and its context."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class KeptPartWanted:
    """A kept part (core.kept_parts) a section shows, which its page asks for with its own parts,
    in one round trip."""

    name: str
    make: Callable[[], str]
    vary: str = ""


@dataclass(frozen=True)
class Section:
    template_name: str
    context: dict[str, Any]
    # Included in the page's <head> with the same context: the section's feeds, as <link rel="alternate">.
    head_template: str = ""
    # Kept parts by the name the context gives them, put in the context by the page that shows it.
    parts: dict[str, KeptPartWanted] = field(default_factory=dict)
