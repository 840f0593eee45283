"""The stylesheet holds the NHS.UK frontend components the templates use, and only those.

static/scss/portal.scss names each component; these tests read what `make` built from it
(static/build/portal.css) beside every class the templates and the Python code write."""

import gzip
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BUILT = ROOT / "static" / "build" / "portal.css"
WHOLE_DESIGN_SYSTEM = ROOT / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk" / "nhsuk-frontend.css"
SOURCES = [
    "templates",
    "static/js",
    "qportal",
    "members",
    "outbox",
    "casestudies",
    "groups",
    "events",
    "digests",
    "api",
]

CLASS = re.compile(r"nhsuk-[a-z0-9_-]*[a-z0-9]")
# The whole design system compressed is about 30 KiB; the portal's choice of it stays well under.
BUDGET_GZIP_BYTES = 25 * 1024


def classes_written() -> set[str]:
    found: set[str] = set()
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".html", ".py", ".js", ".txt"} and "migrations" not in path.parts:
                found |= set(CLASS.findall(path.read_text(encoding="utf-8")))
    return found


def classes_styled(css: str) -> set[str]:
    return {name[1:] for name in re.findall(r"\.nhsuk-[a-z0-9_-]*[a-z0-9]", css)}


def test_every_design_system_class_the_templates_write_is_in_the_stylesheet():
    written = classes_written()
    design_system = classes_styled(WHOLE_DESIGN_SYSTEM.read_text(encoding="utf-8"))
    built = classes_styled(BUILT.read_text(encoding="utf-8"))

    assert {"nhsuk-header", "nhsuk-card", "nhsuk-u-margin-bottom-0"} <= written  # the search found them
    missing = sorted((written & design_system) - built)
    assert missing == [], f"add the components of {missing} to static/scss/portal.scss"


def test_the_stylesheet_leaves_out_the_components_no_template_uses():
    built = classes_styled(BUILT.read_text(encoding="utf-8"))

    for unused in ("nhsuk-hero", "nhsuk-tabs", "nhsuk-task-list", "nhsuk-do-dont-list", "nhsuk-u-padding-top-9"):
        assert unused not in built
    compressed = len(gzip.compress(BUILT.read_bytes(), compresslevel=9))
    assert compressed < BUDGET_GZIP_BYTES, f"portal.css is {compressed} bytes compressed"
