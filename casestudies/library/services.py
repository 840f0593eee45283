"""The library's writes for members: bookmarks."""

from django.db import transaction

from casestudies.library.models import Bookmark, CaseStudy
from members.models import User


@transaction.atomic
def bookmark_add(*, user: User, case_study: CaseStudy) -> Bookmark:
    """Saves the case study for the member; saving it twice keeps one bookmark. No other side effects."""
    bookmark, _created = Bookmark.objects.get_or_create(user=user, case_study=case_study)
    return bookmark


@transaction.atomic
def bookmark_remove(*, user: User, case_study: CaseStudy) -> None:
    """Removes the member's bookmark of the case study, if there is one. No other side effects."""
    Bookmark.objects.filter(user=user, case_study=case_study).delete()
