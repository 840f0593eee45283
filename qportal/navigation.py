from dataclasses import dataclass

from core.addresses import address


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


# The site header's addresses, by the names base.html gives them.
HEADER = {
    "home": "home",
    "share": "casestudies:new",
    "account": "members:dashboard",
    "notifications": "notifications:list",
    "review": "casestudies:review_queue",
    "admin": "admin:index",
    "sign_out": "account_logout",
    "sign_in": "account_login",
    "sign_up": "account_signup",
}


def header_links() -> dict[str, str]:
    """The header's addresses, the same on every page: worked out once a process (core.addresses)."""
    return {name: address(view) for name, view in HEADER.items()}


def main_navigation(path: str) -> list[NavItem]:
    """The menu, with the section the page at `path` is in as current."""
    return [NavItem(label, url, path.startswith(url)) for label, url in MAIN]


def footer_navigation() -> list[NavItem]:
    return [NavItem(label, url) for label, url in FOOTER]
