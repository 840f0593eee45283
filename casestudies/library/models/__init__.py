"""The library's models: taxonomy, case studies with their measures and series, collections and
bookmarks, and the search vocabulary."""

from .case_study import CaseStudy
from .choices import EDITABLE_STATUSES, LICENCE_URLS, SECTIONS, Evidence, Licence, Status
from .collections import Bookmark, Collection, CollectionItem, CollectionQuerySet
from .ledger import LibraryCount
from .organisation_slug import OrganisationFormerSlug
from .parts import Attachment, Benefit, BetterDirection, CaseStudyAuthor, CaseStudyLink, OutcomeMeasure
from .queries import CaseStudyQuerySet
from .series import MeasurePoint, MeasurePointQuerySet
from .taxonomy import CareSetting, ImprovementApproach, Organisation, Region, Topic
from .vocabulary import SynonymGroup

__all__ = [
    "EDITABLE_STATUSES",
    "LICENCE_URLS",
    "SECTIONS",
    "Attachment",
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
    "LibraryCount",
    "Licence",
    "MeasurePoint",
    "MeasurePointQuerySet",
    "Organisation",
    "OrganisationFormerSlug",
    "OutcomeMeasure",
    "Region",
    "Status",
    "SynonymGroup",
    "Topic",
]
