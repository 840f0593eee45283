"""Curating the library: features, collections, taxonomy merges, the audit history and the admin."""

import pytest
from django.urls import reverse

from casestudies.editorial.models import AuditEntry
from casestudies.editorial.services.review import case_study_feature, case_study_publish
from casestudies.editorial.services.submission import case_study_submit
from casestudies.library.models import CaseStudy, Collection, Region, Status, Topic
from tests.casestudies.factories import (
    CareSettingFactory,
    CaseStudyFactory,
    CollectionFactory,
    RegionFactory,
    TopicFactory,
)
from tests.members.factories import CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client):
    user = CuratorFactory(name="Cora Curator")
    client.force_login(user)
    return user


def test_a_curator_features_and_unfeatures_a_published_case_study_and_it_is_recorded(client, curator):
    case_study = CaseStudyFactory()
    url = reverse("casestudies:review_feature", kwargs={"slug": case_study.slug})

    client.post(url, {"featured": "1"})
    case_study.refresh_from_db()
    assert case_study.featured
    client.post(url, {"featured": "0"})
    case_study.refresh_from_db()
    assert not case_study.featured

    actions = list(AuditEntry.objects.filter(case_study=case_study).values_list("action", "actor"))
    assert actions == [("unfeatured", curator.pk), ("featured", curator.pk)]


def test_a_draft_cannot_be_featured(client, curator):
    draft = CaseStudyFactory(status=Status.DRAFT)

    response = client.post(
        reverse("casestudies:review_feature", kwargs={"slug": draft.slug}), {"featured": "1"}, follow=True
    )

    assert "Only a published case study can be featured." in response.content.decode()
    draft.refresh_from_db()
    assert not draft.featured


