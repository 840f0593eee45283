"""The search vocabulary: each name of an idea finds case studies using any other, curators edit
it in the admin and an edit counts from the next search, and no entry can loop or inject."""

import pytest
from django.urls import reverse

from casestudies.library import search
from casestudies.library.models import CaseStudy, SynonymGroup
from tests.casestudies.factories import NEUTRAL, CaseStudyFactory

pytestmark = pytest.mark.django_db
LIST = reverse("casestudies:list")
ADD = reverse("admin:casestudies_synonymgroup_add")


@pytest.fixture
def curator_client(client, curator):
    """A curator in the admin, which asks for a second factor and site-wide rights."""
    curator.is_superuser = True
    curator.save()
    client.force_login(curator)
    return client


def found(text: str) -> list[str]:
    return list(search.search(CaseStudy.objects.published(), search.clean_query(text)).values_list("slug", flat=True))


@pytest.mark.usefixtures("seeded_vocabulary")
@pytest.mark.parametrize(
    ("written", "searched"),
    [
        ("Did-not-attends fell by a third.", "DNA"),
        ("Missed appointments fell by a third.", "DNA"),
        ("Our DNA rate fell.", "missed appointments"),
        ("Our DNA rate fell.", "did not attend"),
        ("Crowding in the ED eased.", "A&E"),
        ("Crowding in A&E eased.", "emergency department"),
        ("Rescue packs for COPD.", "chronic obstructive pulmonary disease"),
        ("Rescue packs for chronic obstructive pulmonary disease.", "COPD"),
        ("A same-day emergency care unit.", "SDEC"),
        ("An SDEC unit opened.", "same day emergency care"),
        ("Urgent and emergency care across the county.", "UEC"),
        ("UEC across the county.", "urgent and emergency care"),
        ("Average length of stay fell.", "LoS"),
        ("LOS fell by two days.", "length of stay"),
        ("Delayed discharges fell.", "DTOC"),
        ("DTOC fell.", "delayed discharge"),
        ("A healthcare assistant led the huddle.", "HCA"),
        ("An HCA led the huddle.", "healthcare assistant"),
        ("New pressure ulcers fell.", "pressure sores"),
        ("New pressure sores fell.", "bed sores"),
        ("New bed sores fell.", "pressure ulcers"),
        ("Ward leaders read the charts.", "managers"),
        ("Ward managers read the charts.", "leaders"),
        ("Waits for talking therapies halved.", "therapy"),
        ("Waits for therapy halved.", "talking therapies"),
        ("We ran PDSA cycles.", "plan-do-study-act"),
    ],
)
def test_each_name_in_the_seeded_vocabulary_finds_the_others(written, searched):
    CaseStudyFactory(slug="match", **{**NEUTRAL, "actions": written})
    CaseStudyFactory(slug="other", **NEUTRAL)

    assert found(searched) == ["match"]


def test_a_group_a_curator_adds_in_the_admin_counts_from_the_next_search_both_ways(curator_client):
    CaseStudyFactory(slug="huddle", **{**NEUTRAL, "actions": "A safety huddle every morning."})
    CaseStudyFactory(slug="briefing", **{**NEUTRAL, "actions": "A safety briefing every morning."})
    assert found("huddle") == ["huddle"]

    response = curator_client.post(ADD, {"forms": "huddle\nbriefing\nsafety cross", "note": "Daily meetings"})

    assert response.status_code == 302
    assert sorted(found("huddle")) == ["briefing", "huddle"]
    assert sorted(found("briefing")) == ["briefing", "huddle"]


def test_an_edit_or_a_deletion_counts_from_the_next_search(curator_client):
    CaseStudyFactory(slug="huddle", **{**NEUTRAL, "actions": "A safety huddle every morning."})
    CaseStudyFactory(slug="briefing", **{**NEUTRAL, "actions": "A safety briefing every morning."})
    group = SynonymGroup.objects.create(forms="huddle\nbriefing")
    assert sorted(found("huddle")) == ["briefing", "huddle"]

    change = reverse("admin:casestudies_synonymgroup_change", args=[group.pk])
    assert curator_client.post(change, {"forms": "huddle\nstand-up", "note": ""}).status_code == 302
    assert found("huddle") == ["huddle"]

    group.delete()
    assert found("briefing") == ["briefing"]


def test_the_admin_refuses_a_single_name_or_tsquery_signs_with_a_clear_message(curator_client):
    # The test database may hold the seeded vocabulary (or not, after a test that flushed it).
    groups_before = SynonymGroup.objects.count()
    lonely = curator_client.post(ADD, {"forms": "huddle", "note": ""})
    signs = curator_client.post(ADD, {"forms": "falls\nfall:* | !slip", "note": ""})

    assert "Give at least two names" in lonely.content.decode()
    assert "has signs search cannot use" in signs.content.decode()
    assert SynonymGroup.objects.count() == groups_before


def test_the_vocabulary_is_only_for_curators(member_client):
    response = member_client.get(ADD)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_groups_that_loop_or_chain_widen_a_search_one_step_only(client):
    SynonymGroup.objects.create(forms="falls\ntrips")
    SynonymGroup.objects.create(forms="trips\nfalls")  # A means B means A
    SynonymGroup.objects.create(forms="trips\nslips")  # and B also means C
    for word in ("falls", "trips", "slips", "stumbles"):
        CaseStudyFactory(slug=word, **{**NEUTRAL, "actions": f"Fewer {word} on the ward."})

    assert sorted(found("falls")) == ["falls", "trips"]
    assert sorted(found("trips")) == ["falls", "slips", "trips"]
    assert client.get(LIST, {"q": "falls trips slips"}).status_code == 200


def test_tsquery_signs_saved_in_a_group_behind_the_admin_s_back_are_searched_as_words(client):
    SynonymGroup.objects.create(forms="falls\n'a' & !b | c:* <-> (d\n\\\n")
    CaseStudyFactory(slug="falls", **{**NEUTRAL, "actions": "Fewer falls on the ward."})
    CaseStudyFactory(slug="other", **NEUTRAL)

    assert found("falls") == ["falls"]
    response = client.get(LIST, {"q": "falls"})
    assert response.status_code == 200
    assert [card.slug for card in response.context["page"].object_list] == ["falls"]
