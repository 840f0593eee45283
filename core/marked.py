"""Markup that is the same for many readers but for a few of their own bits (a name, a count, a
CSRF token, the address to come back to), made once a process and filled in for each request.

Django's template engine costs tens of microseconds for each small template a page includes: the
site frame and the follow buttons are made so on every page a member reads. Here a template is
rendered once with marks where the reader's bits go, split at the marks, and kept; each request
joins the pieces with its own bits in place. What is kept is rendered from stand-ins, with no
request, so nothing of one reader can reach another.
"""

import re
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from contextlib import suppress
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.template import Context
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Private-use characters, which no template escapes and no page holds, mark a reader's own bits.
_MARKS = re.compile("(\ue000[a-z_]+\ue001)")

# A piece of markup: text, then a mark, then text, and so on.
Pieces = tuple[str, ...]


def mark(name: str) -> str:
    """Where the reader's own `name` goes."""
    return f"\ue000{name}\ue001"


_CSRF_TOKEN = mark("csrf")


class _SignedIn:
    """A signed-in reader as a template reads one, with nothing of theirs."""

    is_authenticated = True


def _reader_is_member(context: Context) -> bool:
    """Whether the template is being rendered for a signed-in member's request."""
    user = context.get("user")
    return user is not None and user.is_authenticated and context.get("request") is not None


class Kept:
    """Pieces of markup by kind, kept for the process: `most` kinds, the least used forgotten first."""

    def __init__(self, most: int) -> None:
        self.most = most
        self._pieces: OrderedDict[Hashable, Pieces] = OrderedDict()
        setting_changed.connect(self._forget, weak=False)

    def filled(self, kind: tuple[Hashable, ...], make: Callable[[], str], own: Mapping[str, str]) -> SafeString:
        """The markup of this kind, with the reader's own bits (already escaped) in place of its
        marks. Made afresh while DEBUG, so that an edited template shows at once."""
        # The addresses in it depend on the URLconf and the prefix the site is served under.
        key = (*kind, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
        pieces = self._pieces.get(key)
        if pieces is None:
            pieces = tuple(_MARKS.split(make()))
            if not settings.DEBUG:
                self._pieces[key] = pieces
                if len(self._pieces) > self.most:
                    # Another thread of the process may have just forgotten the same piece.
                    with suppress(KeyError):
                        self._pieces.popitem(last=False)
        elif len(self._pieces) > 1:
            with suppress(KeyError):
                self._pieces.move_to_end(key)
        # Text at even places, marks at odd ones: each mark is put in place once, so a reader's own
        # bit that looks like a mark is never read as one.
        return mark_safe("".join(own.get(piece, "") if i % 2 else piece for i, piece in enumerate(pieces)))  # noqa: S308

    def for_member(
        self,
        context: Context,
        template_name: str,
        kind: tuple[Hashable, ...],
        *,
        values: dict[str, Any],
        stand_ins: dict[str, Any],
        own: Mapping[str, str],
    ) -> SafeString:
        """The template rendered with `values` for this reader. For a signed-in member, from markup
        kept under `kind`: rendered once as a stand-in member with `stand_ins` in place of some
        values, then filled from `own` (mark: the member's value, escaped here) and their CSRF
        token. For anyone else, by the template as it stands."""
        made_by = context.template.engine.get_template(template_name)  # type: ignore[union-attr]
        if not _reader_is_member(context):
            with context.push(values):
                return made_by.render(context)

        def made() -> str:
            member = {"user": _SignedIn(), "csrf_token": _CSRF_TOKEN}
            return made_by.render(Context({**values, **stand_ins, **member}, autoescape=context.autoescape))

        filled = {mark: escape(value) for mark, value in own.items()}
        filled[_CSRF_TOKEN] = escape(str(context.get("csrf_token", "")))
        return self.filled(kind, made, filled)

    def pieces(self) -> list[Pieces]:
        return list(self._pieces.values())

    def _forget(self, **kwargs: Any) -> None:
        """A changed setting (in tests) may change the markup: it is made again."""
        self._pieces.clear()
