"""Addresses worked out once a process: reverse() for names and plain arguments, remembered.

A page's `{% url %}` tags reverse each address afresh, about 0.05-0.09 ms each, several a page
(a group's page has seven). An address follows from the URLconf, the script prefix, the name and
its arguments alone, so a process remembers it (`{% link %}`, core.templatetags.portal).
"""

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

_PLAIN = (str, int)


def address(
    view_name: str, args: Sequence[Any] = (), kwargs: Mapping[str, Any] | None = None, current_app: str | None = None
) -> str:
    """reverse(view_name, args=args, kwargs=kwargs), remembered where the arguments are plain."""
    kwargs = kwargs or {}
    if not all(isinstance(value, _PLAIN) for value in (*args, *kwargs.values())):
        return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    plain_args = tuple(str(value) for value in args)
    plain_kwargs = tuple(sorted((key, str(value)) for key, value in kwargs.items()))
    return _remembered(urlconf, get_script_prefix(), view_name, plain_args, plain_kwargs, current_app)


@functools.lru_cache(maxsize=8192)
def _remembered(
    urlconf: str,
    prefix: str,
    view_name: str,
    args: tuple[str, ...],
    kwargs: tuple[tuple[str, str], ...],
    current_app: str | None,
) -> str:
    # The script prefix is in the key: reverse() reads it as it stands for this request.
    return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def _forget(**kwargs: Any) -> None:
    _remembered.cache_clear()


setting_changed.connect(_forget, dispatch_uid="core_addresses_forget")
