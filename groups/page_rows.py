"""The rows a member's group pages read on every request, by statements built once a process
(core/fixed_sql.py): building them with the ORM cost more than running them."""

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from core.fixed_sql import STAND_IN_ID, STAND_IN_TEXT, FixedQuery
from members import follows
from members.models import User, Viewer

from .models import Group, GroupQuerySet, Membership, Visibility


def with_reader(user: Viewer) -> GroupQuerySet:
    """The groups with the reader's membership and follow, in the one query; who may see the group
    is then decided on them (GroupDetailView.check_group_permission) rather than in it."""
    groups = Group.objects.with_reader(user)
    if user is not None and user.is_authenticated:
        # In SQL, as groups.models.reader_membership, for the same reason.
        followed = RawSQL(
            "EXISTS (SELECT 1 FROM members_follow WHERE user_id = %s AND kind = %s AND object_id = groups_group.id)",
            (user.pk, follows.FollowKind.GROUP.value),
            output_field=BooleanField(),
        )
        groups = groups.annotate(reader_follows=followed)
    return groups


# A group's page as a member reads it.
group_for_member = FixedQuery(
    Group,
    lambda slug, member_id: with_reader(User(pk=member_id)).filter(slug=slug),
    slug=STAND_IN_TEXT,
    member_id=STAND_IN_ID,
)

# The member's own groups, in the groups list's sidebar.
groups_of_member = FixedQuery(
    Group,
    lambda member_id: Group.objects.for_member(User(pk=member_id)).only("name", "slug", "visibility").order_by("name"),
    member_id=STAND_IN_ID,
)

# The private groups a member belongs to, which decide the parts of the groups and events lists
# they share with others (groups.permissions.visibility_key).
private_memberships = FixedQuery(
    Membership,
    lambda member_id: (
        Membership.objects.active().filter(user_id=member_id, group__visibility=Visibility.PRIVATE).only("group_id")
    ),
    member_id=STAND_IN_ID,
)