def collection_data(title: str, slug: str, items: list[tuple[CaseStudy, int]], featured: bool = False) -> dict:
    data = {
        "title": title,
        "slug": slug,
        "introduction": "Chosen for teams starting out.",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    if featured:
        data["featured"] = "on"
    for index, (case_study, position) in enumerate(items):
        data[f"items-{index}-case_study"] = str(case_study.pk)
        data[f"items-{index}-position"] = str(position)
    return data


def test_a_curator_makes_an_ordered_featured_collection(client, curator):
    first, second = CaseStudyFactory(title="First"), CaseStudyFactory(title="Second")
    previously_featured = CollectionFactory(featured=True)

    response = client.post(
        reverse("casestudies:review_collection_new"),
        collection_data("Productivity", "productivity", [(second, 2), (first, 1)], featured=True),
    )

    collection = Collection.objects.get(slug="productivity")
    assert response.status_code == 302
    assert [item.case_study.title for item in collection.items.all()] == ["First", "Second"]
    assert collection.featured
    previously_featured.refresh_from_db()
    assert not previously_featured.featured
    entry = AuditEntry.objects.get(collection=collection)
    assert (entry.action, entry.actor) == (AuditEntry.Action.COLLECTION_CREATED, curator)


def test_editing_a_collection_records_what_changed(client, curator):
    case_study = CaseStudyFactory()
    collection = CollectionFactory(title="Old name", slug="kept")

    client.post(
        reverse("casestudies:review_collection_edit", kwargs={"slug": "kept"}),
        collection_data("New name", "kept", [(case_study, 1)]),
    )

    collection.refresh_from_db()
    assert collection.title == "New name"
    entry = AuditEntry.objects.get(collection=collection)
    assert entry.action == AuditEntry.Action.COLLECTION_CHANGED
    assert "Title" in entry.detail
    assert "items" in entry.detail
    page = client.get(reverse("casestudies:review_collection_edit", kwargs={"slug": "kept"})).content.decode()
    assert "Collection changed" in page


def test_only_published_case_studies_can_go_in_a_collection(client, curator):
    draft = CaseStudyFactory(status=Status.DRAFT)

    response = client.post(
        reverse("casestudies:review_collection_new"), collection_data("Sneaky", "sneaky", [(draft, 1)])
    )

    assert response.status_code == 400
    assert not Collection.objects.exists()


def test_the_collection_editor_shows_what_the_address_will_look_like(client, curator):
    page = client.get(reverse("casestudies:review_collection_new")).content.decode()

    assert "/collections//" not in page
    assert "such as winter-pressures for the address /collections/winter-pressures/." in page


def test_a_collection_with_a_taken_address_is_refused_with_a_message(client, curator):
    CollectionFactory(slug="taken")

    response = client.post(reverse("casestudies:review_collection_new"), collection_data("Again", "taken", []))

    assert response.status_code == 400
    assert Collection.objects.count() == 1


def test_merging_two_topics_keeps_every_case_study_tagged(client, curator):
    lean, lean_again, other = TopicFactory(name="Lean"), TopicFactory(name="Lean thinking"), TopicFactory()
    only_old = CaseStudyFactory(topics=[lean_again], title="Kaizen on the wards")
    both = CaseStudyFactory(topics=[lean, lean_again])
    untouched = CaseStudyFactory(topics=[other])

    response = client.post(
        reverse("casestudies:review_term_merge", kwargs={"kind": "topic"}),
        {"source": str(lean_again.pk), "target": str(lean.pk)},
    )

    assert response.status_code == 302
    assert not Topic.objects.filter(pk=lean_again.pk).exists()
    assert list(only_old.topics.all()) == [lean]
    assert list(both.topics.all()) == [lean]
    assert list(untouched.topics.all()) == [other]
    assert CaseStudy.objects.published().for_topics(["lean"]).count() == 2
    entry = AuditEntry.objects.get(action=AuditEntry.Action.TERM_MERGED)
    assert "Lean thinking" in entry.detail
    assert entry.actor == curator


def test_merging_regions_moves_the_case_studies(client, curator):
    north, north_again = RegionFactory(name="North"), RegionFactory(name="The North")
    case_study = CaseStudyFactory()
    CaseStudy.objects.filter(pk=case_study.pk).update(region=north_again)

    client.post(
        reverse("casestudies:review_term_merge", kwargs={"kind": "region"}),
        {"source": str(north_again.pk), "target": str(north.pk)},
    )

    case_study.refresh_from_db()
    assert case_study.region == north
    assert not Region.objects.filter(pk=north_again.pk).exists()


def test_merging_a_term_into_itself_or_a_missing_one_is_refused(client, curator):
    topic = TopicFactory()

    same = client.post(
        reverse("casestudies:review_term_merge", kwargs={"kind": "topic"}),
        {"source": str(topic.pk), "target": str(topic.pk)},
    )
    missing = client.post(
        reverse("casestudies:review_term_merge", kwargs={"kind": "topic"}), {"source": "999999", "target": "x"}
    )

    assert same.status_code == 400
    assert "Choose a different term" in same.content.decode()
    assert missing.status_code == 400
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_the_history_page_lists_status_changes_features_and_collection_edits(client, curator):
    author = UserFactory(name="Ann Author")
    case_study = CaseStudyFactory(
        status=Status.DRAFT, author=author, topics=[TopicFactory()], care_settings=[CareSettingFactory()]
    )
    case_study_submit(case_study=case_study, by=author)
    case_study_publish(case_study=case_study, by=curator)
    case_study_feature(case_study=case_study, by=curator, featured=True)

    page = client.get(reverse("casestudies:review_history")).content.decode()

    assert "Draft → Submitted for review" in page
    assert "Submitted for review → Published" in page
    assert "Featured" in page
    assert author.name in page
    assert curator.name in page


def test_admin_pages_load_for_a_curator(client):
    curator = CuratorFactory(is_superuser=True)
    client.force_login(curator)
    case_study = CaseStudyFactory()
    collection = CollectionFactory(case_studies=[case_study])
    case_study_feature(case_study=case_study, by=curator, featured=True)
    topic = TopicFactory()

    for name, args in [
        ("admin:casestudies_casestudy_changelist", []),
        ("admin:casestudies_casestudy_change", [case_study.pk]),
        ("admin:casestudies_casestudy_add", []),
        ("admin:casestudies_collection_changelist", []),
        ("admin:casestudies_collection_change", [collection.pk]),
        ("admin:casestudies_auditentry_changelist", []),
        ("admin:casestudies_auditentry_change", [AuditEntry.objects.first().pk]),
        ("admin:casestudies_reviewmessage_changelist", []),
        ("admin:casestudies_topic_changelist", []),
        ("admin:casestudies_topic_change", [topic.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    searched = client.get(reverse("admin:casestudies_casestudy_changelist"), {"q": "Case study", "status": "published"})
    assert searched.status_code == 200


def test_the_admin_publish_action_goes_through_review(client):
    curator = CuratorFactory(is_superuser=True)
    client.force_login(curator)
    author = UserFactory()
    case_study = CaseStudyFactory(
        status=Status.DRAFT, author=author, topics=[TopicFactory()], care_settings=[CareSettingFactory()]
    )
    case_study_submit(case_study=case_study, by=author)
    draft = CaseStudyFactory(status=Status.DRAFT)

    client.post(
        reverse("admin:casestudies_casestudy_changelist"),
        {"action": "publish", "_selected_action": [str(case_study.pk), str(draft.pk)]},
    )

    case_study.refresh_from_db()
    draft.refresh_from_db()
    assert case_study.status == Status.PUBLISHED
    assert draft.status == Status.DRAFT
    assert case_study.review_messages.filter(kind="published", author=curator).exists()
