"""A read replica takes the search and list reads when DATABASE_REPLICA_URL is set, and nothing else."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from casestudies.library.models import CaseStudy
from core.replica import REPLICA, ReplicaReadsMiddleware, ReplicaRouter, replica_reads
from events.models import Event
from members.models import User

ROOT = Path(__file__).resolve().parent.parent
router = ReplicaRouter()


def settings_with(**overrides: str) -> dict:
    env = {**os.environ, "SECRET_KEY": "x" * 50, "DEBUG": "0", **overrides}
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({'databases': {k: v['NAME'] for k, v in s.DATABASES.items()}, "
        "'routers': getattr(s, 'DATABASE_ROUTERS', []), 'middleware': s.MIDDLEWARE}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "qportal.settings"},
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)


def test_without_a_replica_url_there_is_one_database_and_no_router():
    found = settings_with(DATABASE_REPLICA_URL="")

    assert list(found["databases"]) == ["default"]
    assert found["routers"] == []
    assert "core.replica.ReplicaReadsMiddleware" not in found["middleware"]


def test_a_replica_url_adds_the_replica_the_router_and_the_middleware():
    found = settings_with(DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/qportal")

    assert found["databases"]["replica"] == "qportal"
    assert found["routers"] == ["core.replica.ReplicaRouter"]
    assert found["middleware"][-1] == "core.replica.ReplicaReadsMiddleware"


def test_reads_go_to_the_primary_unless_replica_reads_are_on():
    assert router.db_for_read(CaseStudy) is None

    with replica_reads():
        assert router.db_for_read(CaseStudy) == REPLICA
        assert router.db_for_read(Event) == REPLICA

    assert router.db_for_read(CaseStudy) is None


def test_accounts_and_sessions_are_always_read_from_the_primary():
    from django.contrib.sessions.models import Session

    with replica_reads():
        assert router.db_for_read(User) is None
        assert router.db_for_read(Session) is None


def test_writes_and_migrations_only_ever_touch_the_primary():
    with replica_reads():
        assert router.db_for_write(CaseStudy) == "default"
    assert router.allow_migrate("default", "casestudies")
    assert not router.allow_migrate(REPLICA, "casestudies")


def where_the_view_reads(method: str, path: str) -> str | None:
    """Runs the middleware around a view that reports where a case study would be read from."""
    seen = {}

    def view(request):
        seen["db"] = router.db_for_read(CaseStudy)
        return HttpResponse()

    def handler(request):
        # What Django's handler does between the middleware's __call__ and the view.
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware = ReplicaReadsMiddleware(handler)
    request = getattr(RequestFactory(), method)(path)
    request.resolver_match = resolve(path)
    middleware(request)
    assert router.db_for_read(CaseStudy) is None, "replica reads must end with the response"
    return seen["db"]


@pytest.mark.parametrize("path", ["/case-studies/", "/events/"])
def test_list_and_search_pages_read_from_the_replica(path):
    assert where_the_view_reads("get", path) == REPLICA
    assert where_the_view_reads("head", path) == REPLICA


def test_other_pages_and_posts_read_from_the_primary():
    assert where_the_view_reads("get", "/case-studies/some-case-study/") is None
    assert where_the_view_reads("post", "/case-studies/") is None
    assert where_the_view_reads("get", "/") is None


def test_media_go_to_s3_compatible_storage_when_a_bucket_is_named():
    code = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "s = storages['default']; print(type(s).__name__, s.bucket_name, s.endpoint_url, s.querystring_auth)"
    )
    env = {
        **os.environ, "SECRET_KEY": "x" * 50, "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "qportal.settings",
        "AWS_STORAGE_BUCKET_NAME": "portal-media", "AWS_S3_ENDPOINT_URL": "https://objects.example.org",
    }  # fmt: skip

    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "portal-media", "https://objects.example.org", "True"]


def test_media_stay_on_the_local_disk_without_a_bucket():
    code = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "print(type(storages['default']).__name__)"
    )
    env = {**os.environ, "SECRET_KEY": "x" * 50, "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "qportal.settings"}
    env.pop("AWS_STORAGE_BUCKET_NAME", None)

    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)

    assert result.stdout.strip() == "FileSystemStorage"
