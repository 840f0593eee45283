"""Markdown for text that members write, turned into HTML that is safe to show as it is.

Rendering happens once, when a record is saved; pages show the stored HTML.
"""

import re

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


def count_words(*texts: str) -> int:
    return sum(len(_WORD.findall(text)) for text in texts)
