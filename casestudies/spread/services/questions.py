"""Members' questions to the authors of a published case study, the authors' replies, and reports of abuse.

Both ways the message is relayed by email through the outbox, from the site's own address and with no
Reply-To, so the asker never learns an author's address and an author never learns the asker's: an author
answers on the site, and the site sends the answer on. Every refusal is a QuestionRefused with a message
for the member and the HTTP status to answer with.
"""

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from casestudies.library.models import CaseStudy
from casestudies.spread.models import QUESTION_MAX_LENGTH, AuthorQuestion, AuthorReply
from core.relay_limits import RelayRefused, check_limit
from members.models import User
from outbox.models import Stream, StreamOptOut
from outbox.services import email_enqueue


class QuestionRefused(RelayRefused):
    pass


class InvalidToken(Exception):
    """The report link was not made by this site, or was cut short."""


# --- Who is asked ---------------------------------------------------------------------------------


def question_recipients(*, case_study: CaseStudy, asker: User) -> list[User]:
    """The member authors who get the asker's question.

    Left out: external co-authors (no address), closed accounts, authors who turned off emails from
    other members, and authors who reported an earlier question from this asker.
    """
    turned_off = StreamOptOut.objects.filter(user=OuterRef("pk"), stream=Stream.MESSAGES)
    reported_asker = AuthorQuestion.objects.filter(asker=asker, reported=True, reported_by=OuterRef("pk"))
    return list(
        User.objects.filter(is_active=True, case_study_authorships__case_study=case_study)
        .exclude(pk=asker.pk)
        .exclude(Exists(turned_off))
        .exclude(Exists(reported_asker))
        .order_by("case_study_authorships__position", "pk")
    )


def replies_turned_off(*, user: User) -> bool:
    """Whether the member turned off the emails of questions and replies (so gets none of them)."""
    return StreamOptOut.objects.filter(user=user, stream=Stream.MESSAGES).exists()


def question_check(*, case_study: CaseStudy, asker: User) -> list[User]:
    """Whether the member may ask the authors of this case study at all; returns who would be asked."""
    if not case_study.is_published:
        raise QuestionRefused("Only a published case study takes questions. This one is not published.")
    if CaseStudy.objects.authored_by(asker).filter(pk=case_study.pk).exists():
        raise QuestionRefused("This is your own case study: you are one of its authors, so there is no one to ask.")
    recipients = question_recipients(case_study=case_study, asker=asker)
    if not recipients:
        raise QuestionRefused("The authors of this case study are not taking questions by email at the moment.")
    return recipients


def _first_name(user: User) -> str:
    # Not get_short_name(), which falls back to the address: no address goes into these emails.
    return user.name.split(" ")[0] if user.name else ""


def _clean_text(text: str, *, what: str) -> str:
    text = text.strip()
    if not text:
        raise QuestionRefused(f"Write your {what}.", status=400)
    if len(text) > QUESTION_MAX_LENGTH:
        raise QuestionRefused(f"Your {what} is too long: keep it to {QUESTION_MAX_LENGTH} characters.", status=400)
    return text


# --- The rate limit -------------------------------------------------------------------------------


# --- Asking, replying, reporting ------------------------------------------------------------------


@transaction.atomic
def question_ask(*, case_study: CaseStudy, asker: User, text: str) -> AuthorQuestion:
    """Stores a member's question and emails it to each author who takes questions (outbox, after commit)."""
    # Serialises one member's questions, so that the rate limit holds however fast they are sent.
    User.objects.select_for_update().only("pk").get(pk=asker.pk)
    recipients = question_check(case_study=case_study, asker=asker)
    text = _clean_text(text, what="question")
    now = timezone.now()
    check_limit(AuthorQuestion.objects.asked_by(asker), now, refused=QuestionRefused, one="question", many="questions")
    question = AuthorQuestion.objects.create(case_study=case_study, asker=asker, text=text, created_at=now)
    for author in recipients:
        email_enqueue(
            to=author,
            template="author_question",
            context={
                "name": _first_name(author),
                "case_study_title": case_study.title,
                "case_study_path": case_study.get_absolute_url(),
                "asker_name": asker.name or "A member",
                "question_text": text,
                "reply_path": reverse("casestudies:question_reply", kwargs={"pk": question.pk}),
                "report_path": reverse(
                    "casestudies:question_report",
                    kwargs={"token": question_report_token(question_id=question.pk, author_id=author.pk)},
                ),
            },
            stream=Stream.MESSAGES,
            key=f"author-question:{question.pk}:{author.pk}",
        )
    return question


@transaction.atomic
def question_reply(*, question: AuthorQuestion, author: User, text: str) -> tuple[AuthorReply, bool]:
    """Stores an author's reply and emails it to the asker; returns it and whether an email was written
    (not when the asker turned off emails from other members)."""
    if not CaseStudy.objects.authored_by(author).filter(pk=question.case_study_id).exists():
        raise QuestionRefused("Only the authors of the case study can reply to this question.")
    text = _clean_text(text, what="reply")
    already = "You have already replied to this question."
    if AuthorReply.objects.filter(question=question, author=author).exists():
        raise QuestionRefused(already, status=409)
    try:
        with transaction.atomic():
            reply = AuthorReply.objects.create(question=question, author=author, text=text)
    except IntegrityError:
        # A second click racing the first one.
        raise QuestionRefused(already, status=409) from None
    case_study = question.case_study
    email = email_enqueue(
        to=question.asker,
        template="author_question_reply",
        context={
            "name": _first_name(question.asker),
            "case_study_title": case_study.title,
            "case_study_path": case_study.get_absolute_url(),
            "author_name": author.name or "An author",
            "question_text": question.text,
            "reply_text": text,
            "ask_path": reverse("casestudies:ask", kwargs={"slug": case_study.slug}),
        },
        stream=Stream.MESSAGES,
        key=f"author-reply:{reply.pk}",
    )
    return reply, email is not None


@transaction.atomic
def question_report(*, question: AuthorQuestion, author: User, reason: str) -> AuthorQuestion:
    """Flags a question as abuse for the curators, with the author's reason; the asker's later questions
    are no longer sent to that author. A question is reported once."""
    question = AuthorQuestion.objects.select_for_update().get(pk=question.pk)
    if question.reported:
        raise QuestionRefused("This message has already been reported. Our curators will look at it.", status=409)
    question.reported = True
    question.reported_by = author
    question.report_reason = reason.strip()[:1000]
    question.reported_at = timezone.now()
    question.save(update_fields=["reported", "reported_by", "report_reason", "reported_at"])
    return question


# --- The report link ------------------------------------------------------------------------------
# Signed with SECRET_KEY and a salt of its own. It names the question and the author it was sent to, so
# the author can report without signing in; it works once, as a question is reported once.


def _report_signer() -> signing.Signer:
    return signing.Signer(salt="casestudies.question-report")


def question_report_token(*, question_id: int, author_id: int) -> str:
    return _report_signer().sign_object([question_id, author_id])


def read_question_report_token(token: str) -> tuple[int, int]:
    """(question id, author id); raises InvalidToken."""
    try:
        question_id, author_id = _report_signer().unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError) as error:
        raise InvalidToken(str(error)) from error
    if not isinstance(question_id, int) or not isinstance(author_id, int):
        raise InvalidToken("The token names no question.")
    return question_id, author_id
