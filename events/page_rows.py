"""The row a member's event page reads on every request, by a statement built once a process
(core/fixed_sql.py): building it with the ORM cost more than running it."""

from core.fixed_sql import STAND_IN_ID, STAND_IN_TEXT, FixedQuery
from members.models import User, Viewer

from .models import Event, EventQuerySet


def with_reader(user: Viewer) -> EventQuerySet:
    """The events with their places taken and the reader's own states, in the one query; who may
    see the event is then decided on them (EventDetailView.check_event_permission) rather than in it."""
    return Event.objects.select_related("group").with_counts().with_reader(user)


event_for_member = FixedQuery(
    Event,
    lambda slug, member_id: with_reader(User(pk=member_id)).filter(slug=slug),
    slug=STAND_IN_TEXT,
    member_id=STAND_IN_ID,
)
