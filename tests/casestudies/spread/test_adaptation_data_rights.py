"""Adaptations in a member's data rights: in their copy of their data, and what stays when they leave."""

import json

import pytest

from casestudies.library.models import CaseStudy, Status
from casestudies.spread.models import Adaptation
from casestudies.spread.services.adaptations import adaptation_hide, adaptation_record
from members import data_rights
from members.services import account_delete
from tests.casestudies.factories import CaseStudyFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def record(member, case_study, **kwargs) -> Adaptation:
    kwargs.setdefault("organisation", "Northfield Trust")
    kwargs.setdefault("changes", "We run the huddles weekly.")
    return adaptation_record(member=member, case_study=case_study, **kwargs)


def count_of(case_study) -> int:
    return CaseStudy.objects.values_list("adaptation_count", flat=True).get(pk=case_study.pk)


def test_the_copy_of_a_members_data_holds_the_adaptations_they_recorded_and_no_one_elses():
    member = UserFactory()
    own = CaseStudyFactory(title="Huddles in York", author=member)
    record(member, CaseStudyFactory(title="Huddles in Leeds"), status="testing", adapted_as=own)
    hidden = record(member, CaseStudyFactory(title="Rotas"), organisation="Northfield Trust", changes="Spam")
    adaptation_hide(adaptation=hidden, reason="Not a genuine adaptation.")
    record(UserFactory(), CaseStudyFactory(title="Someone else's"), organisation="Southgate Health")

    document = json.loads(data_rights.export_json(member))

    adaptations = document["case_studies"]["adaptations_you_recorded"]
    assert [a["case_study"] for a in adaptations] == ["Huddles in Leeds", "Rotas"]
    first, second = adaptations
    assert (first["organisation"], first["status"], first["your_case_study_of_it"]) == (
        "Northfield Trust",
        "Testing",
        "Huddles in York",
    )
    assert first["what_you_are_changing"] == "We run the huddles weekly."
    assert (second["hidden_by_a_curator"], second["why_it_was_hidden"]) == (True, "Not a genuine adaptation.")
    assert "Southgate Health" not in json.dumps(document)


def test_when_a_member_leaves_their_organisations_adaptations_stay_without_them_and_hidden_ones_go():
    member = UserFactory()
    original = CaseStudyFactory(title="Huddles in Leeds")
    own = CaseStudyFactory(title="Huddles in York", author=member)
    kept = record(member, original, adapted_as=own)
    bogus_target = CaseStudyFactory()
    bogus = record(member, bogus_target, changes="Spam")
    adaptation_hide(adaptation=bogus, reason="Not a genuine adaptation.")
    record(UserFactory(), original, organisation="Southgate Health")

    account_delete(user=member)

    kept.refresh_from_db()
    assert kept.member is None
    assert (kept.organisation, kept.adapted_as_id) == ("Northfield Trust", own.pk)
    assert not Adaptation.objects.filter(pk=bogus.pk).exists()
    assert count_of(original) == 2
    assert count_of(bogus_target) == 0
    assert CaseStudy.objects.get(pk=own.pk).status == Status.PUBLISHED


def test_the_case_study_page_still_shows_an_adaptation_whose_member_left(client):
    member = UserFactory()
    original = CaseStudyFactory()
    record(member, original, organisation="Northfield Trust")

    account_delete(user=member)

    html = client.get(original.get_absolute_url()).content.decode()
    assert "1 organisation is adapting this" in html
    assert "Northfield Trust" in html


def test_an_account_removed_without_the_erasers_leaves_the_counts_right():
    member = UserFactory()
    original = CaseStudyFactory()
    record(member, original)

    member.delete()

    assert Adaptation.objects.get().member is None
    assert count_of(original) == 1
