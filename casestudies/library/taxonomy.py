"""The kinds of term a case study is tagged with, listed once: the library's filters, the
submission form, the review diff, the curators' taxonomy page, the API, follows and digests all
read this list, so a new kind is added here and nowhere else.

Organisations are not a kind of term: they are named by authors and confirmed by curators
(casestudies.editorial.services.organisations), though members may follow them too.
"""

from dataclasses import dataclass

from members.models import FollowKind

from .models import CareSetting, ImprovementApproach, Region, Topic
from .models.taxonomy import Term


@dataclass(frozen=True)
class TaxonomyKind:
    key: str  # in addresses: /case-studies/?topic=..., /review/taxonomy/topic/merge/
    model: type[Term]
    label: str  # one term's kind, as a filter's legend names it
    plural: str  # the list's heading, and the form field's label
    relation: str  # the CaseStudy field that holds terms of this kind
    api_key: str  # the key of the list in the API's taxonomy and case study records
    follow_kind: FollowKind | None  # what a member follows to hear of new case studies with it
    many: bool = True  # many terms per case study (a many-to-many), or one (a foreign key)

    @property
    def filter_method(self) -> str:
        """The CaseStudyQuerySet method that keeps case studies with any of the given slugs."""
        return f"for_{self.api_key}"


KINDS: tuple[TaxonomyKind, ...] = (
    TaxonomyKind("topic", Topic, "Topic", "Topics", "topics", "topics", FollowKind.TOPIC),
    TaxonomyKind(
        "setting", CareSetting, "Care setting", "Care settings", "care_settings", "care_settings", FollowKind.SETTING
    ),
    TaxonomyKind(
        "approach",
        ImprovementApproach,
        "Improvement approach",
        "Improvement approaches",
        "approaches",
        "approaches",
        FollowKind.APPROACH,
    ),
    TaxonomyKind("region", Region, "Region", "Regions", "region", "regions", None, many=False),
)

BY_KEY: dict[str, TaxonomyKind] = {kind.key: kind for kind in KINDS}
MODELS: tuple[type[Term], ...] = tuple(kind.model for kind in KINDS)
# The many-to-many kinds' CaseStudy fields: topics, care_settings, approaches.
MANY_RELATIONS: tuple[str, ...] = tuple(kind.relation for kind in KINDS if kind.many)
# The kinds a member can follow, by what they follow.
FOLLOWED: dict[FollowKind, type[Term]] = {kind.follow_kind: kind.model for kind in KINDS if kind.follow_kind}
