"""Full-page screenshots of the main pages, as each kind of reader sees them, for a person to look at.

    make screenshots        # or: python -m tools.screenshots [folder]

Starts the demo site as production runs it (tools/demo_site.py), signs in through the site's own
forms as the demo member, moderator and curator (the curator turns on an authenticator app, as
curator pages require), and saves `<folder>/<role>/<page>-<width>.png` at 1280 and 390 pixels wide.
The folder (default `screenshots/`) is not committed.
"""

import argparse
import base64
import hashlib
import hmac
import os
import struct
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import Page, sync_playwright

from tools.demo_site import demo_site, first_item

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WIDTHS = {1280: 800, 390: 844}  # width: the height of the window before the page is measured
PASSWORD = "improve-together"  # the demo accounts' password (qportal/management/commands/seed_demo.py)
ROLES = {
    "visitor": None,
    "member": "member@example.org",
    "moderator": "moderator@example.org",
    "curator": "curator@example.org",
}
PAGES = {
    "home": "/",
    "list": "/case-studies/",
    "search": "/case-studies/?q=flow",
    "case-study": "first:/case-studies/",
    "collections": "/collections/",
    "groups": "/groups/",
    "group": "first:/groups/",
    "events": "/events/",
    "event": "first:/events/",
    "sign-in": "/accounts/login/",
    "sign-up": "/accounts/signup/",
    "dashboard": "/me/",
    "review-queue": "/review/",
}


def totp_code(secret: str) -> str:
    """RFC 6238 (SHA-1, 30 seconds, 6 digits): what an authenticator app shows."""
    padded = secret.upper() + "=" * (-len(secret) % 8)
    digest = hmac.new(base64.b32decode(padded), struct.pack(">Q", int(time.time() // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def sign_in(page: Page, site: str, email: str) -> None:
    page.goto(site + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    if "/accounts/login" in page.url:
        raise SystemExit(f"Could not sign in as {email}: is the demo content in place?")


def turn_on_authenticator(page: Page, site: str) -> None:
    """Curator pages need two-factor authentication: set up an authenticator app as a curator would."""
    page.goto(site + "/accounts/2fa/totp/activate/")
    if "/reauthenticate/" in page.url:  # the site asks for the password again first
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url("**/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(totp_code(secret))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    if "/activate/" in page.url:
        raise SystemExit("Could not turn on the curator's authenticator app.")


def take(page: Page, site: str, folder: Path, role: str, addresses: dict[str, str]) -> None:
    for width, height in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, address in addresses.items():
            page.goto(urljoin(site, address), wait_until="load")
            page.screenshot(path=folder / role / f"{name}-{width}.png", full_page=True)


def main(folder: Path) -> int:
    with demo_site() as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        addresses = {
            name: first_item(site, path.removeprefix("first:")) if path.startswith("first:") else path
            for name, path in PAGES.items()
        }
        for role, email in ROLES.items():
            (folder / role).mkdir(parents=True, exist_ok=True)
            context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
            context.set_default_timeout(90_000)  # two busy cores can be slow; nothing here races
            page = context.new_page()
            if email:
                sign_in(page, site, email)
            if role == "curator":
                turn_on_authenticator(page, site)
            take(page, site, folder, role, addresses)
            context.close()
            print(f"{role}: {len(addresses) * len(WIDTHS)} screenshots in {folder / role}", flush=True)
        browser.close()
    return 0


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tools.screenshots",
        description="Full-page screenshots of the main pages for each role, at 1280 and 390 pixels wide.",
    )
    parser.add_argument("folder", nargs="?", default="screenshots", type=Path, help="where to save them")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main(arguments(sys.argv[1:]).folder))
