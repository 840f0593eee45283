"""Reading and folding the ledger of the published library's counts (models/ledger.py), which
triggers write as the library changes (migration 0020); counting it afresh for tables written
with the triggers switched off (`rebuild`)."""

from django.db import connections, router, transaction

from casestudies.library import taxonomy
from casestudies.library.models import CaseStudy, LibraryCount, OutcomeMeasure

_TABLE = LibraryCount._meta.db_table


# Each count, as the sum of its lines, of every facet or (where) of one.
_SUMS = "SELECT facet, term, sum(n) FROM {table}{where} GROUP BY facet, term HAVING sum(n) <> 0"

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
        cursor.execute(_SUMS.format(table=_TABLE, where=""))
        for facet, term, n in cursor.fetchall():
            by_facet.setdefault(facet, {})[term] = n
    total = by_facet.pop("total", {}).get("", 0)
    return total, by_facet


def facet_sums_sql(facet: str) -> str:
    """A statement giving one facet's counts in the whole library, rows of (facet, term, n), for
    the library's counts to read with its others (counting._counts_sql). `facet` is a fixed name."""
    return _SUMS.format(table=_TABLE, where=f" WHERE facet = '{facet}'")


def compact() -> int:
    """Folds the ledger to one line a count; returns how many lines it holds now."""
    with connections[router.db_for_write(LibraryCount)].cursor() as cursor:
        cursor.execute(_COMPACT)
        return cursor.rowcount


# The tables whose triggers write the ledger.
WRITTEN_FROM = [
    CaseStudy._meta.db_table,
    OutcomeMeasure._meta.db_table,
    *(CaseStudy._meta.get_field(relation).remote_field.through._meta.db_table for relation in taxonomy.MANY_RELATIONS),
]


def _terms_of_each() -> str:
    """One row (facet, term) for each count the case study `c` adds when published."""
    rows = [
        "SELECT 'total', ''",
        "SELECT 'region', c.region_id::text WHERE c.region_id IS NOT NULL",
        "SELECT 'evidence', c.evidence WHERE c.evidence <> ''",
    ]
    for kind in taxonomy.KINDS:
        if kind.many:
            field = CaseStudy._meta.get_field(kind.relation)
            table, term, case_study = (
                field.remote_field.through._meta.db_table,
                field.m2m_reverse_name(),
                field.m2m_column_name(),
            )
            rows.append(f"SELECT '{kind.key}', {term}::text FROM {table} WHERE {case_study} = c.id")  # noqa: S608
    # Once a benefit, however many of its measures share it.
    outcomes = OutcomeMeasure._meta.db_table
    rows.append(f"SELECT DISTINCT 'benefit', benefit FROM {outcomes} WHERE case_study_id = c.id")  # noqa: S608
    return " UNION ALL ".join(rows)


def rebuild() -> None:
    """Counts the ledger afresh from the published library: for tables written with its triggers
    switched off (the benchmark's generator), while nothing else writes them."""
    rebuilt = f"""
        INSERT INTO {_TABLE} (facet, term, n)
        SELECT facet, term, count(*)
        FROM {CaseStudy._meta.db_table} c CROSS JOIN LATERAL ({_terms_of_each()}) AS terms(facet, term)
        WHERE c.status = 'published' GROUP BY facet, term
    """  # noqa: S608
    using = router.db_for_write(LibraryCount)
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {_TABLE}")  # noqa: S608
        cursor.execute(rebuilt)
