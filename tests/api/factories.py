import factory

from api.models import ApiKey


class ApiKeyFactory(factory.django.DjangoModelFactory):
    """An active key; the key itself is on `.key` (as the admin shows it once)."""

    class Meta:
        model = ApiKey
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Research team {n}")
    requests_per_minute = 600

    @factory.post_generation
    def key(self, create, extracted, **kwargs):
        self.key = self.set_key()
        if create:
            self.save()
