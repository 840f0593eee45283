"""The digest's followed topics move into the members' one model of follows (kind "topic"), so
that the home page, the digest and notifications read the same choices. Nothing saved is lost:
every (member, topic) pair is copied before the old table goes, and back again if undone."""

from django.db import migrations


def copy_to_follows(apps, schema_editor):
    DigestPreference = apps.get_model("digests", "DigestPreference")
    Follow = apps.get_model("members", "Follow")
    pairs = DigestPreference.topics.through.objects.values_list("digestpreference__user_id", "topic_id")
    Follow.objects.bulk_create(
        [Follow(user_id=user_id, kind="topic", object_id=topic_id) for user_id, topic_id in pairs.iterator()],
        ignore_conflicts=True,
        batch_size=1000,
    )


def copy_back(apps, schema_editor):
    DigestPreference = apps.get_model("digests", "DigestPreference")
    Follow = apps.get_model("members", "Follow")
    Through = DigestPreference.topics.through
    preference_of = dict(DigestPreference.objects.values_list("user_id", "pk"))
    Topic = apps.get_model("casestudies", "Topic")
    topics = set(Topic.objects.values_list("pk", flat=True))
    rows = [
        Through(digestpreference_id=preference_of[user_id], topic_id=topic_id)
        for user_id, topic_id in Follow.objects.filter(kind="topic").values_list("user_id", "object_id")
        if user_id in preference_of and topic_id in topics
    ]
    Through.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("digests", "0001_preferences"),
        ("members", "0004_follows_blocks_and_profile_visibility"),
    ]

    operations = [
        migrations.RunPython(copy_to_follows, copy_back),
        migrations.RemoveField(model_name="digestpreference", name="topics"),
    ]
