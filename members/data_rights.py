"""A member's data rights: a copy of everything the portal holds about them, and its erasure.

members is the bottom layer, so it cannot know what the apps above it keep. Each app that
holds personal data registers, from its AppConfig.ready():

    register_exporter("groups", groups_export)   # fn(user) -> JSON-serialisable dict or list
    register_eraser("groups", groups_erase)      # fn(user) -> None, run inside the deletion's transaction

An eraser removes what is personal and keeps, without the member's name, what others rely on
(published case studies, discussion posts). After every eraser has run, the account deletion
service deletes the member's own row, and the database cascades the rest.
"""

import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .models import User

FORMAT = "improvement-exchange-member-data/1"

Exporter = Callable[[User], Any]
Eraser = Callable[[User], None]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register_exporter(name: str, exporter: Exporter) -> None:
    _exporters[name] = exporter


def register_eraser(name: str, eraser: Eraser) -> None:
    _erasers[name] = eraser


def exporter_names() -> list[str]:
    return list(_exporters)


def eraser_names() -> list[str]:
    return list(_erasers)


def export_document(user: User) -> dict[str, Any]:
    """Everything held about the member, one section per app."""
    return {
        "format": FORMAT,
        "generated_at": timezone.now(),
        "member_id": user.pk,
        # Apps register top layer first; the member's own account reads best at the top.
        **{name: _exporters[name](user) for name in reversed(_exporters)},
    }


def export_json(user: User) -> str:
    return json.dumps(export_document(user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def erase(user: User) -> None:
    """Runs every app's eraser, in the order the apps registered them (the top layer first)."""
    for eraser in _erasers.values():
        eraser(user)
