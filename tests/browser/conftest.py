"""Fixtures for the real-browser tests.

One gunicorn server (DEBUG off, collected static files), one Celery worker and one SMTP sink
serve every browser test in this package; Chromium starts once and each test gets a fresh
browser context. The server and the worker use pytest-django's test database, so the tests use
`transactional_db`: what a test creates is committed and the server can see it.
"""

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser.mail import Mailbox, smtp_sink
from tests.processes import ROOT, free_port, process_environment, stop, wait_for

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Site:
    url: str
    mailbox: Mailbox

    def __call__(self, path: str) -> str:
        """The absolute address of `path` on the running site."""
        return self.url + path


@pytest.fixture(scope="package", autouse=True)
def _orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API runs an event loop in this thread, and Django's ORM refuses to run
    beside one unless told that the thread is used synchronously only, which it is here. Set
    for these tests only, and never passed to the processes they start."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Clears only the portal's cache keys: the Celery broker shares this Redis database, and
    flushing it would drop the queue bindings of the running worker."""
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


@pytest.fixture(scope="package")
def site(_orm_beside_playwright, django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Site]:
    """The whole site as it runs in production: gunicorn, a Celery worker and SMTP email."""
    port = free_port()
    media = tmp_path_factory.mktemp("media")
    # Static files of its own: another test process may be collecting them for a site of its own.
    static = tmp_path_factory.mktemp("static")
    with smtp_sink() as mailbox:
        env = process_environment(
            DEBUG="0",
            SITE_URL=f"http://127.0.0.1:{port}",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            EMAIL_HOST=mailbox.host,
            EMAIL_PORT=str(mailbox.port),
            MEDIA_ROOT=str(media),
            STATIC_ROOT=str(static),
            DATABASE_POOL_MAX_SIZE="4",
            DJANGO_ALLOW_ASYNC_UNSAFE="",
        )
        _run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env)
        # Their output goes to files: a pipe nobody reads fills up and then blocks the server.
        logs = tmp_path_factory.mktemp("logs")
        worker_log = (logs / "worker.log").open("w")
        server_log = (logs / "server.log").open("w")
        worker = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "qportal", "worker", "--concurrency", "1",
                "--without-heartbeat", "--without-mingle", "--without-gossip", "--loglevel", "INFO",
            ],
            cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "qportal.wsgi",
                "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4",
                "--access-logfile", "-", "--error-logfile", "-",
            ],
            cwd=ROOT, env=env, stdout=server_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_for(lambda: _answers(port) or server.poll() is not None, timeout=60, what="gunicorn to start")
            if server.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + (logs / "server.log").read_text())
            yield Site(url=f"http://127.0.0.1:{port}", mailbox=mailbox)
        finally:
            stop(server)
            stop(worker)
            server_log.close()
            worker_log.close()


def _answers(port: int) -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def live(site: Site, transactional_db) -> Site:
    """The running site, with an empty mailbox and a database this test may fill."""
    site.mailbox.clear()
    return site


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def _context(browser: Browser, *, javascript: bool) -> BrowserContext:
    context = browser.new_context(java_script_enabled=javascript, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(15_000)
    return context


def _watch(page: Page) -> None:
    """Records every dialog (alert, confirm, prompt; dismissed at once), since user text must
    never run, and every console error, which is where the browser reports a CSP violation."""
    page.dialogs = []  # type: ignore[attr-defined]
    page.console_errors = []  # type: ignore[attr-defined]

    def record_dialog(dialog) -> None:
        page.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()

    def record_console(message) -> None:
        if message.type == "error":
            page.console_errors.append(message.text)  # type: ignore[attr-defined]

    page.on("dialog", record_dialog)
    page.on("console", record_console)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))  # type: ignore[attr-defined]


def new_page(browser: Browser, *, javascript: bool) -> Page:
    """A page in a fresh browser context (its own cookies); close it with page.context.close()."""
    page = _context(browser, javascript=javascript).new_page()
    _watch(page)
    return page


@pytest.fixture
def page(browser: Browser, live: Site) -> Iterator[Page]:
    """A page with JavaScript on."""
    context = _context(browser, javascript=True)
    page = context.new_page()
    _watch(page)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser: Browser, live: Site) -> Iterator[Page]:
    context = _context(browser, javascript=False)
    page = context.new_page()
    _watch(page)
    yield page
    context.close()


@pytest.fixture(params=["javascript", "no-javascript"])
def any_page(request: pytest.FixtureRequest, browser: Browser, live: Site) -> Iterator[Page]:
    """The same test twice: with JavaScript on and with it off. Every page must work both ways."""
    context = _context(browser, javascript=request.param == "javascript")
    page = context.new_page()
    _watch(page)
    page.javascript = request.param == "javascript"  # type: ignore[attr-defined]
    yield page
    context.close()


def sign_in(page: Page, user) -> None:
    """Gives the page's browser a signed-in session for `user`, as if they had signed in."""
    client = Client()
    client.force_login(user, backend="members.backends.MemberBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "domain": "127.0.0.1", "path": "/"}]
    )
