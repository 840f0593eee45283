"""The way in to sharing a case study: from the header, the home page, the list and an empty search,
and the guide that says what makes a good one."""

import pytest
from django.urls import reverse

from tests.casestudies.factories import CaseStudyFactory
from tests.members.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_header_offers_share_your_work_to_members_leading_to_the_form(member_client):
    page = member_client.get("/").content.decode()

    assert 'id="header-share"' in page
    assert f'href="{reverse("casestudies:new")}" id="header-share"' in page


def test_a_visitor_following_share_your_work_signs_in_and_comes_back_to_the_form(client, user):
    page = client.get("/").content.decode()
    assert f'href="{reverse("casestudies:new")}" id="header-share"' in page

    response = client.get(reverse("casestudies:new"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('casestudies:new')}"

    signed_in = client.post(response["Location"], {"login": user.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    # A first sign-in passes by the email settings, which keep the way back to the form.
    assert signed_in["Location"].endswith("next=%2Fcase-studies%2Fnew%2F")


def test_the_home_page_and_the_list_lead_to_the_guide(client):
    guide = reverse("casestudies:share")

    assert f'href="{guide}" id="home-share"' in client.get("/").content.decode()
    assert f'href="{guide}" id="list-share"' in client.get(reverse("casestudies:list")).content.decode()


def test_a_search_that_finds_nothing_invites_the_reader_to_share_their_work(client):
    CaseStudyFactory(title="Shorter waits for hip surgery")

    page = client.get(reverse("casestudies:list"), {"q": "zebrafish"}).content.decode()

    assert "No case studies match" in page
    assert 'id="empty-share"' in page


def test_the_guide_explains_review_and_shows_two_examples_featured_first(client, django_assert_max_num_queries):
    CaseStudyFactory(title="An ordinary one")
    CaseStudyFactory(title="The newest one")
    CaseStudyFactory(title="A curators' pick", featured=True)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("casestudies:share"))
    page = response.content.decode()

    assert "What makes a good case study" in page
    assert "How review works" in page
    assert "10 working days" in page
    assert page.index("A curators&#x27; pick") < page.index("The newest one")
    assert "An ordinary one" not in page


def test_share_is_never_taken_as_a_case_study_address(user):
    from casestudies.editorial.services.submission import unique_slug

    assert unique_slug("Share") == "share-2"
