"""Markdown for text that members write, turned into HTML that is safe to show as it is.

Rendering happens once, when a record is saved; pages show the stored HTML.
"""

import re
from collections.abc import MutableMapping
from html import unescape
from html.parser import HTMLParser
from typing import Any

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_WORD = re.compile(r"\w+")


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML: no scripts, no event handlers, no images, only http(s)/mailto links."""
    if not text.strip():
        return ""
    html = markdown_lib.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )


def render_markdown_field(instance: object, name: str, save_kwargs: MutableMapping[str, Any]) -> None:
    """Before a save: fill `<name>_html` from `name`; a save of `name` alone writes the HTML with it."""
    setattr(instance, f"{name}_html", render_markdown(getattr(instance, name)))
    update_fields = save_kwargs.get("update_fields")
    if update_fields is not None and name in update_fields:
        save_kwargs["update_fields"] = {*update_fields, f"{name}_html"}


def count_words(*texts: str) -> int:
    return sum(len(_WORD.findall(text)) for text in texts)


class _PlainText(HTMLParser):
    """Sanitised Markdown HTML as plain text: blocks on lines of their own, list items with a
    dash, links with their address after the words."""

    BLOCKS = {"p", "li", "h2", "h3", "h4", "blockquote", "pre", "tr", "hr", "table", "ul", "ol"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href = ""

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n\n" if tag not in {"li", "tr"} else "\n")
        if tag == "li":
            self.parts.append("- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in {"td", "th"}:
            self.parts.append(" ")
        elif tag == "a":
            self.href = dict(attrs).get("href") or ""

    def handle_endtag(self, tag):
        if tag == "a" and self.href:
            self.parts.append(f" ({self.href})")
            self.href = ""

    def handle_data(self, data):
        if "\n" in data and not data.strip():
            return  # the line breaks between blocks in the HTML; the blocks make their own
        self.parts.append(data)


def markdown_to_text(text: str) -> str:
    """Markdown as plain text for places that show no formatting (calendar files): the words
    without the markers, "**your questions**" read as "your questions"."""
    parser = _PlainText()
    parser.feed(render_markdown(text))
    parser.close()
    lines = [" ".join(line.split()) for line in unescape("".join(parser.parts)).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
