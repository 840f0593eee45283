"""Curator rights follow one rule everywhere (members.permissions.acts_as_curator): the curator
role, an active staff account, with two-factor authentication on. Drafts, curator pages, private
groups and the site's events all ask the same question."""

import pytest
from django.urls import reverse

from casestudies.library.models import CaseStudy, Status
from events.permissions import can_manage
from members.permissions import acts_as_curator
from tests.casestudies.factories import CaseStudyFactory
from tests.events.factories import EventFactory
from tests.members.factories import CuratorFactory, UserFactory
from tests.members.mfa import turn_on_totp

pytestmark = pytest.mark.django_db


def test_only_an_active_staff_account_with_two_factor_holds_curator_rights():
    assert acts_as_curator(CuratorFactory())
    assert not acts_as_curator(CuratorFactory(mfa=False))
    assert not acts_as_curator(CuratorFactory(is_active=False))
    assert not acts_as_curator(UserFactory())
    assert not acts_as_curator(None)


def test_a_staff_account_without_the_curator_role_sees_no_drafts_and_no_curator_page(client):
    former = CuratorFactory(is_active=False)  # staff flag still set, but no longer a curator
    draft = CaseStudyFactory(status=Status.DRAFT)

    assert not former.is_curator
    assert draft not in CaseStudy.objects.visible_to(former)
    client.force_login(former)
    assert client.get(reverse("casestudies:detail", args=[draft.slug])).status_code == 404
    assert client.get(reverse("casestudies:review_queue")).status_code != 200


def test_a_curator_without_two_factor_sees_drafts_only_once_it_is_on(client):
    curator = CuratorFactory(mfa=False)
    draft = CaseStudyFactory(status=Status.DRAFT)
    client.force_login(curator)

    assert draft not in CaseStudy.objects.visible_to(curator)
    assert client.get(reverse("casestudies:detail", args=[draft.slug])).status_code == 404
    assert client.get(reverse("casestudies:review_queue"))["Location"] == reverse("mfa_index")

    turn_on_totp(curator)
    assert draft in CaseStudy.objects.visible_to(curator)
    assert client.get(reverse("casestudies:detail", args=[draft.slug])).status_code == 200


def test_a_curator_without_two_factor_does_not_manage_the_sites_events():
    event = EventFactory(site=True)

    assert not can_manage(event, CuratorFactory(mfa=False))
    assert can_manage(event, CuratorFactory())
