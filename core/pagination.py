"""Previous and next links for any paged list, drawn by the one include, templates/includes/pagination.html."""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page


@dataclass(frozen=True)
class PageLinks:
    previous_url: str | None
    next_url: str | None
    current: int
    total: int
    estimated: bool = False  # the number of pages, when the count it comes from was estimated


def page_links_keeping(page: Page[Any], filters: str = "") -> PageLinks:
    """The links of a page of a paged list whose other parameters are the query string `filters`."""
    prefix = f"?{filters}&page=" if filters else "?page="
    return PageLinks(
        previous_url=f"{prefix}{page.previous_page_number()}" if page.has_previous() else None,
        next_url=f"{prefix}{page.next_page_number()}" if page.has_next() else None,
        current=page.number,
        total=page.paginator.num_pages,
    )
