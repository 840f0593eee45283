"""“We are adapting this”: recording, counting and listing adaptations, the links between case studies, refusals."""

import pytest
from django.urls import reverse

from casestudies.library.models import Status
from casestudies.spread.models import Adaptation, AdaptationStatus
from casestudies.spread.services.adaptations import AdaptationRefused, adaptation_hide, adaptation_record
from tests.casestudies.factories import CaseStudyFactory
from tests.members.factories import CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def adapt_url(case_study) -> str:
    return reverse("casestudies:adapt", kwargs={"slug": case_study.slug})


def record(member, case_study, **kwargs) -> Adaptation:
    kwargs.setdefault("organisation", "Northfield Trust")
    kwargs.setdefault("changes", "We run the huddles weekly, not daily.")
    return adaptation_record(member=member, case_study=case_study, **kwargs)


def test_a_member_records_an_adaptation_and_the_case_study_counts_and_lists_it(client):
    original = CaseStudyFactory()
    member = UserFactory(organisation="Northfield Trust")
    client.force_login(member)
    assert 'value="Northfield Trust"' in client.get(adapt_url(original)).content.decode()

    response = client.post(
        adapt_url(original),
        {"organisation": "Northfield Trust", "changes": "Weekly huddles.", "status": "testing", "adapted_as": ""},
    )

    assert response.status_code == 302
    adaptation = Adaptation.objects.get()
    assert (adaptation.member, adaptation.status) == (member, AdaptationStatus.TESTING)
    record(UserFactory(), original, organisation="Southgate Health")
    html = client.get(original.get_absolute_url()).content.decode()
    assert "2 organisations are adapting this" in html
    assert "Northfield Trust" in html
    assert "Southgate Health" in html
    mine = client.get(reverse("casestudies:my_adaptations")).content.decode()
    assert original.title in mine


def test_a_linked_case_study_shows_adapted_from_and_the_original_adapted_by_once_published(client):
    original = CaseStudyFactory(title="Huddles in Leeds")
    member = UserFactory()
    own = CaseStudyFactory(title="Huddles in York", author=member, status=Status.DRAFT)
    record(member, original, adapted_as=own)

    assert "Huddles in York" not in client.get(original.get_absolute_url()).content.decode()

    own.status = Status.PUBLISHED
    own.save()
    assert "Adapted by" in client.get(original.get_absolute_url()).content.decode()
    assert "Huddles in York" in client.get(original.get_absolute_url()).content.decode()
    assert "Adapted from" in client.get(own.get_absolute_url()).content.decode()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED])
def test_an_unpublished_case_study_cannot_be_adapted(status):
    with pytest.raises(AdaptationRefused, match="Only a published"):
        record(UserFactory(), CaseStudyFactory(status=status))


def test_an_author_cannot_adapt_their_own_case_study_and_is_told_why(client):
    author = UserFactory()
    case_study = CaseStudyFactory(author=author)
    client.force_login(author)

    response = client.post(adapt_url(case_study), {"organisation": "Ours", "changes": "x", "status": "planning"})

    assert response.status_code == 400
    assert "your own case study" in response.content.decode()
    assert not Adaptation.objects.exists()


def test_the_same_adaptation_twice_is_refused_with_a_message(client):
    case_study, member = CaseStudyFactory(), UserFactory()
    record(member, case_study)
    client.force_login(member)

    response = client.post(adapt_url(case_study), {"organisation": "Again", "changes": "x", "status": "planning"})

    assert response.status_code == 400
    assert "already recorded" in response.content.decode()
    assert Adaptation.objects.count() == 1


def test_a_case_study_cannot_be_linked_as_an_adaptation_of_itself():
    member = UserFactory()
    case_study = CaseStudyFactory()
    with pytest.raises(AdaptationRefused, match="itself"):
        record(member, case_study, adapted_as=case_study)


def test_a_link_that_would_make_a_loop_is_refused():
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    first, second, third = CaseStudyFactory(author=a), CaseStudyFactory(author=b), CaseStudyFactory(author=c)
    record(b, first, adapted_as=second)
    record(c, second, adapted_as=third)  # a three-level chain: first -> second -> third

    with pytest.raises(AdaptationRefused, match="loop"):
        record(a, third, adapted_as=first)
    assert Adaptation.objects.filter(member=a).count() == 0


def test_only_a_case_study_the_member_wrote_can_be_linked(client):
    original, someone_elses = CaseStudyFactory(), CaseStudyFactory()
    member = UserFactory()
    client.force_login(member)

    response = client.post(
        adapt_url(original),
        {"organisation": "Ours", "changes": "x", "status": "planning", "adapted_as": str(someone_elses.pk)},
    )

    assert response.status_code == 400
    assert not Adaptation.objects.exists()


def test_hidden_adaptations_and_those_of_unpublished_case_studies_never_show_or_count(client):
    original = CaseStudyFactory()
    hidden = record(UserFactory(), original, organisation="Bogus Ltd")
    adaptation_hide(adaptation=hidden, reason="Not a genuine adaptation.")
    record(UserFactory(), original, organisation="Real Trust")

    html = client.get(original.get_absolute_url()).content.decode()

    assert "1 organisation is adapting this" in html
    assert "Bogus Ltd" not in html
    original.status = Status.ARCHIVED
    original.save()
    assert Adaptation.objects.visible().count() == 0


def test_signed_out_visitors_are_sent_to_sign_in_to_adapt(client):
    response = client.get(adapt_url(CaseStudyFactory()))

    assert response.status_code == 302
    assert "login" in response.url


def test_a_curator_hides_an_adaptation_from_the_admin_list(client):
    curator = CuratorFactory(is_superuser=True)
    adaptation = record(UserFactory(), CaseStudyFactory())
    client.force_login(curator)

    client.post(
        reverse("admin:casestudies_adaptation_changelist"),
        {"action": "hide", "_selected_action": [str(adaptation.pk)]},
    )

    adaptation.refresh_from_db()
    assert adaptation.hidden
    assert adaptation.hidden_reason
