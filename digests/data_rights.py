"""The digests app's part of a member's data export (registered in apps.py). Its one row, the
member's digest settings, goes with their account when it is deleted."""

from typing import Any

from members.models import User

from .following import followed_by
from .models import DigestPreference


def follows_export(user: User) -> list[dict[str, Any]]:
    return [{"kind": item.kind_label, "name": item.target.name} for item in followed_by(user)]


def digests_export(user: User) -> dict[str, Any] | None:
    preference = DigestPreference.objects.filter(user=user).prefetch_related("muted_groups").first()
    if preference is None:
        return None
    return {
        "frequency": preference.get_frequency_display(),
        "day": preference.get_weekday_display(),
        "time": preference.send_time,
        "muted_groups": [group.name for group in preference.muted_groups.all()],
        "chosen_at": preference.chosen_at,
        "next_digest_at": preference.next_due_at,
    }
