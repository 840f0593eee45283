"""Sections of the member's dashboard at /me/.

Apps higher in the layers add their own section from their AppConfig.ready(), so that
members never has to import them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DashboardLink:
    label: str
    url_name: str
    description: str
    order: int = 100


_links: dict[str, DashboardLink] = {}


def register(link: DashboardLink) -> None:
    _links[link.url_name] = link


def links() -> list[DashboardLink]:
    return sorted(_links.values(), key=lambda link: (link.order, link.label))
