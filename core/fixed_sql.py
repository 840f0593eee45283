"""Queries asked on every request whose SQL is the same each time but for a few values: the ORM
builds the statement once a process, and each request sends it with its own values.

Building a QuerySet's SQL costs more than running it when the statement is small: about 0.2 ms of
CPU for a member's row by its key (every signed-in request), and 0.3 to 0.6 ms for a page's row
with its reader's states, against 0.05 ms for the statement itself (bench/README.md). A
`FixedQuery` is written as a QuerySet, so it reads like every other query and keeps the model's
names, the router and the field converters; it is compiled once with stand-in values, and the
places where those stand in are filled with each call's own.

Only queries whose shape does not depend on the values fit: a list of ids (`pk__in`), a value the
ORM rewrites (`__icontains`) or a clock read when the QuerySet is built do not, and compiling
fails loudly when a stand-in cannot be found among the statement's parameters.

Each statement is also prepared on the database connection the first time it is sent there, so
PostgreSQL plans it once a connection rather than on every request: planning the member home's
next events took 0.5 ms of the 0.6 ms the statement cost, and the pool keeps connections for
many requests. (Django's other statements bind their values in the client, so none is prepared.)
"""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import psycopg
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]
from django.db.models.sql.compiler import SQLCompiler
from django.http import Http404

M = TypeVar("M", bound=Model)

# Stand-in values no real call passes: no row has a negative id, no address holds this text, and
# no clock reads this moment.
STAND_IN_ID = -987_654_321
STAND_IN_TEXT = "\ue000stand-in\ue001"
STAND_IN_TIME = datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=UTC)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # For each parameter: the name of the value it takes and the type the ORM wrapped it in (a
    # psycopg Int4 for a number in the select list; None when it did not), or None for a value
    # fixed in the statement.
    slots: tuple[tuple[str, type | None] | None, ...]
    fixed: tuple[Any, ...]
    compiler: SQLCompiler
    converters: dict[int, Any]
    alias: str
    # Where the model's own columns are in a row, their names, and the related rows' makers.
    columns: slice
    names: tuple[str, ...]
    populators: tuple[Any, ...]


class FixedQuery(Generic[M]):
    """`build(**values)` returns the QuerySet; `stand_ins` are values of the same types that no
    real call passes (a negative id, a string no address holds), each found in the SQL's
    parameters once compiled."""

    def __init__(self, model: type[M], build: Callable[..., "QuerySet[M]"], **stand_ins: Any) -> None:
        self.model = model
        self._build = build
        self._stand_ins = stand_ins
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def all(self, **values: Any) -> list[M]:
        compiled = self._compile()
        params = [
            compiled.fixed[i] if slot is None else _wrapped(values[slot[0]], slot[1])
            for i, slot in enumerate(compiled.slots)
        ]
        with prepared_cursor(connections[compiled.alias]) as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return _objects(compiled, rows)

    def first(self, **values: Any) -> M | None:
        found = self.all(**values)
        return found[0] if found else None

    def first_or_404(self, not_found: str, **values: Any) -> M:
        """As first(), or Http404 with the message `not_found` (as get_object_or_404)."""
        found = self.first(**values)
        if found is None:
            raise Http404(not_found)
        return found

    def _compile(self) -> _Compiled:
        # Per database, as the router sends the model's reads (core/replica.py).
        alias = router.db_for_read(self.model)
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(alias) or self._compile_for(alias)
                self._compiled[alias] = compiled
        return compiled

    def _compile_for(self, alias: str) -> _Compiled:
        queryset = self._build(**self._stand_ins)
        if queryset.model is not self.model:
            raise ValueError(f"The query reads {queryset.model.__name__}, not {self.model.__name__}.")
        if queryset._prefetch_related_lookups:  # type: ignore[attr-defined]
            raise ValueError("A fixed query cannot prefetch; it is one statement.")
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet as empty:
            raise ValueError("A fixed query must not be empty for its stand-in values.") from empty
        slots = [self._stand_in_for(param) for param in params]
        if missing := set(self._stand_ins) - {slot[0] for slot in slots if slot}:
            raise ValueError(f"The stand-ins {sorted(missing)} are not parameters of the compiled SQL.")
        columns = [column for column, _, _ in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(columns)
        klass_info, select = compiler.klass_info, compiler.select
        fields = klass_info["select_fields"]
        own = slice(fields[0], fields[-1] + 1)
        names = tuple(column[0].target.attname for column in select[own])
        populators = tuple(get_related_populators(klass_info, select, alias))
        return _Compiled(sql, tuple(slots), tuple(params), compiler, converters, alias, own, names, populators)

    def _stand_in_for(self, param: Any) -> tuple[str, type | None] | None:
        """The name of the value `param` stands in for and its type, or None for a value fixed in
        the statement."""
        for name, stand_in in self._stand_ins.items():
            # A subclass is a wrapper the ORM chose (psycopg's Int4); a bool is never an int here.
            same_kind = isinstance(param, type(stand_in)) and isinstance(param, bool) == isinstance(stand_in, bool)
            if same_kind and param == stand_in:
                return name, None if type(param) is type(stand_in) else type(param)
        return None


class _PreparingCursor(psycopg.Cursor):
    """Binds the values on the server, and prepares each statement on its connection the first
    time it is sent (psycopg keeps the names of those it prepared, a hundred at most)."""

    def execute(
        self, query: Any, params: Any = None, *, prepare: bool | None = None, binary: bool | None = None
    ) -> Any:
        return super().execute(query, params, prepare=True if prepare is None else prepare, binary=binary)


@contextmanager
def prepared_cursor(connection: BaseDatabaseWrapper) -> Iterator[CursorWrapper]:
    """A cursor on Django's connection, wrapped as Django wraps its own (so query logs, execute
    wrappers and error translation see the statement), whose statements are prepared: for SQL
    that is the same on every call but for its values."""
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = _PreparingCursor(connection.connection)
    wrapped = _PreparedDebugWrapper(raw, connection) if connection.queries_logged else CursorWrapper(raw, connection)
    with wrapped as cursor:
        yield cursor


class _PreparedDebugWrapper(CursorDebugWrapper):
    """Logs each statement with its values in place, as Django logs its own (it reads them off a
    cursor that binds them in the client)."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return CursorWrapper.execute(self, sql, params)


def _wrapped(value: Any, wrapper: type | None) -> Any:
    return value if wrapper is None or value is None else wrapper(value)


def _objects(compiled: _Compiled, rows: list[Any]) -> list[Any]:
    """Model instances from the rows, as a QuerySet makes them (django.db.models.query.ModelIterable)."""
    compiler = compiled.compiler
    if compiled.converters:
        rows = list(compiler.apply_converters(rows, compiled.converters))
    model = compiler.klass_info["model"]
    names = list(compiled.names)
    found = []
    for row in rows:
        obj = model.from_db(compiled.alias, names, row[compiled.columns])
        for populator in compiled.populators:
            populator.populate(row, obj)
        for name, position in compiler.annotation_col_map.items():
            setattr(obj, name, row[position])
        found.append(obj)
    return found
