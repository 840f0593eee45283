"""`make test` can run in several test processes (TEST_PROCESSES), each with databases of its own."""

import os

from django.conf import settings

from qportal.devservices import parallel_arguments, redis_url_with_db
from tests.broker import broker_as_redis_url
from tests.processes_apart import _own_database


def test_the_suite_runs_in_the_processes_asked_for_unless_told_how_to_run():
    assert parallel_arguments([], 2) == ["--numprocesses", "2", "--dist", "loadfile", "--no-loadscope-reorder"]
    assert parallel_arguments([], 1) == []
    assert parallel_arguments(["-n", "4"], 2) == []
    assert parallel_arguments(["-p", "no:xdist", "tests/bench"], 2) == []


def test_another_redis_database_on_the_same_server():
    assert redis_url_with_db("redis://127.0.0.1:6379/0", 3) == "redis://127.0.0.1:6379/3"
    assert redis_url_with_db("redis://:secret@cache.internal:6380", 2) == "redis://:secret@cache.internal:6380/2"
    assert redis_url_with_db("unix:///run/redis.sock?db=0", 5) == "unix:///run/redis.sock?db=5"


def test_each_test_process_uses_a_redis_database_after_the_one_named():
    assert _own_database("redis://127.0.0.1:6379/0", "gw0") == "redis://127.0.0.1:6379/1"
    assert _own_database("redis://127.0.0.1:6379/3", "gw1") == "redis://127.0.0.1:6379/5"
    assert _own_database("unix:///run/redis.sock?db=0", "gw1") == "unix:///run/redis.sock?db=2"
    assert _own_database("redis://127.0.0.1:6379/15", "gw0") == "redis://127.0.0.1:6379/0"


def test_the_cache_and_the_broker_use_the_same_redis_database_as_the_processes_a_test_starts():
    assert settings.CACHES["default"]["LOCATION"] == os.environ["REDIS_URL"]
    assert broker_as_redis_url() == os.environ["REDIS_URL"]
