"""Accessibility scans with axe-core (the npm package, installed by `npm ci`)."""

from functools import cache
from pathlib import Path

from playwright.sync_api import Page

from tests.processes import ROOT

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@cache
def axe_source() -> str:
    path = Path(ROOT) / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        raise RuntimeError(f"{path} is missing: run `npm ci` (make setup does).")
    return path.read_text()


def axe_violations(page: Page) -> list[dict]:
    """The WCAG 2.0/2.1/2.2 A and AA violations on the page as it is now.

    axe is evaluated through the browser's debugging protocol, which the page's
    Content-Security-Policy does not apply to, so the site's CSP stays as strict as it is.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source() + "\n;0")
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ' ' + n.failureSummary)}))",
        WCAG_TAGS,
    )


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url} has accessibility violations:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations
    )
