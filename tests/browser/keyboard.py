"""Moving through a page with the keyboard alone, as someone who cannot use a mouse does."""

from playwright.sync_api import Page

# What a person hears for the focused element: its label, its text, or its accessible name.
FOCUSED_NAME = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "";
  const labels = el.labels ? Array.from(el.labels).map(l => l.innerText).join(" ") : "";
  return [el.getAttribute("aria-label"), labels, el.innerText, el.value].filter(Boolean).join(" ").trim();
}"""

FOCUS_IS_VISIBLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return outline || style.boxShadow !== "none";
}"""


def tab_to(page: Page, name: str, *, limit: int = 150) -> None:
    """Presses Tab until the focused element's name contains `name`; fails if it never does
    (unreachable by keyboard) or if focus is ever invisible on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        # Text split over lines (a visually hidden part on its own line) reads as one phrase.
        focused = " ".join(page.evaluate(FOCUSED_NAME).split())
        if focused:
            assert page.evaluate(FOCUS_IS_VISIBLE), f"focus on {focused!r} cannot be seen"
        if name.lower() in focused.lower():
            return
        seen.append(focused)
        if len(seen) > 3 and seen[-1] == seen[0] and len(set(seen)) == 1:
            raise AssertionError(f"focus is trapped on {focused!r}")
    raise AssertionError(f"could not reach {name!r} with Tab; focus went through: {seen}")


def follow(page: Page, key: str = "Enter") -> None:
    """Presses a key that leads to another page (a link or a form's button) and waits for it."""
    with page.expect_navigation():
        page.keyboard.press(key)
