"""The case study library's models, split along the domain: taxonomy, case studies, and what is made from them."""

from .adaptation import Adaptation, AdaptationQuerySet, AdaptationStatus
from .case_study import (
    EDITABLE_STATUSES,
    LICENCE_URLS,
    SECTIONS,
    Attachment,
    Benefit,
    CaseStudy,
    CaseStudyAuthor,
    CaseStudyLink,
    CaseStudyQuerySet,
    Licence,
    OutcomeMeasure,
    Status,
)
from .library import Bookmark, Collection, CollectionItem, CollectionQuerySet
from .review import AuditEntry, ReviewMessage
from .taxonomy import CareSetting, ImprovementApproach, Organisation, Region, Topic

__all__ = [
    "EDITABLE_STATUSES",
    "LICENCE_URLS",
    "SECTIONS",
    "Adaptation",
    "AdaptationQuerySet",
    "AdaptationStatus",
    "Attachment",
    "AuditEntry",
    "Benefit",
    "Bookmark",
    "CareSetting",
    "CaseStudy",
    "CaseStudyAuthor",
    "CaseStudyLink",
    "CaseStudyQuerySet",
    "Collection",
    "CollectionItem",
    "CollectionQuerySet",
    "ImprovementApproach",
    "Licence",
    "Organisation",
    "OutcomeMeasure",
    "Region",
    "ReviewMessage",
    "Status",
    "Topic",
]
