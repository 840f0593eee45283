"""Parts of pages that are the same for everyone, kept in the shared cache and reused for every
reader, signed in or not: cards, facet counts, a case study's body, a group's header.

A part is kept with the versions of its page's dependencies it was made under (core.page_cache),
and used only while they are the page's current ones, so whatever retires the page retires its
parts too, on every web machine at once; a flushed cache has none, and they are made again.
What makes it safe to give a part made for one reader to another:

- A part is made by a function of public things only: its template is rendered with no request,
  so no context processor adds the reader, their messages, a CSRF token or a CSP nonce.
- A part holding a CSRF token or a nonce all the same is never kept.
- The view decides whether a part may be kept (`keep`), and keeps none of a page only some
  readers may see (a draft), as no dependency follows those.
"""

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from . import read_ahead

# Signs of something made for one reader, which a kept part must never hold.
_PERSONAL_MARKS = ("csrfmiddlewaretoken", " nonce=")


def kept_part(
    request: HttpRequest, name: str, make: Callable[[], str], *, vary: str = "", keep: bool = True
) -> SafeString:
    """The part `name` of this page (varying with `vary`), kept if it may be, else made now by `make`."""
    return kept_parts(request, {name: make}, vary=vary, keep=keep)[name]


def kept_parts(
    request: HttpRequest,
    makers: dict[str, Callable[[], str]],
    *,
    vary: str | Mapping[str, str] = "",
    keep: bool = True,
    also_under: Mapping[str, str] | None = None,
) -> dict[str, SafeString]:
    """Several parts of this page by name, asked of the cache at once (one round trip); each missing
    one is made by its function and kept. `vary` is for every part, or by name for some of them.
    `also_under`, by name, holds the versions of other dependencies a part is kept under besides
    the page's (read by the caller before the part could be made, as the page's are)."""
    versions = getattr(request, "page_versions", None)
    if not keep or versions is None or settings.PAGE_CACHE_SECONDS <= 0:
        return {name: mark_safe(make()) for name, make in makers.items()}  # noqa: S308 (rendered by a template)
    varies = vary if isinstance(vary, Mapping) else dict.fromkeys(makers, vary)
    keys = parts_keys(request, {name: varies.get(name, "") for name in makers})
    found = read_ahead.get_many(list(keys.values()))
    also_under = also_under or {}
    parts = {}
    for name, make in makers.items():
        under = f"{versions}|{also_under[name]}" if name in also_under else versions
        kept = found.get(keys[name])
        # Made under other versions of the page's dependencies: retired, and made again.
        html = kept[1] if isinstance(kept, tuple) and kept[0] == under else None
        if html is None:
            html = make()
            if not any(mark in html for mark in _PERSONAL_MARKS):
                cache.set(keys[name], (under, html), settings.PAGE_CACHE_SECONDS)
        parts[name] = mark_safe(html)  # noqa: S308 (rendered by a template, which escapes)
    return parts


def parts_keys(request: HttpRequest, vary: Mapping[str, str]) -> dict[str, str]:
    """Where this page's parts, by name (each varying with its `vary`), are kept: for a caller to
    read them ahead, with the versions of what they are also kept under."""
    versions = getattr(request, "page_versions", None) or ""
    return {name: part_key(name, varying, versions) for name, varying in vary.items()}


def part_key(name: str, vary: str, versions: str) -> str:
    """Where the part `name` (varying with `vary`) of a page with these versions is kept: under its
    dependencies' names, with the versions it was made under beside it in the value, so that the
    page cache can read it ahead with the versions themselves (core.page_cache)."""
    dependencies = ",".join(item.partition("=")[0] for item in versions.split(","))
    return "parts:" + hashlib.sha256(f"{name}|{vary}|{dependencies}".encode()).hexdigest()


def render_part(template_name: str, context: dict[str, Any]) -> str:
    """A part's template rendered with no request: nothing of the reader can reach it."""
    return render_to_string(template_name, context)
