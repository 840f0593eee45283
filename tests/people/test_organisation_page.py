"""An organisation's page: its name, its published case studies, the members of it whom the viewer
may see, and a button to follow it; a merged one leads to the one it was merged into."""

import pytest
from django.urls import reverse

from casestudies.editorial.services import organisations
from casestudies.library.models import Status
from members.models import Block, Follow, FollowKind, ProfileVisibility
from tests.casestudies.factories import CaseStudyFactory, OrganisationFactory
from tests.members.factories import CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(organisation) -> str:
    return reverse("people:organisation", kwargs={"slug": organisation.slug})


@pytest.fixture
def leeds():
    return OrganisationFactory(name="Leeds Teaching Hospitals NHS Trust", slug="leeds-teaching-hospitals")


def test_anyone_sees_the_organisations_published_case_studies_and_never_its_drafts(client, leeds):
    CaseStudyFactory(title="Faster discharge in Leeds", organisations=[leeds])
    CaseStudyFactory(title="A draft from Leeds", organisations=[leeds], status=Status.DRAFT)
    CaseStudyFactory(title="Work elsewhere")
    response = client.get(_url(leeds))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in page
    assert "Leeds Teaching Hospitals NHS Trust" in page
    assert "Faster discharge in Leeds" in page
    assert "A draft from Leeds" not in page
    assert "Work elsewhere" not in page


def test_case_studies_are_paged_with_the_one_pagination_include(client, leeds):
    for number in range(25):
        CaseStudyFactory(title=f"Leeds study {number:02d}", organisations=[leeds])
    first = client.get(_url(leeds)).content.decode()
    assert 'class="nhsuk-pagination"' in first
    assert "?page=2" in first
    second = client.get(_url(leeds) + "?page=2").content.decode()
    assert "Page 1 of 3" in second
    assert client.get(_url(leeds) + "?page=nonsense").status_code == 200


def test_members_are_listed_as_each_chose_and_never_hidden_deleted_or_blocked_ones(client, leeds):
    viewer = UserFactory(organisation="")
    UserFactory(name="Open Olu", organisation=leeds.name, profile_visibility=ProfileVisibility.PUBLIC)
    UserFactory(name="Members Mo", organisation=leeds.name)
    UserFactory(name="Hidden Hana", organisation=leeds.name, profile_visibility=ProfileVisibility.HIDDEN)
    UserFactory(name="Deleted Dev", organisation=leeds.name, is_active=False)
    blocker = UserFactory(name="Blocking Bo", organisation=leeds.name)
    Block.objects.create(blocker=blocker, blocked=viewer)
    UserFactory(name="Elsewhere Eli", organisation="Another Trust")

    as_visitor = client.get(_url(leeds)).content.decode()
    assert "Open Olu" in as_visitor
    assert "Members Mo" not in as_visitor

    client.force_login(viewer)
    as_member = client.get(_url(leeds)).content.decode()
    assert "Open Olu" in as_member
    assert "Members Mo" in as_member
    for absent in ("Hidden Hana", "Deleted Dev", "Blocking Bo", "Elsewhere Eli"):
        assert absent not in as_member


def test_a_member_follows_the_organisation_from_its_page_without_javascript(client, leeds):
    member = UserFactory()
    client.force_login(member)
    page = client.get(_url(leeds)).content.decode()
    assert "Follow Leeds Teaching Hospitals NHS Trust" in page
    response = client.post(
        reverse("follow", kwargs={"kind": "organisation", "key": leeds.slug}),
        {"action": "follow", "next": _url(leeds)},
    )
    assert response.status_code == 302
    assert response["Location"] == _url(leeds)
    assert Follow.objects.filter(user=member, kind=FollowKind.ORGANISATION, object_id=leeds.pk).exists()
    assert "Stop following Leeds Teaching Hospitals NHS Trust" in client.get(_url(leeds)).content.decode()


def test_a_visitor_is_asked_to_sign_in_to_follow(client, leeds):
    page = client.get(_url(leeds)).content.decode()
    assert "to follow Leeds Teaching Hospitals NHS Trust" in page
    assert 'action="/follow/' not in page


def test_a_merged_organisation_leads_for_good_to_the_one_it_was_merged_into(client, leeds):
    old = OrganisationFactory(name="Leeds Teaching Hospitals", slug="leeds-old", confirmed=False)
    older = OrganisationFactory(name="LTHT", slug="ltht", confirmed=False)
    organisations.organisation_merge(source=older, target=old, by=CuratorFactory(mfa=False))
    organisations.organisation_merge(source=old, target=leeds, by=CuratorFactory(mfa=False))
    for slug in ("leeds-old", "ltht"):
        response = client.get(reverse("people:organisation", kwargs={"slug": slug}))
        assert response.status_code == 301
        assert response["Location"] == _url(leeds)


def test_an_unknown_organisation_is_not_found(client):
    assert client.get(reverse("people:organisation", kwargs={"slug": "no-such-place"})).status_code == 404


def test_an_unconfirmed_organisation_is_shown_only_once_named_on_published_work_or_to_who_added_it(client):
    adder = UserFactory()
    added = OrganisationFactory(name="Tiny Practice", slug="tiny-practice", confirmed=False, created_by=adder)
    client.force_login(UserFactory())
    assert client.get(_url(added)).status_code == 404
    client.force_login(adder)
    assert client.get(_url(added)).status_code == 200
    CaseStudyFactory(organisations=[added])
    client.logout()
    assert client.get(_url(added)).status_code == 200


def test_case_study_pages_cards_and_profiles_link_to_the_organisation(client, leeds):
    case_study = CaseStudyFactory(organisations=[leeds])
    assert f'href="{_url(leeds)}"' in client.get(case_study.get_absolute_url()).content.decode()
    assert f'href="{_url(leeds)}"' in client.get(reverse("casestudies:list")).content.decode()
    person = UserFactory(organisation=leeds.name, profile_visibility=ProfileVisibility.PUBLIC)
    assert f'href="{_url(leeds)}"' in client.get(reverse("people:profile", args=[person.pk])).content.decode()


def test_the_page_runs_a_fixed_number_of_queries(client, leeds, django_assert_max_num_queries):
    member = UserFactory()
    client.force_login(member)
    for _number in range(12):
        CaseStudyFactory(organisations=[leeds], topics=[])
        UserFactory(organisation=leeds.name)
    client.get("/about/")  # the session's first request records the browser
    # 7 for the session and member; the header's count comes from the cache.
    with django_assert_max_num_queries(14):
        assert client.get(_url(leeds)).status_code == 200


def test_an_organisation_without_a_page_for_the_member_cannot_be_followed(client):
    OrganisationFactory(name="Tiny Practice", slug="tiny-practice", confirmed=False, created_by=UserFactory())
    member = UserFactory()
    client.force_login(member)
    response = client.post(
        reverse("follow", kwargs={"kind": "organisation", "key": "tiny-practice"}), {"action": "follow"}
    )
    assert response.status_code == 404
    assert not Follow.objects.filter(user=member).exists()
