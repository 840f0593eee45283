"""What is made from a published case study: adaptations by other organisations, and questions to its authors."""

from .adaptation import Adaptation, AdaptationQuerySet, AdaptationStatus
from .question import QUESTION_MAX_LENGTH, AuthorQuestion, AuthorQuestionQuerySet, AuthorReply

__all__ = [
    "QUESTION_MAX_LENGTH",
    "Adaptation",
    "AdaptationQuerySet",
    "AdaptationStatus",
    "AuthorQuestion",
    "AuthorQuestionQuerySet",
    "AuthorReply",
]
