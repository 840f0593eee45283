"""First visits under the live mix (bench/live.py).

A page that many people read stays kept between the changes that retire it, so before a page is
loaded every one of its addresses is asked for once (as a live site's readers would have), and the
load then measures the steady state under the mix. What the first reader after a change waits for
is measured apart: the page's own dependencies are retired (core.page_cache.retire, as a change to
what it shows would; for the library's pages, its counts and search answers too, as a case study
published does) and one request is timed in-process, as a visitor and as the member.
"""

import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from django.test import Client
from django.urls import resolve

from core.cache_versions import bump_version
from core.page_cache import EVERYWHERE, dependencies_of, retire

HOST = "127.0.0.1"


def warm(base_url: str, paths: list[str], cookie: str = "", *, parallel: int = 2) -> None:
    """Asks for each address once, `parallel` at a time, as visitors or (with `cookie`) the member."""

    def ask(path: str) -> None:
        request = urllib.request.Request(base_url + path, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
            response.read()

    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(ask, paths))


def _timed(client: Client, path: str) -> float:
    # Imported here: the module is loaded before Django is set up (bench/live.py).
    from casestudies.library.page_keys import LIBRARY
    from casestudies.library.search import LIBRARY_VERSION_CACHE_KEY

    own = [key for key in dependencies_of(resolve(urlsplit(path).path)) or [] if key != EVERYWHERE]
    retire(*own)
    if LIBRARY in own:
        # A case study published or edited also retires the library's counts and search answers.
        bump_version(LIBRARY_VERSION_CACHE_KEY)
    started = time.perf_counter()
    response = client.get(path, HTTP_HOST=HOST)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code} on its first visit")
    return round(elapsed, 1)


_readers: dict[str, Client] = {}


def reader(name: str) -> Client:
    """The visitor's or the member's client, one each for the process, its middleware loaded.

    A new test client loads the whole middleware stack on its first request (WhiteNoise then
    reads the name and headers of every static file: about 45 ms in-process at 100,000 case
    studies, more under load), which a live site's first reader after a change never waits for.
    """
    if name not in _readers:
        client = Client()
        client.handler.load_middleware()
        _readers[name] = client
    return _readers[name]


def first_visit(path: str, session_cookie: tuple[str, str]) -> dict[str, float]:
    """Milliseconds for the first visitor and the first member after a change that retires the page."""
    visitor, member = reader("visitor"), reader("member")
    visitor.cookies.clear()
    member.cookies.clear()
    member.cookies[session_cookie[0]] = session_cookie[1]
    return {"visitor_ms": _timed(visitor, path), "member_ms": _timed(member, path)}
