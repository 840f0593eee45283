"""The URL walk's readers find what they are there to find (tests/reading.py)."""

import pytest

from tests.reading import MarkupChecks, text_problems

PAGE = """<!DOCTYPE html><html lang="en-GB"><head><title>A page</title></head><body>
<main><h1>A page</h1>{}</main></body></html>"""


@pytest.mark.parametrize(
    "shown",
    [
        "<p>{# a comment over two lines</p>",
        "<p>the end of it #}</p>",
        "<p>{% if x %}</p>",
        "<p>Hello {{ name }}</p>",
        "<p>By None</p>",
        "<dd>None</dd>",
        "<p>Topics: []</p>",
        "<p>&lt;Topic object at 0x7f3a2b&gt;</p>",
        "<p>&lt;QuerySet [&lt;Topic: Flow&gt;]&gt;</p>",
        '<input value="None">',
        "<p>We made it **twice** as fast</p>",
        "<p>See [the report](https://example.org)</p>",
        "<p>__init__</p>",
        "<div># Results\nFalls fell.</div>",
    ],
)
def test_a_page_showing_leftovers_is_caught(shown):
    assert text_problems(PAGE.format(shown))


@pytest.mark.parametrize(
    "shown",
    [
        "<p>None yet.</p>",
        "<p>None of these</p>",
        "<p>We made it <strong>twice</strong> as fast</p>",
        "<p>Markdown: <code>**bold**</code></p>",
        "<textarea># My draft with **bold**</textarea>",
        "<script>if (a && b) { x = {{}}; }</script>",
        "<p>Issue #12 is fixed</p>",
    ],
)
def test_a_page_that_reads_well_passes(shown):
    assert text_problems(PAGE.format(shown)) == []


def test_the_checker_reports_each_kind_of_error_the_portal_had_and_passes_a_valid_page(nu_checker):
    markup = MarkupChecks(nu_checker)
    markup.add("valid", PAGE.format('<p><time datetime="2026-07-01T10:30:15+01:00">1 July</time></p>').encode())
    markup.add("fraction", PAGE.format('<time datetime="2026-07-01T10:30:15.123456+01:00">1 July</time>').encode())
    markup.add("htmx", PAGE.format('<div hx-get="/x">x</div>').encode())
    markup.add("jump", PAGE.format("<h3>Too deep</h3>").encode())
    markup.add("text in head", PAGE.replace("<title>", "A leaked comment<title>").format("").encode())

    problems = markup.problems()

    assert [problem.split(":")[0] for problem in problems] == ["fraction", "htmx", "jump", "text in head"]
    assert "fraction of a second" in problems[0]
    assert "hx-get" in problems[1]
