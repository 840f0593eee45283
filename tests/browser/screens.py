"""Full-page screenshots for looking at pages by eye, taken only when SCREENSHOTS is set to a folder."""

import os
from pathlib import Path

from playwright.sync_api import Page

WIDTHS = (1280, 390)


def shoot(page: Page, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or {"width": 1280, "height": 800}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)
