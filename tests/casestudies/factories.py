"""Factories for the case study library. CaseStudyFactory makes a published case study with one member author."""

import factory
from django.utils import timezone
from django.utils.text import slugify

from casestudies.library.models import (
    Attachment,
    Bookmark,
    CareSetting,
    CaseStudy,
    CaseStudyAuthor,
    CaseStudyLink,
    Collection,
    CollectionItem,
    ImprovementApproach,
    Organisation,
    OutcomeMeasure,
    Region,
    Status,
    Topic,
)
from casestudies.spread.models import Adaptation, AdaptationStatus
from tests.members.factories import UserFactory

# Case study text that no search in the tests matches: a case study made with it is found only by
# what a test adds.
NEUTRAL = {
    "summary": "A team changed how their service worked.",
    "problem": "Things were slow.",
    "actions": "They tested changes.",
    "results": "Things improved.",
    "lessons": "Keep going.",
    "next_steps": "",
}


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Term {n}")
    slug = factory.LazyAttribute(lambda term: slugify(term.name))


class TopicFactory(TermFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")


class CareSettingFactory(TermFactory):
    class Meta:
        model = CareSetting

    name = factory.Sequence(lambda n: f"Care setting {n}")


class ImprovementApproachFactory(TermFactory):
    class Meta:
        model = ImprovementApproach

    name = factory.Sequence(lambda n: f"Approach {n}")


class RegionFactory(TermFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Region {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Organisation {n} NHS Trust")
    slug = factory.LazyAttribute(lambda organisation: slugify(organisation.name))


class CaseStudyFactory(factory.django.DjangoModelFactory):
    """A published case study with one member author.

    Pass `author=user` to choose the author (or `author=False` for none), `status=Status.DRAFT`
    for an unpublished one, and `topics=[...]`, `care_settings=[...]`, `approaches=[...]`,
    `organisations=[...]` to link terms.
    """

    class Meta:
        model = CaseStudy
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Case study {n}: shorter waits through better flow")
    slug = factory.Sequence(lambda n: f"case-study-{n}")
    summary = "A team tested small changes to how work flowed and cut waiting times."
    problem = "Patients waited too long between steps of their care."
    actions = "We mapped the process and tested changes in short cycles."
    results = "Waiting times fell and stayed lower for six months."
    lessons = "Start small and measure every week."
    next_steps = "Spread the changes to two more wards."
    status = Status.PUBLISHED

    @factory.lazy_attribute
    def published_at(self):
        return timezone.now() if self.status == Status.PUBLISHED else None

    @factory.post_generation
    def author(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        CaseStudyAuthor.objects.create(case_study=self, member=extracted or UserFactory())

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def care_settings(self, create, extracted, **kwargs):
        if create and extracted:
            self.care_settings.set(extracted)

    @factory.post_generation
    def approaches(self, create, extracted, **kwargs):
        if create and extracted:
            self.approaches.set(extracted)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)


def fully_tagged_case_study(n: int) -> CaseStudy:
    """A case study with every kind of term and an organisation, for counting a list's queries; "falls" finds it."""
    return CaseStudyFactory(
        topics=[TopicFactory(), TopicFactory()],
        care_settings=[CareSettingFactory()],
        approaches=[ImprovementApproachFactory()],
        region=RegionFactory(),
        organisations=[OrganisationFactory()],
        actions=f"Falls work number {n}.",
    )


class OutcomeMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeMeasure

    case_study = factory.SubFactory(CaseStudyFactory)
    label = "Process lead time"
    before = 21
    after = 8
    unit = "days"


class ExternalAuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudyAuthor

    case_study = factory.SubFactory(CaseStudyFactory)
    name = factory.Faker("name", locale="en_GB")
    role = "Co-author"


class CaseStudyLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudyLink

    case_study = factory.SubFactory(CaseStudyFactory)
    title = "Project report"
    url = "https://example.org/report"


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A small real PDF (type is read from the content)."""

    class Meta:
        model = Attachment

    case_study = factory.SubFactory(CaseStudyFactory)
    title = "Driver diagram"
    file = factory.django.FileField(
        filename="driver-diagram.pdf", data=b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    )


class CollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collection
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Collection {n}")
    slug = factory.Sequence(lambda n: f"collection-{n}")
    introduction = "Case studies chosen by our curators."

    @factory.post_generation
    def case_studies(self, create, extracted, **kwargs):
        if create and extracted:
            for position, case_study in enumerate(extracted):
                CollectionItem.objects.create(collection=self, case_study=case_study, position=position)


class BookmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bookmark

    user = factory.SubFactory(UserFactory)
    case_study = factory.SubFactory(CaseStudyFactory)


class AdaptationFactory(factory.django.DjangoModelFactory):
    """An organisation adapting a published case study; pass `adapted_as=` to link the adapters' own one.

    It writes the row directly, without adaptation_record's checks, so tests can also build what
    the service refuses (a loop) to see that readers cope with it; nor does it recount the case
    study's stored adaptation_count, so use the service where that count matters.
    """

    class Meta:
        model = Adaptation

    case_study = factory.SubFactory(CaseStudyFactory)
    member = factory.SubFactory(UserFactory)
    organisation = factory.Sequence(lambda n: f"Adapting Trust {n}")
    changes = "We run the huddles weekly, not daily."
    status = AdaptationStatus.TESTING
