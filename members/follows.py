"""The one Follow button, wherever a followable thing appears (a topic's library page, a group,
a profile). Each page names what it shows; one query finds which of them the member follows."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User

from .models import Follow
from .models import FollowKind as FollowKind  # re-exported: pages name a kind without the models


@dataclass(frozen=True)
class Followable:
    kind: str
    object_id: int
    # What the address /follow/<kind>/<key>/ names it by: a slug, or a member's id.
    key: str
    name: str


@dataclass(frozen=True)
class FollowButton:
    target: Followable
    following: bool
    announcement: str = ""

    @property
    def dom_id(self) -> str:
        return f"follow-{self.target.kind}-{self.target.key}"


def buttons(user: "User | AnonymousUser", targets: Iterable[Followable]) -> list[FollowButton]:
    """A button for each target, saying whether the member follows it; in one query (none for
    a visitor, who is asked to sign in)."""
    targets = list(targets)
    followed: set[tuple[str, int]] = set()
    if targets and user.is_authenticated:
        followed = set(
            Follow.objects.for_member(user)
            .filter(
                kind__in={target.kind for target in targets}, object_id__in={target.object_id for target in targets}
            )
            .values_list("kind", "object_id")
        )
    return [FollowButton(target, (target.kind, target.object_id) in followed) for target in targets]
