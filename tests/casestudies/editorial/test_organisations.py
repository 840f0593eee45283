"""Organisations as people name them: matched regardless of case, punctuation and words such as
"NHS" and "Trust"; offered as you type and by a plain search; added when new (unconfirmed) and
confirmed or merged by curators."""

import pytest
from django.urls import reverse

from casestudies.editorial.models import AuditEntry
from casestudies.editorial.services import organisations
from casestudies.editorial.services.errors import ReviewError
from casestudies.library.models import CaseStudy, Organisation
from casestudies.library.models.taxonomy import organisation_key
from members.models import User
from tests.casestudies.factories import AdaptationFactory, CaseStudyFactory, OrganisationFactory
from tests.casestudies.review_helpers import editor_data
from tests.members.factories import CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(client):
    member = UserFactory(organisation="")
    client.force_login(member)
    return member


@pytest.mark.parametrize(
    ("typed", "known"),
    [
        ("leeds teaching hospitals", "Leeds Teaching Hospitals NHS Trust"),
        ("The Royal Marsden", "The Royal Marsden NHS Foundation Trust"),
        ("Guy's & St Thomas'", "Guy’s and St Thomas’ NHS Foundation Trust"),
        ("Hopital de la Cite", "Hôpital de la Cité"),
        ("BRADFORD DISTRICT CARE", "Bradford District Care NHS Foundation Trust"),
    ],
)
def test_names_that_differ_in_case_punctuation_accents_and_noise_words_match(typed, known):
    assert organisation_key(typed) == organisation_key(known)


def test_names_of_different_organisations_do_not_match():
    assert organisation_key("Leeds Teaching Hospitals") != organisation_key("Leeds Community Healthcare")


def test_suggestions_offer_known_organisations_as_you_type_but_not_names_other_members_added(client, author):
    OrganisationFactory(name="Leeds Teaching Hospitals NHS Trust")
    OrganisationFactory(name="Leeds and York Partnership NHS Foundation Trust")
    Organisation.objects.create(name="Leeds Rude Name", slug="leeds-rude", confirmed=False, created_by=UserFactory())
    Organisation.objects.create(name="Leeds My Practice", slug="leeds-mine", confirmed=False, created_by=author)
    OrganisationFactory(name="Bristol Community Health")

    htmx = {"HX-Request": "true"}
    response = client.get(reverse("casestudies:organisation_suggest"), {"new_organisation": "leeds te"}, headers=htmx)
    options = response.content.decode()

    assert '<option value="Leeds Teaching Hospitals NHS Trust">' in options
    assert "York" not in options
    assert "Bristol" not in options
    everything_leeds = client.get(
        reverse("casestudies:organisation_suggest"), {"q": "leeds"}, headers=htmx
    ).content.decode()
    assert "Leeds My Practice" in everything_leeds
    assert "Rude" not in everything_leeds


def test_opening_the_suggestions_address_itself_leads_to_the_search_page(client):
    response = client.get(reverse("casestudies:organisation_suggest"), {"q": "leeds"})

    assert response.status_code == 302
    assert response["Location"] == reverse("casestudies:organisations") + "?q=leeds"


def test_the_plain_search_page_finds_organisations_without_javascript(client):
    OrganisationFactory(name="Leeds Teaching Hospitals NHS Trust")

    page = client.get(reverse("casestudies:organisations"), {"q": "LEEDS teaching"}).content.decode()
    nothing = client.get(reverse("casestudies:organisations"), {"q": "Nowhere Health"}).content.decode()

    assert "Leeds Teaching Hospitals NHS Trust" in page
    assert "We do not know an organisation called “Nowhere Health” yet" in nothing


def test_a_case_study_names_an_organisation_the_portal_knows_however_it_is_typed(client, author):
    known = OrganisationFactory(name="Leeds Teaching Hospitals NHS Trust")

    client.post(reverse("casestudies:new"), editor_data(new_organisation="leeds teaching hospitals"))

    case_study = CaseStudy.objects.get()
    assert list(case_study.organisations.all()) == [known]
    assert Organisation.objects.count() == 1


def test_a_new_organisation_is_added_unconfirmed_and_recorded(client, author):
    client.post(reverse("casestudies:new"), editor_data(new_organisation="  Riverside   Health Centre "))

    added = Organisation.objects.get()
    assert (added.name, added.confirmed, added.created_by) == ("Riverside Health Centre", False, author)
    assert list(CaseStudy.objects.get().organisations.all()) == [added]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ORGANISATION_ADDED, actor=author).exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("X", "Give the organisation&#x27;s full name: at least 2 characters."),
        ("N" * 500, "Give the organisation&#x27;s name in 200 characters or fewer (you gave 500)."),
        ("-- !", "Give the organisation&#x27;s name in letters or numbers."),
    ],
)
def test_an_unusable_organisation_name_is_refused_on_the_field_and_nothing_typed_is_lost(client, author, name, message):
    response = client.post(reverse("casestudies:new"), editor_data(title="Keep this title", new_organisation=name))
    page = response.content.decode()

    assert response.status_code == 400
    assert message in page
    assert 'href="#id_new_organisation"' in page
    assert 'value="Keep this title"' in page
    assert not CaseStudy.objects.exists()
    assert not Organisation.objects.exists()


