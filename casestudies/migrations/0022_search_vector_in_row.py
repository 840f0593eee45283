"""Each case study's search vector kept in its own row (storage MAIN) rather than in the table's
TOAST relation.

A search that reads where words stand (a phrase) or ranks its matches reads whole vectors, and
one kept apart costs a look-up in the TOAST index and two or three chunks more for every case
study read. Vectors rarely compress, so a row keeps its vector uncompressed unless the row would
not fit a page, when PostgreSQL moves it out as before.

The storage setting counts for vectors written from now on; the vectors already written are
written again here, a thousand case studies a transaction, so that no write to the library waits
long for the migration (at 100,000 case studies it takes a few minutes, most of them the search
index taking each vector again).
"""

from django.db import migrations

BATCH = 1000

STORAGE = "ALTER TABLE casestudies_casestudy ALTER COLUMN search_vector SET STORAGE {}"

# Concatenating an empty vector makes a new value, which is stored as the column now says; an
# assignment of the column to itself would keep the pointer to the old one.
_REWRITE = (
    "UPDATE casestudies_casestudy SET search_vector = search_vector || ''::tsvector "
    "WHERE id > %s AND id <= %s AND search_vector IS NOT NULL"
)


def vectors_into_rows(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM casestudies_casestudy")
        [last] = cursor.fetchone()
        for start in range(0, last, BATCH):
            cursor.execute(_REWRITE, [start, start + BATCH])


class Migration(migrations.Migration):
    # Each batch commits on its own (see the module's docstring).
    atomic = False

    dependencies = [
        ("casestudies", "0021_case_study_published_picks_index"),
    ]

    operations = [
        migrations.RunSQL(STORAGE.format("MAIN"), STORAGE.format("EXTENDED")),
        migrations.RunPython(vectors_into_rows, migrations.RunPython.noop, elidable=True),
    ]
