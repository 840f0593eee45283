"""A section of a composed page (the home page, a group's page): a template and its context."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    template_name: str
    context: dict[str, Any]
    # Included in the page's <head> with the same context: the section's feeds, as <link rel="alternate">.
    head_template: str = ""
