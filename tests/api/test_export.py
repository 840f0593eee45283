"""The bulk export: every published case study as one JSON Lines file, rewritten by beat and linked
with its date from the API's docs and index."""

import json
from datetime import UTC, datetime

import pytest
from django.conf import settings as django_settings

from api import export, tasks
from casestudies.library.models import Status
from tests.casestudies.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_export_holds_each_published_case_study_once_as_the_api_gives_it(client, tmp_path):
    CaseStudyFactory(slug="first", title="First")
    CaseStudyFactory(slug="second")
    CaseStudyFactory(slug="draft", status=Status.DRAFT)

    written = export.library_export_write()

    lines = (tmp_path / written.name).read_text().splitlines()
    rows = [json.loads(line) for line in lines]
    assert sorted(row["slug"] for row in rows) == ["first", "second"]
    first = next(row for row in rows if row["slug"] == "first")
    assert first == client.get("/api/v1/case-studies/first/").json()
    assert first["licence"]["code"] == "CC-BY-4.0"


def test_a_new_export_replaces_the_old_one_and_its_date_is_linked_from_the_docs(client):
    CaseStudyFactory()
    export.library_export_write(now=datetime(2026, 11, 1, 2, 30, tzinfo=UTC))
    newest = export.library_export_write(now=datetime(2026, 11, 2, 2, 30, tzinfo=UTC))

    assert export.latest_export() == newest
    assert newest.name == "open-data/case-studies-20261102T023000Z.jsonl"
    description = client.get("/api/v1/openapi.json").json()["info"]["description"]
    assert f"]({newest.url})" in description
    assert "2 November 2026 at 02:30 UTC" in description
    index = client.get("/api/v1/").json()
    assert index["export"] == {"url": newest.url, "format": "application/jsonl", "created_at": "2026-11-02T02:30:00Z"}
    assert len(list((django_settings.MEDIA_ROOT / "open-data").iterdir())) == 1


def test_before_the_first_export_the_docs_say_so(client):
    assert export.latest_export() is None
    assert "has not been made yet" in client.get("/api/v1/openapi.json").json()["info"]["description"]
    assert client.get("/api/v1/").json()["export"] is None


def test_beat_runs_the_export_task_daily():
    entry = django_settings.CELERY_BEAT_SCHEDULE["api-export-library"]
    assert entry["task"] == tasks.export_library.name

    CaseStudyFactory(slug="only")
    name = tasks.export_library.apply().get()

    assert name == export.latest_export().name
