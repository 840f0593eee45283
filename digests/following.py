"""What a member follows, in words: for the email settings page's list, the home page's reasons
and the welcome step. One query per kind of thing, however many the member follows."""

from dataclasses import dataclass

from casestudies.library import taxonomy
from casestudies.library.models import Organisation
from groups.models import Group
from members.follows import Followable
from members.models import Follow, FollowKind, User

# Each kind, with how its rows are found by id and named in an address.
_KINDS = {
    **{kind: (model.objects.all(), "slug") for kind, model in taxonomy.FOLLOWED.items()},
    FollowKind.ORGANISATION: (Organisation.objects.all(), "slug"),
    FollowKind.GROUP: (Group.objects.all(), "slug"),
    FollowKind.PERSON: (User.objects.filter(is_active=True), "pk"),
}


@dataclass(frozen=True)
class Followed:
    target: Followable
    kind_label: str


def followed_by(user: User) -> list[Followed]:
    """Everything the member follows that still exists, by kind then name."""
    ids: dict[str, set[int]] = {}
    for kind, object_id in Follow.objects.for_member(user).values_list("kind", "object_id"):
        ids.setdefault(kind, set()).add(object_id)
    found = []
    for kind, (queryset, key_field) in _KINDS.items():
        if not ids.get(kind):
            continue
        if kind == FollowKind.GROUP:
            queryset = Group.objects.visible_to(user)
        if kind == FollowKind.PERSON:
            queryset = User.objects.profiles_visible_to(user)
        rows = queryset.filter(pk__in=ids[kind]).order_by("name").values_list("pk", key_field, "name")
        label = FollowKind(kind).label
        found += [Followed(Followable(kind, pk, str(key), name), label) for pk, key, name in rows]
    return found
