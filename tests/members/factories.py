import factory
from allauth.account.models import EmailAddress

from members.models import User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    """A member whose email address is verified, as every active member's is."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    name = factory.Faker("name", locale="en_GB")
    job_title = "Improvement advisor"
    organisation = factory.Faker("company", locale="en_GB")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=extracted is not False)


class CuratorFactory(UserFactory):
    """A curator (staff) with an authenticator app turned on, as curator pages require.
    Pass `mfa=False` for one without two-factor authentication."""

    is_staff = True

    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        if create and extracted is not False:
            from tests.members.mfa import turn_on_totp

            turn_on_totp(self)
