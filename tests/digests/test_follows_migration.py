"""The digest's followed topics move into members.Follow without losing any, and back if undone."""

import pytest

from tests.migrating import migrate, migrate_to_latest

BEFORE = [("digests", "0001_preferences"), ("members", "0004_follows_blocks_and_profile_visibility")]
AFTER = [("digests", "0002_followed_topics_to_follows")]


@pytest.mark.django_db(transaction=True)
def test_followed_topics_saved_in_digest_settings_become_follows():
    old = migrate(BEFORE)
    User = old.get_model("members", "User")
    Topic = old.get_model("casestudies", "Topic")
    DigestPreference = old.get_model("digests", "DigestPreference")
    flow = Topic.objects.create(name="Patient flow", slug="patient-flow")
    falls = Topic.objects.create(name="Falls", slug="falls")
    priya = User.objects.create(email="priya@example.org", name="Priya")
    sam = User.objects.create(email="sam@example.org", name="Sam")
    DigestPreference.objects.create(user=priya).topics.set([flow, falls])
    DigestPreference.objects.create(user=sam).topics.set([falls])

    new = migrate(AFTER)
    Follow = new.get_model("members", "Follow")
    assert set(Follow.objects.values_list("user_id", "kind", "object_id")) == {
        (priya.pk, "topic", flow.pk),
        (priya.pk, "topic", falls.pk),
        (sam.pk, "topic", falls.pk),
    }

    old = migrate(BEFORE)
    DigestPreference = old.get_model("digests", "DigestPreference")
    assert set(DigestPreference.objects.get(user_id=priya.pk).topics.values_list("slug", flat=True)) == {
        "patient-flow",
        "falls",
    }
    migrate_to_latest()
