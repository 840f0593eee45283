import factory
from django.utils import timezone

from digests.models import DigestPreference
from members.models import Follow, FollowKind
from tests.members.factories import UserFactory


class DigestPreferenceFactory(factory.django.DjangoModelFactory):
    """Weekly settings of a member who has had digests before, due now and covering the last week."""

    class Meta:
        model = DigestPreference
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    covered_until = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=7))
    next_due_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(minutes=1))
    chosen_at = factory.LazyFunction(timezone.now)
    # A member who has had digests before; pass first_sent_at=None for one whose next is the first.
    first_sent_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=30))

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            Follow.objects.bulk_create(
                [Follow(user=self.user, kind=FollowKind.TOPIC, object_id=topic.pk) for topic in extracted]
            )

    @factory.post_generation
    def muted_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.muted_groups.set(extracted)
