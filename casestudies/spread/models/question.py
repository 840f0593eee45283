"""Questions a member sends the authors of a published case study, relayed by email so that neither side
sees the other's address, and the authors' replies, relayed back the same way."""

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

from casestudies.library.models import CaseStudy

if TYPE_CHECKING:
    from members.models import User

QUESTION_MAX_LENGTH = 2000


class AuthorQuestionQuerySet(models.QuerySet["AuthorQuestion"]):
    def asked_by(self, user: "User") -> "AuthorQuestionQuerySet":
        return self.filter(asker=user) if user.is_authenticated else self.none()

    def asked_since(self, moment: datetime) -> "AuthorQuestionQuerySet":
        return self.filter(created_at__gt=moment)

    def to_author(self, user: "User") -> "AuthorQuestionQuerySet":
        """Questions about case studies that list the member as an author: the ones they may answer."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(case_study__in=CaseStudy.objects.authored_by(user))

    def reported(self) -> "AuthorQuestionQuerySet":
        return self.filter(reported=True)


class AuthorQuestion(models.Model):
    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="questions")
    asker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_questions")
    text = models.TextField("your question", max_length=QUESTION_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # An author reports abuse from the link in their email, without signing in. The asker's further
    # questions are not sent to the author who reported them.
    reported = models.BooleanField(default=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report_reason = models.TextField(max_length=1000, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)

    objects = AuthorQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["asker", "created_at"], name="question_asker_created")]
        verbose_name = "question to authors"
        verbose_name_plural = "questions to authors"

    def __str__(self) -> str:
        return f"Question about {self.case_study} from {self.asker}"


class AuthorReply(models.Model):
    """An author's answer, sent on to the asker by email; one per author and question."""

    question = models.ForeignKey(AuthorQuestion, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_replies")
    text = models.TextField("your reply", max_length=QUESTION_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["question", "author"], name="author_reply_once")]
        verbose_name = "reply to a question"
        verbose_name_plural = "replies to questions"

    def __str__(self) -> str:
        return f"Reply from {self.author} to {self.question}"
