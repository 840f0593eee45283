"""Curators build collections by searching the library and order them with buttons, no drop-down of
every case study and no JavaScript needed."""

import pytest
from django.urls import reverse

from casestudies.editorial.models import AuditEntry
from casestudies.library.models import CollectionItem, Status
from tests.casestudies.factories import CaseStudyFactory, CollectionFactory, OrganisationFactory
from tests.members.factories import CuratorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(db):
    return CuratorFactory(name="Cora Curator")


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def edit_url(collection):
    return reverse("casestudies:review_collection_edit", kwargs={"slug": collection.slug})


def add_url(collection):
    return reverse("casestudies:review_collection_add", kwargs={"slug": collection.slug})


def items_of(collection):
    return list(collection.items.order_by("position", "id").values_list("case_study__title", flat=True))


def form_data(collection, **extra):
    items = list(collection.items.order_by("position", "id"))
    data = {
        "title": collection.title,
        "slug": collection.slug,
        "introduction": collection.introduction,
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "500",
    }
    for index, item in enumerate(items):
        data |= {
            f"items-{index}-id": str(item.pk),
            f"items-{index}-collection": str(collection.pk),
            f"items-{index}-case_study": str(item.case_study_id),
            f"items-{index}-position": str(item.position),
            f"items-{index}-note": item.note,
        }
    return data | extra


def test_the_editor_has_no_drop_down_of_every_case_study(curator_client):
    collection = CollectionFactory()
    for number in range(3):
        CaseStudyFactory(title=f"Case study number {number}")

    page = curator_client.get(edit_url(collection)).content.decode()

    assert "<select" not in page
    assert "Case study number" not in page
    assert "Find a case study to add" in page


def test_searching_finds_case_studies_by_title_or_organisation_leaving_out_those_already_in(curator_client):
    collection = CollectionFactory()
    CaseStudyFactory(title="Faster discharge on the wards")
    CaseStudyFactory(title="Calmer clinics", organisations=[OrganisationFactory(name="Riverside Discharge Team")])
    already = CaseStudyFactory(title="Discharge lounge")
    CollectionItem.objects.create(collection=collection, case_study=already, position=0)
    CaseStudyFactory(title="Discharge draft", status=Status.DRAFT)

    page = curator_client.get(edit_url(collection), {"q": "discharge"}).content.decode()
    found = page[page.index('id="add"') :]

    assert "Faster discharge on the wards" in found
    assert "Calmer clinics" in found
    assert "Discharge lounge" not in found
    assert "Discharge draft" not in found


def test_htmx_search_gets_only_the_results(curator_client):
    collection = CollectionFactory()
    CaseStudyFactory(title="Faster discharge")

    response = curator_client.get(edit_url(collection), {"q": "discharge"}, headers={"HX-Request": "true"})
    page = response.content.decode()

    assert page.lstrip().startswith('<div id="add"')
    assert "Faster discharge" in page


def test_adding_puts_a_case_study_at_the_end_once_and_records_it(curator_client, curator):
    collection = CollectionFactory()
    first, second = CaseStudyFactory(title="First"), CaseStudyFactory(title="Second")

    curator_client.post(add_url(collection), {"case_study": first.pk})
    response = curator_client.post(add_url(collection), {"case_study": second.pk, "q": "sec"})
    again = curator_client.post(add_url(collection), {"case_study": second.pk}, follow=True)

    assert response["Location"] == edit_url(collection) + "?q=sec#items"
    assert items_of(collection) == ["First", "Second"]
    assert "“Second” is already in this collection." in again.content.decode()
    entry = AuditEntry.objects.filter(collection=collection).first()
    assert (entry.actor, entry.detail) == (curator, "Added “Second”")


def test_a_draft_or_nonsense_cannot_be_added(curator_client):
    collection = CollectionFactory()
    draft = CaseStudyFactory(status=Status.DRAFT)

    for value in (draft.pk, "not a number", ""):
        response = curator_client.post(add_url(collection), {"case_study": value}, follow=True)
        assert response.status_code == 200
        assert "cannot be added" in response.content.decode()
    assert not collection.items.exists()


def test_moving_an_item_up_reorders_without_javascript_and_keeps_other_edits(curator_client):
    collection = CollectionFactory(title="Old title")
    for position, title in enumerate(["One", "Two", "Three"]):
        CollectionItem.objects.create(
            collection=collection, case_study=CaseStudyFactory(title=title), position=position
        )
    three = collection.items.get(case_study__title="Three")

    response = curator_client.post(
        edit_url(collection), form_data(collection, title="New title", move=f"{three.pk}:up")
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#items")
    assert items_of(collection) == ["One", "Three", "Two"]
    collection.refresh_from_db()
    assert collection.title == "New title"
    page = curator_client.get(edit_url(collection)).content.decode()
    assert page.index("2. Three") < page.index("3. Two")


def test_the_first_item_cannot_move_up_and_the_page_offers_no_such_button(curator_client):
    collection = CollectionFactory()
    for position, title in enumerate(["One", "Two"]):
        CollectionItem.objects.create(
            collection=collection, case_study=CaseStudyFactory(title=title), position=position
        )
    one = collection.items.get(case_study__title="One")

    page = curator_client.get(edit_url(collection)).content.decode()
    curator_client.post(edit_url(collection), form_data(collection, move=f"{one.pk}:up"))

    assert f'value="{one.pk}:up"' not in page
    assert f'value="{one.pk}:down"' in page
    assert items_of(collection) == ["One", "Two"]


def test_the_editor_and_its_search_run_a_fixed_number_of_queries(curator_client, django_assert_max_num_queries):
    collection = CollectionFactory()
    for number in range(3):
        CollectionItem.objects.create(collection=collection, case_study=CaseStudyFactory(title=f"Ward {number}"))
        CaseStudyFactory(title=f"Ward outside {number}")
    # The library's search reads its vocabulary once the cache is empty: one of the 16.
    with django_assert_max_num_queries(16):
        curator_client.get(edit_url(collection), {"q": "ward"})
    for number in range(3, 15):
        CollectionItem.objects.create(collection=collection, case_study=CaseStudyFactory(title=f"Ward {number}"))
        CaseStudyFactory(title=f"Ward outside {number}")
    with django_assert_max_num_queries(16):
        curator_client.get(edit_url(collection), {"q": "ward"})


def test_members_cannot_add_to_a_collection(member_client):
    collection = CollectionFactory()
    case_study = CaseStudyFactory()

    response = member_client.post(add_url(collection), {"case_study": case_study.pk})

    assert response.status_code in {302, 403}
    assert not collection.items.exists()
