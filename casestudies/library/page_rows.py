"""The row a member's case study page reads on every request, by a statement built once a process
(core/fixed_sql.py): building it with the ORM cost more than running it."""

from core.fixed_sql import STAND_IN_ID, STAND_IN_TEXT, FixedQuery
from members.models import User, Viewer

from .models import CaseStudy
from .models.queries import CaseStudyQuerySet


def page_rows(user: Viewer) -> CaseStudyQuerySet:
    """Only the row and what is personal: everything else is in the page's kept parts, made from it."""
    return CaseStudy.objects.visible_to(user).with_reader_state(user).for_page_around_parts()


# For members who are not curators (a curator sees every status: the ORM builds theirs).
page_row_for_member = FixedQuery(
    CaseStudy,
    lambda slug, member_id: page_rows(User(pk=member_id)).filter(slug=slug),
    slug=STAND_IN_TEXT,
    member_id=STAND_IN_ID,
)
