"""Reading and folding the ledger of the published library's counts (models/ledger.py), which
triggers write as the library changes (migration 0020)."""

from django.db import connections, router

from casestudies.library.models import LibraryCount

_TABLE = LibraryCount._meta.db_table


_SUMS = f"SELECT facet, term, sum(n) FROM {_TABLE} GROUP BY facet, term HAVING sum(n) <> 0"  # noqa: S608

# Folds every line into one a count, in one statement: lines a writer adds meanwhile are not in
# its snapshot, so they stay, and nothing is counted twice or lost.
_COMPACT = f"""
WITH gone AS (DELETE FROM {_TABLE} RETURNING facet, term, n)
INSERT INTO {_TABLE} (facet, term, n) SELECT facet, term, sum(n) FROM gone GROUP BY facet, term HAVING sum(n) <> 0
"""  # noqa: S608


def whole_library() -> tuple[int, dict[str, dict[str, int]]]:
    """The number of published case studies, and by facet how many have each term (by its id as
    text, or a value such as a benefit): the counts of the library browsed without a filter."""
    by_facet: dict[str, dict[str, int]] = {}
    with connections[router.db_for_read(LibraryCount)].cursor() as cursor:
        cursor.execute(_SUMS)
        for facet, term, n in cursor.fetchall():
            by_facet.setdefault(facet, {})[term] = n
    total = by_facet.pop("total", {}).get("", 0)
    return total, by_facet


def facet_sums_sql(facet: str) -> str:
    """A statement giving one facet's counts in the whole library, rows of (facet, term, n), for
    the library's counts to read with its others (counting._counts_sql). `facet` is a fixed name."""
    return f"SELECT facet, term, sum(n) FROM {_TABLE} WHERE facet = '{facet}' GROUP BY facet, term HAVING sum(n) <> 0"  # noqa: S608


def compact() -> int:
    """Folds the ledger to one line a count; returns how many lines it holds now."""
    with connections[router.db_for_write(LibraryCount)].cursor() as cursor:
        cursor.execute(_COMPACT)
        return cursor.rowcount
