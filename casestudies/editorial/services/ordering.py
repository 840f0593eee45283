"""Moving one row of an ordered list (a collection's items, a byline's authors) up or down."""

from typing import Any, Protocol, TypeVar

from casestudies.editorial.services.errors import ReviewError


class Placed(Protocol):
    pk: Any
    position: int


Row = TypeVar("Row", bound=Placed)


def move_one_place(rows: list[Row], row_id: int, *, up: bool, missing: str) -> int | None:
    """Swaps the row `row_id` with the one above it (`up`) or below and numbers every row's position
    0, 1, 2... afresh, for the caller to save. Returns the row's new index, or None when it was
    already at that end (nothing changed). ReviewError(`missing`) when the row is not in the list."""
    index = next((i for i, row in enumerate(rows) if row.pk == row_id), None)
    if index is None:
        raise ReviewError(missing)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rows):
        return None
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows):
        row.position = position
    return other
