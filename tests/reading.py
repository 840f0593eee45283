"""Reading a page as a person and a validator read it: the text it shows, and what the Nu HTML
Checker (the `vnu-jar` npm package, run on Debian's Java) says about its markup."""

import json
import re
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from html.parser import HTMLParser

from tests.processes import ROOT, free_port, wait_for

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Never shown: code, styles and inert templates.
HIDDEN = {"script", "style", "template"}
# Shown as typed, so raw Markdown there is what the person wrote, not a rendering fault.
AS_TYPED = {"textarea", "pre", "code"}
# Attributes whose values a person sees or hears (or that a form sends back as the value).
SHOWN_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "value"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

TEMPLATE_SYNTAX = ("{#", "#}", "{%", "%}", "{{", "}}")
PYTHON_LEFTOVERS = [
    # Not "None yet" or "None of these", which are English.
    (re.compile(r"\bNone\b(?! [a-z])"), "None"),
    (re.compile(r"\[\]"), "[]"),
    (re.compile(r"object at 0x[0-9a-fA-F]+"), "a Python object's repr"),
    (re.compile(r"<bound method"), "a Python method's repr"),
    (re.compile(r"\bQuerySet\b"), "a QuerySet"),
]
MARKDOWN_MARKERS = [
    (re.compile(r"\*\*"), "**"),
    (re.compile(r"__"), "__"),
    (re.compile(r"\]\("), "]("),
    (re.compile(r"^\s*#{1,6} ", re.MULTILINE), "a leading # heading marker"),
]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.shown: list[str] = []  # every piece of text a person sees
        self.rendered: list[str] = []  # the part of it that is not shown as typed

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._hidden():
            self.shown += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            # Close up to the matching element, as a browser would for unclosed children.
            while self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._hidden() or not data.strip():
            return
        self.shown.append(data)
        if not AS_TYPED & set(self.open):
            self.rendered.append(data)

    def _hidden(self) -> bool:
        return bool(HIDDEN & set(self.open))


def text_problems(html: str) -> list[str]:
    """What a person should never read on a page: template syntax, Python leftovers, raw Markdown."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    problems = []
    for text in parser.shown:
        problems += [
            f"template syntax {marker!r} in {text.strip()[:80]!r}" for marker in TEMPLATE_SYNTAX if marker in text
        ]
        problems += [f"{name} in {text.strip()[:80]!r}" for pattern, name in PYTHON_LEFTOVERS if pattern.search(text)]
    for text in parser.rendered:
        problems += [
            f"raw Markdown {name} in {text.strip()[:80]!r}"
            for pattern, name in MARKDOWN_MARKERS
            if pattern.search(text)
        ]
    return problems


class NuChecker:
    """One Nu HTML Checker server for a whole test session; it takes seconds to start, then
    checks a page in milliseconds."""

    def __init__(self) -> None:
        java = shutil.which("java")
        assert java, "The Nu HTML Checker needs Java: `apt-get install default-jre-headless` (make test does)"
        assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `npm ci` (make test does)"
        self.port = free_port()
        self.process = subprocess.Popen(
            # Only the quick JIT compiler: for a few hundred pages it costs about half the CPU of
            # the full one. Its larger frames need a deeper stack for the checker's schemas.
            [java, "-XX:TieredStopAtLevel=1", "-Xss16m", "-Dnu.validator.servlet.bind-address=127.0.0.1",
             "-cp", str(VNU_JAR), "nu.validator.servlet.Main", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self._ready = False
        self._starting = threading.Lock()

    def _answers(self) -> bool:
        assert self.process.poll() is None, "The Nu HTML Checker stopped while starting"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def wait_until_ready(self) -> None:
        with self._starting:
            if not self._ready:
                wait_for(self._answers, timeout=180, interval=0.2, what="the Nu HTML Checker to answer")
                self._ready = True

    def errors(self, html: bytes) -> list[str]:
        """The checker's errors for one page, each with its line and the markup around it."""
        self.wait_until_ready()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/?out=json",
            data=html,
            headers={"Content-Type": "text/html; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            messages = json.load(response)["messages"]
        return [
            f"line {message.get('lastLine', '?')}: {message['message']} [{message.get('extract', '').strip()}]"
            for message in messages
            if message["type"] in {"error", "non-document-error"}
        ]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# Pages that differ only by their form tokens and nonces are the same page to the checker.
TOKENS = re.compile(rb'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]*"')


class MarkupChecks:
    """Pages handed to the checker as a walk finds them, so that checking overlaps the walk;
    each distinct page is checked once, whoever visited it."""

    def __init__(self, checker: NuChecker, *, workers: int = 2) -> None:
        self.checker = checker
        self.pool = ThreadPoolExecutor(max_workers=workers)
        self.pages: dict[bytes, tuple[Future[list[str]], list[str]]] = {}

    def add(self, where: str, html: bytes) -> None:
        key = TOKENS.sub(rb'\1""', html)
        if key in self.pages:
            self.pages[key][1].append(where)
        else:
            self.pages[key] = (self.pool.submit(self.checker.errors, html), [where])

    def problems(self) -> list[str]:
        """Each page's checker errors, with the visits that received it."""
        problems = []
        for checked, visits in self.pages.values():
            if errors := checked.result():
                also = f" (and {len(visits) - 3} more visits)" if len(visits) > 3 else ""
                problems.append(f"{', '.join(visits[:3])}{also}: Nu HTML Checker errors:\n  " + "\n  ".join(errors))
        self.pool.shutdown()
        return problems


def is_html(response) -> bool:
    return response.headers.get("Content-Type", "").startswith("text/html")
