"""Who sees which group, and the counts and roles that every page relies on."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError

from groups.models import Group, Membership
from tests.groups.factories import GroupFactory, MembershipFactory, PostFactory, ThreadFactory, member_of, moderator_of
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def visible_slugs(user):
    return set(Group.objects.visible_to(user).values_list("slug", flat=True))


@pytest.fixture
def three_groups():
    return (
        GroupFactory(slug="open"),
        GroupFactory(slug="asking", by_request=True),
        GroupFactory(slug="secret", private=True),
    )


def test_anonymous_visitors_see_open_and_by_request_groups_but_not_private_ones(three_groups):
    assert visible_slugs(AnonymousUser()) == {"open", "asking"}


def test_a_member_of_a_private_group_sees_it_and_others_do_not(three_groups):
    secret = three_groups[2]
    insider = member_of(secret)

    assert visible_slugs(insider) == {"open", "asking", "secret"}
    assert visible_slugs(UserFactory()) == {"open", "asking"}
    assert visible_slugs(moderator_of(GroupFactory(slug="other", private=True))) == {"open", "asking", "other"}


def test_a_pending_request_does_not_reveal_a_private_group(three_groups):
    requester = MembershipFactory(group=three_groups[2], pending=True).user

    assert "secret" not in visible_slugs(requester)


def test_curators_see_every_group(three_groups, curator):  # the fixture turns on two-factor authentication
    assert visible_slugs(curator) == {"open", "asking", "secret"}


def test_member_count_counts_only_active_memberships():
    group = GroupFactory()
    member_of(group)
    moderator_of(group)
    MembershipFactory(group=group, pending=True)

    assert Group.objects.with_member_count().get(pk=group.pk).member_count == 2


def test_roles_are_answered_per_group():
    group, other = GroupFactory(), GroupFactory()
    moderator = moderator_of(group)
    member = member_of(group)

    assert group.is_moderator(moderator)
    assert group.can_manage(moderator)
    assert not other.is_moderator(moderator)
    assert not other.can_manage(moderator)
    assert group.is_member(member)
    assert not group.is_moderator(member)
    assert not group.is_member(AnonymousUser())


def test_a_member_has_one_membership_per_group():
    membership = MembershipFactory()

    with pytest.raises(IntegrityError):
        MembershipFactory(group=membership.group, user=membership.user)


def test_a_pending_request_cannot_be_a_moderator():
    with pytest.raises(IntegrityError):
        MembershipFactory(pending=True, role=Membership.Role.MODERATOR)


def test_posts_are_stored_as_sanitised_html():
    post = PostFactory(body="Hello <script>alert(1)</script> [link](javascript:alert(1)) **bold**")

    assert "<script>" not in post.body_html
    assert "javascript:" not in post.body_html
    assert "<strong>bold</strong>" in post.body_html


def test_a_thread_page_knows_which_authors_have_left_the_group():
    group = GroupFactory()
    thread = ThreadFactory(group=group, author=member_of(group))
    leaver = member_of(group)
    PostFactory(thread=thread, author=leaver)
    Membership.objects.filter(user=leaver).delete()

    flags = [post.author_is_member for post in thread.posts.for_thread_page(thread)]

    assert flags == [True, False]


def test_a_curator_without_two_factor_authentication_gets_no_curator_powers(three_groups):
    curator = UserFactory(is_staff=True)

    assert visible_slugs(curator) == {"open", "asking"}
    assert not three_groups[0].can_manage(curator)
