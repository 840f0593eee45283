import factory
from django.utils import timezone

from groups.models import Group, Invitation, Membership, Post, Thread, Visibility
from tests.members.factories import UserFactory


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Improvement group {n}")
    slug = factory.Sequence(lambda n: f"improvement-group-{n}")
    summary = "People who improve care together."
    description = "We share **what worked** and what did not."
    visibility = Visibility.OPEN

    class Params:
        private = factory.Trait(visibility=Visibility.PRIVATE)
        by_request = factory.Trait(visibility=Visibility.BY_REQUEST)


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active member; `moderator=True` for a moderator, `pending=True` for a join request."""

    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER
    status = Membership.Status.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)

    class Params:
        moderator = factory.Trait(role=Membership.Role.MODERATOR)
        pending = factory.Trait(status=Membership.Status.PENDING, joined_at=None)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    group = factory.SubFactory(GroupFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread with its opening post."""

    class Meta:
        model = Thread
        skip_postgeneration_save = True

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"How did you reduce waiting times? ({n})")
    author = factory.SubFactory(UserFactory)

    @factory.post_generation
    def opening_post(self, create, extracted, **kwargs):
        if create:
            Post.objects.create(thread=self, author=self.author, body=extracted or "We tried **huddles**.")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = "A reply with *emphasis*."


def member_of(group: Group, **kwargs):
    return MembershipFactory(group=group, **kwargs).user


def moderator_of(group: Group):
    return MembershipFactory(group=group, moderator=True).user
