"""Hidden and deleted members vanish from every list other members read: a group's moderators,
and the authors of a case study."""

import pytest
from django.urls import reverse

from casestudies.library.models import CaseStudyAuthor
from members.models import ProfileVisibility
from tests.casestudies.factories import CaseStudyFactory
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def _three_members():
    shown = UserFactory(name="Shown Member")
    hidden = UserFactory(name="Hidden Member", profile_visibility=ProfileVisibility.HIDDEN)
    deleted = UserFactory(name="Deleted Member", is_active=False)
    return shown, hidden, deleted


def test_group_page_lists_neither_hidden_nor_deleted_moderators(member_client):
    group = GroupFactory()
    for member in _three_members():
        MembershipFactory(group=group, user=member, moderator=True)
    page = member_client.get(group.get_absolute_url()).content.decode()
    assert "Shown Member" in page
    assert "Hidden Member" not in page
    assert "Deleted Member" not in page


def test_moderators_member_list_leaves_out_deleted_members(client):
    group = GroupFactory()
    moderator = MembershipFactory(group=group, moderator=True).user
    shown, hidden, deleted = _three_members()
    for member in (shown, hidden, deleted):
        MembershipFactory(group=group, user=member)
    client.force_login(moderator)
    page = client.get(reverse("groups:members", kwargs={"slug": group.slug})).content.decode()
    assert "Shown Member" in page
    assert "Deleted Member" not in page
    # A moderator still sees a hidden member of their own group, so as to be able to remove them.
    assert "Hidden Member" in page


def test_case_study_page_lists_neither_hidden_nor_deleted_authors(client):
    shown, hidden, deleted = _three_members()
    case_study = CaseStudyFactory(author=shown)
    CaseStudyAuthor.objects.create(case_study=case_study, member=hidden, position=1)
    CaseStudyAuthor.objects.create(case_study=case_study, member=deleted, position=2)
    CaseStudyAuthor.objects.create(case_study=case_study, name="Outside Co-author", position=3)
    page = client.get(case_study.get_absolute_url()).content.decode()
    assert "Shown Member" in page
    assert "Outside Co-author" in page
    assert "Hidden Member" not in page
    assert "Deleted Member" not in page


def test_shown_authors_keep_external_co_authors_and_drop_hidden_and_deleted_members():
    shown, hidden, deleted = _three_members()
    case_study = CaseStudyFactory(author=shown)
    CaseStudyAuthor.objects.create(case_study=case_study, member=hidden, position=1)
    CaseStudyAuthor.objects.create(case_study=case_study, member=deleted, position=2)
    CaseStudyAuthor.objects.create(case_study=case_study, name="Outside Co-author", position=3)
    names = [author.display_name for author in CaseStudyAuthor.objects.shown().filter(case_study=case_study)]
    assert names == ["Shown Member", "Outside Co-author"]
