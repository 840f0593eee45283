"""The case study library's models, split along the domain: taxonomy, case studies, and what is made from them."""

from .adaptation import Adaptation, AdaptationQuerySet, AdaptationStatus
from .case_study import (
    EDITABLE_STATUSES,
    LICENCE_URLS,
    SECTIONS,
    Attachment,
    Benefit,
    BetterDirection,
    CaseStudy,
    CaseStudyAuthor,
    CaseStudyLink,
    CaseStudyQuerySet,
    Evidence,
    Licence,
    OutcomeMeasure,
    Status,
)
from .library import Bookmark, Collection, CollectionItem, CollectionQuerySet
from .organisation_slug import OrganisationFormerSlug
from .question import QUESTION_MAX_LENGTH, AuthorQuestion, AuthorQuestionQuerySet, AuthorReply
from .review import AuditEntry, ReviewMessage
from .series import MeasurePoint, MeasurePointQuerySet
from .taxonomy import CareSetting, ImprovementApproach, Organisation, Region, Topic
from .vocabulary import SynonymGroup

__all__ = [
    "EDITABLE_STATUSES",
    "LICENCE_URLS",
    "QUESTION_MAX_LENGTH",
    "SECTIONS",
    "Adaptation",
    "AdaptationQuerySet",
    "AdaptationStatus",
    "Attachment",
    "AuditEntry",
    "AuthorQuestion",
    "AuthorQuestionQuerySet",
    "AuthorReply",
    "Benefit",
    "BetterDirection",
    "Bookmark",
    "CareSetting",
    "CaseStudy",
    "CaseStudyAuthor",
    "CaseStudyLink",
    "CaseStudyQuerySet",
    "Collection",
    "CollectionItem",
    "CollectionQuerySet",
    "Evidence",
    "ImprovementApproach",
    "Licence",
    "MeasurePoint",
    "MeasurePointQuerySet",
    "Organisation",
    "OrganisationFormerSlug",
    "OutcomeMeasure",
    "Region",
    "ReviewMessage",
    "Status",
    "SynonymGroup",
    "Topic",
]
