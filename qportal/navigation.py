from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool = False


MAIN = [("Case studies", "/case-studies/"), ("Groups", "/groups/"), ("Events", "/events/")]
FOOTER = [
    ("About", "/about/"),
    ("Privacy", "/privacy/"),
    ("Accessibility", "/accessibility/"),
]


def main_navigation(request: HttpRequest) -> list[NavItem]:
    return [NavItem(label, url, request.path.startswith(url)) for label, url in MAIN]


def footer_navigation(request: HttpRequest) -> list[NavItem]:
    return [NavItem(label, url) for label, url in FOOTER]
