"""Static files under hashed names, with every reference to another static file rewritten.

Whitenoise serves a file whose name carries its content's hash with a far-future, immutable
Cache-Control, and any other name for 60 seconds. Django rewrites `url()` in CSS by default but
not `import ... from "..."` in JavaScript modules, so portal.js would load NHS.UK frontend's script
by its plain name: cached briefly, and a new release never reaches a browser that kept the old one.
Django's own switch for module imports turns that rewriting on, for the portal's scripts only:
other packages' scripts (django-htmx's extensions) import names that are not static files, and
are served as their packages wrote them.
"""

from collections.abc import Callable
from re import Match

from whitenoise.storage import CompressedManifestStaticFilesStorage

OWN_SCRIPTS = ("js/",)


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True

    def url_converter(
        self, name: str, hashed_files: dict[str, str], template: str | None = None
    ) -> Callable[[Match[str]], str]:
        # The module patterns' templates are the only ones that write `import` or `export`.
        is_module_reference = template is not None and ("import" in template or "export" in template)
        if is_module_reference and not name.startswith(OWN_SCRIPTS):
            return lambda matchobj: matchobj["matched"]
        converter: Callable[[Match[str]], str] = super().url_converter(name, hashed_files, template)
        return converter
