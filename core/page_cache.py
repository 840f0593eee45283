"""Whole pages kept for visitors who are not signed in.

Most readers arrive from a search engine or a shared link and are not signed in; they all see the
same library, groups and events. Their pages are kept in the shared cache for a few minutes and
served without touching the database, which is what lets two cores serve a busy day.

What makes this safe:
- Only the public pages named in CACHED_PAGES, only for GET, and only for a request with no
  session or message cookie: anyone signed in, part-way through a form, or about to see a
  message gets a page made for them.
- A response is kept only when it is a 200 that sets no cookie, used no CSRF token and no CSP
  nonce; such a page holds nothing particular to the visitor who caused it. (Every page says
  `Vary: Cookie`, as it reads the session; without a session cookie, that is the same page.)
- Every page is kept under the versions of what it shows (its dependencies: the library's lists,
  one case study, one group, the events lists, ...), which its view names in `page_dependencies`
  from the address alone. Each app says which of its rows retire which dependencies when saved
  or deleted (`watch`), so a sign-in or a bookmark retires no page, and a post only its group's.
  A dependency is retired in the same request, and again once the transaction commits, for a
  reader who read the old rows while it was being written; a write that bypasses signals (a bare
  UPDATE) is seen once PAGE_CACHE_SECONDS have passed. The versions live in the shared cache, so
  every web machine sees a retirement at once; a flushed cache starts them afresh from the clock,
  so every page is made again and none comes back stale.
- The security headers added outside this middleware (HSTS, CSP, nosniff, CORS) are added afresh
  to every response; those added inside it are kept with the page.
"""

import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, ResolverMatch, get_urlconf, resolve

from . import read_ahead
from .cache_versions import bump_version, current_versions
from .kept_parts import part_key

# The addresses kept: public pages that look the same to every visitor who is not signed in.
CACHED_PAGES = frozenset(
    {
        "home",
        "casestudies:list",
        "casestudies:detail",
        "casestudies:spread",
        "casestudies:collections",
        "casestudies:collection",
        "groups:list",
        "groups:detail",
        "groups:thread",
        "events:list",
        "events:detail",
    }
)
# Every kept page depends on this too: names shown everywhere (taxonomy, members, groups) and
# rare changes whose reach is wide (a case study withdrawn, a slug changed) retire it.
EVERYWHERE = "everywhere"
# The headers that decide which version of a page is sent back (htmx asks for a part of the list).
VARYING_HEADERS = ("HTTP_HX_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_BOOSTED")
# Says whether a page was served as kept ("hit") or made and kept ("miss"), for operators and the
# benchmark's hit rates; it says nothing of the reader.
STATUS_HEADER = "X-Page-Cache"

# What a row retires when it is saved or deleted: the names of the dependencies it is shown under.
Rule = Callable[[models.Model], Iterable[str]]


def version_key(dependency: str) -> str:
    return f"pages:depends:{dependency}"


# Retiring this retires every kept page (the benchmark does, to measure pages made afresh).
VERSION_KEY = version_key(EVERYWHERE)


def retire(*dependencies: str) -> None:
    """Retires every kept page and part that depends on any of these: now, for the rest of this
    request, and once the change commits, for a reader who read the old rows meanwhile."""
    keys = [version_key(dependency) for dependency in dict.fromkeys(dependencies)]
    if not keys:
        return
    _bump(keys)
    transaction.on_commit(lambda: _bump(keys))


def _bump(keys: list[str]) -> None:
    for key in keys:
        bump_version(key)


def watch(rules: Mapping[type[models.Model], Rule]) -> None:
    """Connects each model's rule to its saves, deletes and many-to-many changes."""
    for model, rule in rules.items():

        def changed(sender, instance, raw: bool = False, rule: Rule = rule, **kwargs) -> None:
            if not raw:
                retire(*rule(instance))

        def links_changed(sender, instance, action: str, rule: Rule = rule, **kwargs) -> None:
            if action.startswith("post_") and isinstance(instance, tuple(rules)):
                retire(*rules[type(instance)](instance))

        label = model._meta.label_lower
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"page_cache_saved_{label}")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"page_cache_deleted_{label}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                links_changed, sender=field.remote_field.through, weak=False,
                dispatch_uid=f"page_cache_links_{label}_{field.name}",
            )  # fmt: skip


def dependencies_of(match: ResolverMatch) -> list[str] | None:
    """What the page at this address shows, as its view names it; None for a page not kept."""
    if match.view_name not in CACHED_PAGES:
        return None
    view_class = getattr(match.func, "view_class", match.func)
    named = getattr(view_class, "page_dependencies", None)
    if named is None:
        return None
    return [*named(**match.kwargs), EVERYWHERE]


