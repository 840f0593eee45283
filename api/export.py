"""The bulk export: the whole published library as one JSON Lines file in media storage.

Each line is one case study exactly as the API's detail endpoint gives it. A new file is written
under a dated name and only then are older ones removed, so the link is never to a half-written
file; the newest file's name carries its date.
"""

import json
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils import timezone

from casestudies.library.models import CaseStudy

from . import schemas

DIRECTORY = "open-data"
_NAME = re.compile(r"^case-studies-(\d{8}T\d{6}Z)\.jsonl$")
_STAMP = "%Y%m%dT%H%M%SZ"
CHUNK = 500


@dataclass(frozen=True)
class ExportFile:
    name: str
    url: str
    created_at: datetime


def library_export_write(*, now: datetime | None = None) -> ExportFile:
    """Writes the published library to a new export file and removes older ones."""
    now = (now or timezone.now()).astimezone(UTC)
    name = f"{DIRECTORY}/case-studies-{now.strftime(_STAMP)}.jsonl"
    case_studies = CaseStudy.objects.published().oldest_first().with_detail()
    with tempfile.TemporaryFile() as spool:
        for case_study in case_studies.iterator(chunk_size=CHUNK):
            row = schemas.CaseStudy.model_validate(case_study).model_dump()
            spool.write(json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False).encode() + b"\n")
        spool.seek(0)
        saved = default_storage.save(name, File(spool, name=name))
    for older in _export_names():
        if older != saved.removeprefix(f"{DIRECTORY}/"):
            default_storage.delete(f"{DIRECTORY}/{older}")
    return ExportFile(name=saved, url=default_storage.url(saved), created_at=now)


def _export_names() -> list[str]:
    try:
        _dirs, files = default_storage.listdir(DIRECTORY)
    except FileNotFoundError:
        return []
    return sorted(name for name in files if _NAME.match(name))


def may_be_fetched(request: HttpRequest, name: str) -> bool:
    """The export holds only what anyone may see, so anyone may fetch it (qportal/media.py serves it)."""
    return True


def latest_export() -> ExportFile | None:
    """The newest export file, or None before the first has been written."""
    names = _export_names()
    if not names:
        return None
    name = names[-1]
    stamp = _NAME.match(name)
    if stamp is None:  # never: _export_names keeps only the names that match
        return None
    created_at = datetime.strptime(stamp.group(1), _STAMP).replace(tzinfo=UTC)
    return ExportFile(name=f"{DIRECTORY}/{name}", url=default_storage.url(f"{DIRECTORY}/{name}"), created_at=created_at)
