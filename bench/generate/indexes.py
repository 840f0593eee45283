"""Indexes set aside while a fresh database is written, and built afresh from the finished tables.

Not part of any step's fingerprint: it changes how fast the data is written, never what it is.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def indexes_built_after(*, gin: bool) -> Iterator[None]:
    """Drops the GIN indexes (or every other index no uniqueness rests on) while the block writes,
    then builds each afresh.

    Keeping a hundred indexes up to date row by row, the full-text GIN index above all (it has no
    pending list), costs several times the writing itself; building one from the finished table is
    a single sorted pass. Primary keys and unique indexes stay, so the data is checked as it lands.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT index.relname, pg_get_indexdef(index.oid)
            FROM pg_index
            JOIN pg_class index ON index.oid = pg_index.indexrelid
            JOIN pg_namespace namespace ON namespace.oid = index.relnamespace
            JOIN pg_am method ON method.oid = index.relam
            WHERE namespace.nspname = current_schema() AND NOT pg_index.indisunique
              AND (method.amname = 'gin') = %s
            ORDER BY index.relname
            """,
            [gin],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            # An index cannot be built on a table with checks still deferred in the transaction
            # (the whole run is one transaction in the tests): they are made now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _name, definition in indexes:
            cursor.execute(definition)


@contextmanager
def library_counts_after() -> Iterator[None]:
    """Switches off the triggers that keep the library's counts while the block writes, then
    counts them once from the finished tables (casestudies.library.ledger).

    Row by row, each measure written would look for the case study's other measures, whose index
    is set aside while writing (indexes_built_after): a scan of the whole table for every row.
    """
    from casestudies.library import ledger

    with connection.cursor() as cursor:
        for table in ledger.WRITTEN_FROM:
            cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table in ledger.WRITTEN_FROM:
                cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
    ledger.rebuild()