def test_without_javascript_find_lists_matching_organisations_to_tick_and_saves_nothing(client, author):
    known = OrganisationFactory(name="Leeds Teaching Hospitals NHS Trust")

    response = client.post(
        reverse("casestudies:new"),
        editor_data(title="Not yet saved", new_organisation="leeds", action="find_organisation"),
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert f'name="organisations" type="checkbox" value="{known.pk}"' in page
    assert 'id="organisations-found"' in page
    assert not CaseStudy.objects.exists()


def test_the_form_lists_only_the_chosen_organisations_never_all_of_them(client, author):
    chosen = OrganisationFactory(name="Chosen Trust Hospitals")
    OrganisationFactory(name="Some Other Place")
    case_study = CaseStudyFactory(author=author, status="draft", organisations=[chosen])

    page = client.get(reverse("casestudies:edit", kwargs={"slug": case_study.slug})).content.decode()

    assert "Chosen Trust Hospitals" in page
    assert "Some Other Place" not in page


def test_a_new_case_study_starts_from_the_members_organisation(client):
    known = OrganisationFactory(name="Leeds Teaching Hospitals NHS Trust")
    member = UserFactory(organisation="Leeds Teaching Hospitals NHS Trust")
    client.force_login(member)

    page = client.get(reverse("casestudies:new"), {"layout": "one-page"}).content.decode()
    client.post(reverse("casestudies:new"), {"step": "about", "title": "From the first step", "summary": ""})

    assert f'name="organisations" type="checkbox" value="{known.pk}" checked' in page
    assert list(CaseStudy.objects.get(title="From the first step").organisations.all()) == [known]


def test_a_members_profile_organisation_is_matched_and_written_as_the_portal_knows_it(client, author):
    OrganisationFactory(name="Leeds Teaching Hospitals NHS Trust")

    response = client.post(
        reverse("members:profile"),
        {
            "name": author.name,
            "job_title": "Matron",
            "organisation": "leeds teaching hospitals",
            "bio": "",
            "timezone": "Europe/London",
            "profile_visibility": "members",
        },
    )

    assert response.status_code == 302
    author.refresh_from_db()
    assert (author.job_title, author.organisation) == ("Matron", "Leeds Teaching Hospitals NHS Trust")


def test_a_profile_naming_a_new_organisation_adds_it_unconfirmed(client, author):
    client.post(
        reverse("members:profile"),
        {
            "name": author.name,
            "job_title": "",
            "organisation": "Moorside Surgery",
            "bio": "",
            "timezone": "Europe/London",
            "profile_visibility": "members",
        },
    )

    assert Organisation.objects.get().confirmed is False


def test_a_one_letter_profile_organisation_is_refused_with_a_message(client, author):
    response = client.post(
        reverse("members:profile"),
        {"name": author.name, "job_title": "", "organisation": "Q", "bio": "", "timezone": "Europe/London"},
    )

    assert response.status_code == 200
    assert "at least 2 characters" in response.content.decode()
    assert not Organisation.objects.exists()


def test_sign_up_asks_for_job_title_and_organisation(client):
    page = client.get(reverse("account_signup")).content.decode()

    assert 'name="job_title"' in page
    assert 'name="organisation"' in page
    assert 'list="id_organisation-suggestions"' in page


@pytest.fixture
def curator_client(client):
    client.force_login(CuratorFactory())
    return client


def test_a_curator_confirms_an_organisation_a_member_added(curator_client):
    added = Organisation.objects.create(name="Moorside Surgery", slug="moorside", confirmed=False)

    page = curator_client.get(reverse("casestudies:review_organisations")).content.decode()
    curator_client.post(reverse("casestudies:review_organisation_confirm", kwargs={"pk": added.pk}))

    assert "Moorside Surgery" in page
    added.refresh_from_db()
    assert added.confirmed
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ORGANISATION_CONFIRMED).exists()


def test_merging_moves_every_link_and_keeps_an_audit_entry(curator_client):
    known = OrganisationFactory(name="Leeds Teaching Hospitals NHS Trust")
    added = Organisation.objects.create(name="LTHT Leeds", slug="ltht", confirmed=False)
    both = CaseStudyFactory(organisations=[known, added])
    only_added = CaseStudyFactory(organisations=[added])
    member = UserFactory(organisation="LTHT Leeds")
    adaptation = AdaptationFactory(organisation="LTHT Leeds")

    response = curator_client.post(
        reverse("casestudies:review_organisation_merge", kwargs={"pk": added.pk}),
        {f"merge-{added.pk}-target": "leeds teaching hospitals"},
    )

    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=added.pk).exists()
    assert list(both.organisations.all()) == [known]
    assert list(only_added.organisations.all()) == [known]
    member.refresh_from_db()
    adaptation.refresh_from_db()
    assert member.organisation == adaptation.organisation == known.name
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ORGANISATION_MERGED)
    assert "“LTHT Leeds” merged into “Leeds Teaching Hospitals NHS Trust”: 2 case studies" in entry.detail
    assert entry.actor is not None


def test_merging_into_a_name_nobody_has_is_refused_with_a_message(curator_client):
    added = Organisation.objects.create(name="Moorside Surgery", slug="moorside", confirmed=False)

    response = curator_client.post(
        reverse("casestudies:review_organisation_merge", kwargs={"pk": added.pk}),
        {f"merge-{added.pk}-target": "Nowhere at all"},
    )

    assert response.status_code == 400
    assert "No other organisation has that name" in response.content.decode()
    assert Organisation.objects.filter(pk=added.pk).exists()


def test_members_cannot_confirm_or_merge(client, author):
    added = Organisation.objects.create(name="Moorside Surgery", slug="moorside", confirmed=False)

    client.post(reverse("casestudies:review_organisation_confirm", kwargs={"pk": added.pk}))

    added.refresh_from_db()
    assert not added.confirmed


def test_a_service_refuses_merging_an_organisation_into_itself():
    organisation = OrganisationFactory()

    with pytest.raises(ReviewError):
        organisations.organisation_merge(
            source=organisation, target=organisation, by=User.objects.create(email="c@x.org")
        )
