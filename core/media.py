"""Uploaded files, served at /media/ by the web processes when they are kept on the local disk.

(With AWS_STORAGE_BUCKET_NAME set they live in a private bucket behind signed links instead, and
this view is not mounted.)

Each app registers the folders its files are kept in, with who may fetch a file there, from
AppConfig.ready(): the same rule as for the thing the file belongs to, so a draft's cover image is
for its authors and curators only, as the draft is. A file no rule allows, or that is not there, is
a 404 like any page someone may not see.

Whatever a member uploaded, the browser is never given something it would run: the type sent is
the one the file's content shows (never one guessed from its name), only PNG, JPEG, GIF and WebP
images are shown inline, everything else is a download (Content-Disposition: attachment), anything
else again is application/octet-stream, X-Content-Type-Options: nosniff stops the browser guessing
(SecurityMiddleware) and a sandboxing Content-Security-Policy stops any script should it try.
"""

import posixpath
from collections.abc import Callable

import filetype
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

MayFetch = Callable[[HttpRequest, str], bool]
_folders: dict[str, MayFetch] = {}

INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
DOWNLOAD_TYPES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
# Text formats the portal writes itself (the open data export); their content shows no type, so
# these alone are known by their name. Browsers do not run any of them.
TEXT_TYPES = {".jsonl": "application/jsonl", ".json": "application/json", ".csv": "text/csv"}
SANDBOX_POLICY = "default-src 'none'; sandbox"


def register(folder: str, may_fetch: MayFetch) -> None:
    """Files under `folder` (e.g. "case-studies/covers/") are served to whom `may_fetch(request, name)` allows."""
    _folders[folder.rstrip("/") + "/"] = may_fetch


def _rule(name: str) -> MayFetch | None:
    if name != posixpath.normpath(name) or name.startswith(("/", ".")) or "\\" in name or "\x00" in name:
        return None
    return next((may_fetch for folder, may_fetch in _folders.items() if name.startswith(folder)), None)


def content_type_of(name: str, head: bytes) -> tuple[str, bool]:
    """(the type to send, whether it may be shown inline), from the file's first bytes."""
    kind = filetype.guess(head)
    sniffed = kind.mime if kind else None
    if sniffed in INLINE_TYPES:
        return sniffed, True
    if sniffed in DOWNLOAD_TYPES:
        return sniffed, False
    if sniffed is None:
        extension = posixpath.splitext(name)[1].lower()
        if extension in TEXT_TYPES:
            return f"{TEXT_TYPES[extension]}; charset=utf-8", False
    return "application/octet-stream", False


@require_safe
def serve(request: HttpRequest, name: str) -> FileResponse:
    may_fetch = _rule(name)
    if may_fetch is None or not may_fetch(request, name) or not default_storage.exists(name):
        raise Http404("No such file.")
    file = default_storage.open(name, "rb")
    head = file.read(8192)
    file.seek(0)
    content_type, inline = content_type_of(name, head)
    response = FileResponse(file, as_attachment=not inline, filename=posixpath.basename(name))
    # FileResponse guesses from the name (and adds an encoding for .gz and the like); the content decides here.
    response["Content-Type"] = content_type
    response.headers.pop("Content-Encoding", None)
    response["Content-Security-Policy"] = SANDBOX_POLICY
    # Drafts' files are for their authors: browsers may keep them, shared caches may not.
    response["Cache-Control"] = "private, max-age=3600"
    return response
