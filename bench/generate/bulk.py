"""Writes generated rows straight into a model's table with PostgreSQL's COPY.

Generators name only the fields they care about; every other column gets the model's default
(or NULL, or an empty string where the field allows it), so a field added to a model later does
not break the generator. Primary keys are handed out here, so rows can refer to each other
before they are written, and the table's sequence is moved past them at the end.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone


class MissingValue(Exception):
    pass


class PerRow:
    """A default computed afresh for every row."""

    def __init__(self, make) -> None:
        self.make = make


def _constant_for(field: models.Field) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    if field.has_default() and callable(field.default) and field.unique:
        # A unique token or uid: each row needs its own.
        return PerRow(lambda: field.get_db_prep_save(field.get_default(), connection))
    if field.has_default():
        return field.get_db_prep_save(field.get_default(), connection)
    if field.null:
        return None
    if field.empty_strings_allowed and field.blank:
        return ""
    raise MissingValue(f"{field.model.__name__}.{field.name} has no default: the generator must give it")


class Table:
    """One model's table: `add(**values)` queues a row and returns its id; `flush()` copies them in."""

    def __init__(self, model: type[models.Model], fields: Sequence[str], *, batch: int = 20_000) -> None:
        self.model = model
        meta = model._meta
        given = [meta.get_field(name) for name in fields]
        self.columns = [meta.pk.column, *(field.column for field in given)]
        self.names = list(fields)
        for field in meta.concrete_fields:
            if field.primary_key or field.name in self.names or field.attname in self.names:
                continue
            self.columns.append(field.column)
            self.names.append(field.name)
        self.constants = [_constant_for(meta.get_field(name)) for name in self.names[len(fields) :]]
        self.per_row = any(isinstance(value, PerRow) for value in self.constants)
        self.given = len(fields)
        self.batch = batch
        self.rows: list[tuple] = []
        self.count = 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [f'"{meta.db_table}"', meta.pk.column])
            self.sequence = cursor.fetchone()[0]
            # Past every id in the table and every id the sequence has handed out (rolled-back ones
            # too: a sequence never goes back), so the sequence only ever moves forward.
            cursor.execute(f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {self.sequence}")  # noqa: S608
            handed_out = cursor.fetchone()[0]
            cursor.execute(f'SELECT COALESCE(MAX("{meta.pk.column}"), 0) FROM "{meta.db_table}"')  # noqa: S608
            self.next_id = max(handed_out, cursor.fetchone()[0]) + 1

    def add(self, *values: Any) -> int:
        if len(values) != self.given:
            raise ValueError(f"{self.model.__name__}: expected {self.given} values, got {len(values)}")
        row_id = self.next_id
        self.next_id += 1
        if self.per_row:
            defaults = [value.make() if isinstance(value, PerRow) else value for value in self.constants]
            self.rows.append((row_id, *values, *defaults))
        else:
            self.rows.append((row_id, *values, *self.constants))
        if len(self.rows) >= self.batch:
            self.flush()
        return row_id

    def flush(self) -> None:
        if not self.rows:
            return
        columns = ", ".join(f'"{column}"' for column in self.columns)
        statement = f'COPY "{self.model._meta.db_table}" ({columns}) FROM STDIN'
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in self.rows:
                copy.write_row(row)
        self.count += len(self.rows)
        self.rows.clear()

    def close(self) -> int:
        """Writes what is left, moves the id sequence past the generated rows and returns the row count."""
        self.flush()
        if self.next_id > 1:
            with connection.cursor() as cursor:
                cursor.execute("SELECT setval(%s, %s)", [self.sequence, self.next_id - 1])
        return self.count
