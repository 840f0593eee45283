"""The database settings (qportal/databases.py): the pool, prepared statements for the statements
sent on every request, and no JIT compiling, on the primary and a replica alike."""

import pytest
from django.db import connection

from qportal.databases import database

URL = "postgres://portal@db.example.org:5432/portal"


def test_statements_may_be_prepared_and_jit_is_off_beside_options_of_the_address(monkeypatch):
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    settings = database(URL + "?options=-c%20statement_timeout%3D5000")

    assert settings["OPTIONS"]["prepare_threshold"] == 5
    assert settings["OPTIONS"]["options"] == "-c statement_timeout=5000 -c jit=off"


def test_prepared_statements_can_be_turned_off_for_a_pooler_that_cannot_keep_them(monkeypatch):
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "0")

    # psycopg prepares nothing on a connection without a threshold, even when asked to.
    assert "prepare_threshold" not in database(URL)["OPTIONS"]


def test_the_pool_checks_each_connection_it_hands_out(monkeypatch):
    monkeypatch.delenv("DATABASE_POOL", raising=False)
    monkeypatch.setenv("DATABASE_POOL_MAX_SIZE", "4")
    settings = database(URL)

    assert settings["OPTIONS"]["pool"]["max_size"] == 4
    assert settings["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db
def test_the_sites_connections_do_not_jit_compile():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
