"""The case study library's part of a member's data rights (registered in apps.py).

Erasing keeps what others rely on: a published (or archived) case study stays, with the member
shown in its byline as a former member, and keeps its organisations. Unpublished work that no
other member wrote is deleted, with its files. An adaptation the member recorded is their
organisation's, counted on someone else's case study and perhaps linking the two: it stays, no
longer tied to the member; one a curator hid is counted nowhere and shown to nobody else, so it goes.
"""

from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from casestudies.editorial.models import AuditEntry, ReviewMessage
from casestudies.library.models import SECTIONS, Attachment, Bookmark, CaseStudy, CaseStudyAuthor, Collection, Status
from casestudies.spread.models import Adaptation, AuthorQuestion, AuthorReply
from members.models import User

FORMER_MEMBER = "Former member"
KEPT_STATUSES = [Status.PUBLISHED, Status.ARCHIVED]


def casestudies_export(user: User) -> dict[str, Any]:
    bylines = {
        author.case_study_id: author.role
        for author in CaseStudyAuthor.objects.filter(member=user).only("case_study_id", "role")
    }
    case_studies = (
        CaseStudy.objects.filter(Q(pk__in=bylines) | Q(created_by=user))
        .prefetch_related("organisations")
        .order_by("created_at")
    )
    return {
        "case_studies": [
            {
                "title": case_study.title,
                "slug": case_study.slug,
                "status": case_study.get_status_display(),
                "you_are_an_author": case_study.pk in bylines,
                "your_role": bylines.get(case_study.pk, ""),
                "summary": case_study.summary,
                **{name: getattr(case_study, name) for name, _heading in SECTIONS},
                "organisations": [organisation.name for organisation in case_study.organisations.all()],
                "created_at": case_study.created_at,
                "published_at": case_study.published_at,
            }
            for case_study in case_studies
        ],
        "bookmarks": [
            {
                "case_study": bookmark.case_study.title,
                "slug": bookmark.case_study.slug,
                "saved_at": bookmark.created_at,
            }
            for bookmark in Bookmark.objects.filter(user=user).select_related("case_study")
        ],
        "review_messages_you_wrote": [
            {
                "case_study": message.case_study.title,
                "kind": message.get_kind_display(),
                "message": message.body,
                "written_at": message.created_at,
            }
            for message in ReviewMessage.objects.filter(author=user).select_related("case_study").order_by("created_at")
        ],
        "adaptations_you_recorded": _adaptations_export(user),
        "collections_you_made": [
            {"title": collection.title, "slug": collection.slug, "created_at": collection.created_at}
            for collection in Collection.objects.filter(created_by=user).order_by("created_at")
        ],
    }


def _adaptations_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "case_study": adaptation.case_study.title,
            "slug": adaptation.case_study.slug,
            "organisation": adaptation.organisation,
            "what_you_are_changing": adaptation.changes,
            "status": adaptation.get_status_display(),
            "your_case_study_of_it": adaptation.adapted_as.title if adaptation.adapted_as else None,
            "hidden_by_a_curator": adaptation.hidden,
            "why_it_was_hidden": adaptation.hidden_reason,
            "recorded_at": adaptation.created_at,
            "updated_at": adaptation.updated_at,
        }
        for adaptation in Adaptation.objects.by(user).select_related("case_study", "adapted_as").order_by("created_at")
    ]


def casestudies_erase(user: User) -> None:
    other_member_author = CaseStudyAuthor.objects.filter(case_study=OuterRef("pk"), member__isnull=False).exclude(
        member=user
    )
    only_theirs = (
        CaseStudy.objects.authored_by(user).exclude(status__in=KEPT_STATUSES).exclude(Exists(other_member_author))
    )
    files = [attachment.file.name for attachment in Attachment.objects.filter(case_study__in=only_theirs)]
    files += list(only_theirs.exclude(cover_image="").values_list("cover_image", flat=True))
    only_theirs.delete()
    CaseStudyAuthor.objects.filter(member=user).update(member=None, name=FORMER_MEMBER, role="")
    # Hidden ones count for nothing, so deleting them leaves every case study's adaptation count as it is.
    Adaptation.objects.filter(member=user, hidden=True).delete()
    Adaptation.objects.filter(member=user).update(member=None)
    # The audit history keeps what happened; a curator who leaves is no longer named in it.
    AuditEntry.objects.filter(detail=f"Reviewer: {user.name}").update(detail=f"Reviewer: {FORMER_MEMBER.lower()}")

    def delete_files() -> None:
        storage = Attachment._meta.get_field("file").storage
        for name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)


def questions_export(user: User) -> dict[str, Any]:
    """Questions the member asked authors (with the replies they got), and what they wrote as an author."""
    asked = (
        AuthorQuestion.objects.asked_by(user)
        .select_related("case_study")
        .prefetch_related("replies__author")
        .order_by("created_at")
    )
    return {
        "questions_you_asked": [
            {
                "case_study": question.case_study.title,
                "slug": question.case_study.slug,
                "question": question.text,
                "asked_at": question.created_at,
                "reported_as_abuse": question.reported,
                "replies": [
                    {"from": reply.author.name, "reply": reply.text, "replied_at": reply.created_at}
                    for reply in question.replies.all()
                ],
            }
            for question in asked
        ],
        "replies_you_wrote": [
            {
                "case_study": reply.question.case_study.title,
                "question_from": reply.question.asker.name,
                "reply": reply.text,
                "replied_at": reply.created_at,
            }
            for reply in AuthorReply.objects.filter(author=user)
            .select_related("question__case_study", "question__asker")
            .order_by("created_at")
        ],
        "questions_you_reported": [
            {
                "case_study": question.case_study.title,
                "reason": question.report_reason,
                "reported_at": question.reported_at,
            }
            for question in AuthorQuestion.objects.filter(reported_by=user).select_related("case_study")
        ],
    }


def questions_erase(user: User) -> None:
    # The authors' copies of a question are in their mailboxes; the site keeps none of the member's.
    AuthorQuestion.objects.filter(asker=user).delete()
    AuthorReply.objects.filter(author=user).delete()
