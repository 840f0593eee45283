"""The template engine of emails (the "emails" engine in settings.TEMPLATES): Jinja2.

Emails are rendered in the worker, many thousands at a time for the digests, and Jinja2 compiles
each template to Python: a digest renders in under half the time Django's engine took. Pages
stay on Django's engine. A template's extension decides its escaping: .html is escaped and
.txt (plain-text bodies and subjects) is not, so "O'Brien & Co" reads as written in plain text.
"""

import re
from typing import Any

from jinja2 import ChainableUndefined, Environment, pass_eval_context, select_autoescape
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

_NEWLINES = re.compile(r"\r\n|\r")


def pluralize(count: int, suffix: str = "s") -> str:
    """ "s" (or another suffix) unless the count is one: "place{{ n|pluralize }}"."""
    return "" if count == 1 else suffix


@pass_eval_context
def linebreaksbr(eval_context: EvalContext, value: object) -> str | Markup:
    """The text with each line break made a <br>, escaped first where the template escapes."""
    text = _NEWLINES.sub("\n", str(value))
    if not eval_context.autoescape:
        return text
    return Markup("<br>").join(escape(line) for line in text.split("\n"))


class EmailEnvironment(Environment):
    """Looks a name up in a dict first, as Django's templates do: an email's context is JSON, all
    dicts, and asking a dict for an attribute first raised and caught an AttributeError for
    nearly every value a digest shows."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def environment(**options: Any) -> Environment:
    options.update(
        autoescape=select_autoescape(enabled_extensions=("html",), disabled_extensions=("txt",), default=True),
        # As Django's engine does: a template's last line break is part of what it renders.
        keep_trailing_newline=True,
        # A missing value renders as nothing, as it did in Django's templates, even through an
        # attribute ("more.events.count" when nothing was left out).
        undefined=ChainableUndefined,
    )
    env = EmailEnvironment(**options)
    env.filters.update(pluralize=pluralize, linebreaksbr=linebreaksbr)
    return env
