from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, Format, Kind, Registration
from tests.groups.factories import GroupFactory
from tests.members.factories import UserFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A scheduled online webinar of a group, a week from now, with no capacity limit.
    `site=True` for a site event (no group)."""

    class Meta:
        model = Event
        django_get_or_create = ["slug"]

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"Measuring flow in outpatients ({n})")
    slug = factory.Sequence(lambda n: f"measuring-flow-{n}")
    summary = "How three trusts measured patient flow."
    description = "Bring **your own data**."
    kind = Kind.WEBINAR
    format = Format.ONLINE
    starts_at = factory.LazyFunction(lambda: (timezone.now() + timedelta(days=7)).replace(microsecond=0))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=1))
    timezone = "Europe/London"
    joining_url = factory.Sequence(lambda n: f"https://meet.example.org/secret-room-{n}")

    class Params:
        site = factory.Trait(group=None)
        cancelled = factory.Trait(status=Event.Status.CANCELLED, cancelled_at=factory.LazyFunction(timezone.now))
        in_person = factory.Trait(
            format=Format.IN_PERSON, joining_url="", venue="Community hall", address="1 High Street, Leeds"
        )


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A place at an event; `waitlisted=True` for a place on its waitlist."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.REGISTERED
    registered_at = factory.LazyFunction(timezone.now)

    class Params:
        waitlisted = factory.Trait(
            status=Registration.Status.WAITLISTED, registered_at=None, waitlisted_at=factory.LazyFunction(timezone.now)
        )
        cancelled = factory.Trait(status=Registration.Status.CANCELLED, cancelled_at=factory.LazyFunction(timezone.now))
