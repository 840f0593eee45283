"""Static files as the production server sends them: every file a page loads, including what its
scripts import and its stylesheet refers to, is served under a name carrying its content's hash
with a far-future, immutable Cache-Control, so that a new release reaches every browser at once."""

import re
import urllib.request
from urllib.parse import urljoin, urlsplit

import pytest

from tests.casestudies.factories import CaseStudyFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory

pytestmark = pytest.mark.browser

HASHED = re.compile(r"\.[0-9a-f]{12}\.[a-z0-9]+$")
ONE_YEAR = 365 * 24 * 3600
REFERENCES = re.compile(r"""<(?:link|script)\b[^>]*\b(?:href|src)="(/static/[^"]+)\"""")
# Module specifiers that name a file: "./x.js", "../x.js", "/static/x.js" (in import, export and import()).
IMPORTS = re.compile(r"""\b(?:import|from)\s*\(?\s*["'](\.{0,2}/[^"']+)["']""")


def fetch(url: str) -> tuple[str, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.url, dict(response.headers.items()), response.read()


def static_urls(live, paths: list[str]) -> set[str]:
    """Every static file the pages name, and every module those scripts import, followed through."""
    found: set[str] = set()
    for path in paths:
        _url, _headers, body = fetch(live(path))
        found |= {live(src) for src in REFERENCES.findall(body.decode())}
    waiting = [url for url in found if url.endswith(".js")]
    while waiting:
        script = waiting.pop()
        _url, _headers, body = fetch(script)
        for imported in IMPORTS.findall(body.decode()):
            url = urljoin(script, imported)
            if url not in found and urlsplit(url).path.startswith("/static/"):
                found.add(url)
                waiting.append(url)
    return found


def assert_cached_for_good(url: str) -> None:
    final, headers, _body = fetch(url)
    assert final == url, f"{url} redirected"
    assert HASHED.search(urlsplit(url).path), f"{url} has no content hash in its name"
    cache_control = headers["Cache-Control"]
    assert "immutable" in cache_control, f"{url}: {cache_control}"
    assert int(re.search(r"max-age=(\d+)", cache_control)[1]) >= ONE_YEAR, f"{url}: {cache_control}"


def test_every_static_file_a_page_names_or_imports_has_a_hashed_name_and_a_far_future_cache(live):
    case_study = CaseStudyFactory(slug="shorter-waits")
    event = EventFactory(slug="flow-workshop", group=GroupFactory(slug="flow"))
    pages = ["/", "/case-studies/", f"/case-studies/{case_study.slug}/", "/groups/flow/", f"/events/{event.slug}/"]

    urls = static_urls(live, [*pages, "/accounts/login/", "/api/v1/docs/"])

    names = {urlsplit(url).path.rsplit("/", 1)[-1].split(".")[0] for url in urls}
    assert {"portal", "nhsuk-frontend", "favicon", "swagger-ui-bundle"} <= names  # ours, and the API docs
    for url in sorted(urls):
        assert_cached_for_good(url)


def test_every_file_the_browser_loads_from_static_is_hashed_and_cached_for_good(page, live):
    case_study = CaseStudyFactory(slug="shorter-waits")
    loaded: list[str] = []
    page.on("requestfinished", lambda request: loaded.append(request.url))

    for path in ["/", "/case-studies/", f"/case-studies/{case_study.slug}/"]:
        page.goto(live(path))
        page.wait_for_load_state("networkidle")

    static = {url for url in loaded if urlsplit(url).path.startswith("/static/")}
    assert any("nhsuk-frontend" in url for url in static)  # the module portal.js imports
    for url in sorted(static):
        assert_cached_for_good(url)