def page_versions(dependencies: Iterable[str], *, ahead: Iterable[str] = ()) -> str:
    """The versions of these dependencies, as one string for a cache key; the values under the
    keys `ahead` are read in the same round trip, and kept for this request (core.read_ahead)."""
    dependencies = list(dependencies)
    versions = current_versions([version_key(dependency) for dependency in dependencies], ahead=ahead)
    return ",".join(f"{dependency}={version}" for dependency, version in zip(dependencies, versions, strict=True))


# A view's kept parts to read ahead, (name, vary) each, from the request and the address's arguments.
PartsAhead = Callable[..., Iterable[tuple[str, str]]]


@dataclass(frozen=True)
class _Page:
    dependencies: tuple[str, ...]
    # Cache keys the view reads on every request (its versions), read with the page's versions.
    reads_ahead: tuple[str, ...]
    # The view's kept parts (core.kept_parts) that vary only with the address, and its arguments.
    parts_ahead: PartsAhead | None
    # Other cache keys the view reads when it makes the page, from the request.
    keys_ahead: Callable[[HttpRequest], Iterable[str]] | None
    arguments: tuple[tuple[str, Any], ...]

    def parts_keys(self, request: HttpRequest) -> list[str]:
        # A part's key names the dependencies, not their versions (core.kept_parts.part_key).
        shape = ",".join(f"{dependency}=" for dependency in self.dependencies)
        parts = self.parts_ahead(request, **dict(self.arguments)) if self.parts_ahead else ()
        return [part_key(name, vary, shape) for name, vary in parts]

    def made_keys(self, request: HttpRequest) -> list[str]:
        """What a page made for this reader reads of the cache: its parts, the view's other keys."""
        return [*self.parts_keys(request), *(self.keys_ahead(request) if self.keys_ahead else ())]


def _page_of_request(request: HttpRequest) -> _Page | None:
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method != "GET":
        return None
    return _page_at(get_urlconf() or settings.ROOT_URLCONF, request.path_info)


@functools.lru_cache(maxsize=4096)
def _page_at(urlconf: str, path: str) -> _Page | None:
    """What the page at `path` depends on: worked out once a process for each address (a view's
    dependencies follow from its address alone), rather than resolving every address twice, here
    and again in Django's handler."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    dependencies = dependencies_of(match)
    if dependencies is None:
        return None
    view_class = getattr(match.func, "view_class", match.func)
    return _Page(
        tuple(dependencies),
        tuple(getattr(view_class, "page_reads_ahead", ())),
        getattr(view_class, "page_parts_ahead", None),
        getattr(view_class, "page_keys_ahead", None),
        tuple(match.kwargs.items()),
    )


def _session_read_ahead(request: HttpRequest) -> list[str]:
    """The reader's session, where the session engine can be read ahead from the same cache."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not session_key or settings.SESSION_CACHE_ALIAS != "default" or not hasattr(store, "read_ahead_key"):
        return []
    key = store.read_ahead_key(session_key)
    return [key] if key else []


def _may_serve_kept_page(request: HttpRequest) -> bool:
    """Whole pages are kept only for visitors with no session or message waiting."""
    return not (settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES)


def _is_cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        # A nonce is good for one response only: a page that carries one is never reused.
        and b" nonce=" not in response.content
    )


def _key(request: HttpRequest, versions: str) -> str:
    varying = "|".join(request.META.get(header, "") for header in VARYING_HEADERS)
    identity = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{varying}|{versions}"
    return f"pages:kept:{hashlib.sha256(identity.encode()).hexdigest()}"


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        page = _page_of_request(request)
        if page is None:
            return self.get_response(request)
        # The versions are read before the page is made, so a page (or part, core.kept_parts)
        # made from rows that have changed since is kept under versions no one asks for again.
        # The parts' keys name the dependencies, not their versions (core.kept_parts.part_key).
        # The page's parts and the session only for a reader who gets the page made (a member):
        # a visitor mostly gets the page kept whole.
        made = not _may_serve_kept_page(request)
        ahead = [*page.reads_ahead, *(page.made_keys(request) + _session_read_ahead(request) if made else [])]
        with read_ahead.kept({}):
            versions = page_versions(page.dependencies, ahead=ahead)
            request.page_versions = versions  # type: ignore[attr-defined]  # read by core.kept_parts
            if made:
                return self.get_response(request)
            return self._kept_or_made(request, versions)

    def _kept_or_made(self, request: HttpRequest, versions: str) -> HttpResponse:
        key = _key(request, versions)
        kept = cache.get(key)
        if kept is not None:
            status, headers, content = kept
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            response.headers[STATUS_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _is_cacheable_response(request, response):
            response.headers[STATUS_HEADER] = "miss"
            cache.set(key, (response.status_code, list(response.headers.items()), response.content),
                      settings.PAGE_CACHE_SECONDS)  # fmt: skip
        return response
