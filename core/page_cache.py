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
- Every page is kept under the content version, which changes (in the same request, and again
  once the transaction commits) whenever a row of the apps the pages show is saved or deleted; a
  write that bypasses signals (a bare UPDATE) is seen once PAGE_CACHE_SECONDS have passed.
- The security headers added outside this middleware (HSTS, CSP, nosniff, CORS) are added afresh
  to every response; those added inside it are kept with the page.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from .cache_versions import bump_version, current_version

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
        "events:list",
        "events:detail",
    }
)
# Apps whose rows appear on those pages (members: the names of authors and moderators).
CONTENT_APPS = frozenset({"casestudies", "groups", "events", "members"})
VERSION_KEY = "pages:content-version"
# The headers that decide which version of a page is sent back (htmx asks for a part of the list).
VARYING_HEADERS = ("HTTP_HX_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_BOOSTED")


def content_changed() -> None:
    """Retires every kept page: now, for the rest of this request, and once the change commits,
    for a reader who read the old rows while it was being written."""
    bump_version(VERSION_KEY)
    transaction.on_commit(lambda: bump_version(VERSION_KEY))


def _row_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if sender._meta.app_label in CONTENT_APPS:
        content_changed()


def _links_changed(sender, action: str, **kwargs) -> None:
    if action.startswith("post_") and sender._meta.app_label in CONTENT_APPS:
        content_changed()


def connect() -> None:
    post_save.connect(_row_changed, dispatch_uid="page_cache_saved")
    post_delete.connect(_row_changed, dispatch_uid="page_cache_deleted")
    m2m_changed.connect(_links_changed, dispatch_uid="page_cache_links")


def _is_cacheable_request(request: HttpRequest) -> bool:
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method != "GET":
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES:
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in CACHED_PAGES


def _is_cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        # A nonce is good for one response only: a page that carries one is never reused.
        and b" nonce=" not in response.content
    )


def _key(request: HttpRequest, version: int) -> str:
    varying = "|".join(request.META.get(header, "") for header in VARYING_HEADERS)
    identity = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{varying}"
    return f"pages:{version}:{hashlib.sha256(identity.encode()).hexdigest()}"


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _is_cacheable_request(request):
            return self.get_response(request)
        # The version is read before the page is made, so a page made from rows that have
        # changed since is kept under a version no one asks for again.
        key = _key(request, current_version(VERSION_KEY))
        kept = cache.get(key)
        if kept is not None:
            status, headers, content = kept
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            return response
        response = self.get_response(request)
        if _is_cacheable_response(request, response):
            cache.set(key, (response.status_code, list(response.headers.items()), response.content),
                      settings.PAGE_CACHE_SECONDS)  # fmt: skip
        return response
