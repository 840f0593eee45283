"""Which kept pages the spread's rows are shown on (core.page_cache): an adaptation, on the pages
of the case study adapted and of the one it became; an adaptation, a question and its answers,
on the homes of the adapted or asked-about case study's authors ("Your work")."""

from casestudies.library.page_keys import authors_of, part_of
from casestudies.spread.models import Adaptation, AuthorQuestion, AuthorReply
from core.page_cache import watch


def _reply_changed(row: AuthorReply) -> list[str]:
    asked_about = AuthorQuestion.objects.filter(pk=row.question_id).values_list("case_study_id", flat=True)
    return authors_of(*asked_about)


RULES = {
    Adaptation: lambda row: (*part_of(row.case_study_id), *part_of(row.adapted_as_id), *authors_of(row.case_study_id)),
    AuthorQuestion: lambda row: authors_of(row.case_study_id),
    AuthorReply: _reply_changed,
}


def connect() -> None:
    watch(RULES)
