"""A measure's change in words: the one rule every page, email, feed and the API use.

"6.5 → 3 hours, down 54%, better"; "15% → 74%, up 59 percentage points, better".

- Numbers keep their unit and lose stray decimals (6.50 reads 6.5, 3.00 reads 3).
- A measure in per cent changes by percentage points: a relative change of a percentage
  ("+393%") is a number readers misread.
- A relative change is given only where it means something: from a positive number to a number
  of the same sign. From zero, or across zero, the change is given in the measure's own unit.
- The change always has a word for its direction ("up", "down"), and, when the author said which
  way is better, whether it is better or worse.
"""

from dataclasses import dataclass
from decimal import Decimal

HIGHER = "higher"
LOWER = "lower"
PERCENT_UNITS = {"%", "per cent", "percent"}


def is_percent(unit: str) -> bool:
    return unit.strip().lower() in PERCENT_UNITS


def number(value: Decimal | float | int) -> str:
    """A value as people write it: no trailing zeros, thousands separated, a true minus sign."""
    value = Decimal(str(value)).quantize(Decimal("0.01"))
    text = f"{abs(value):,.2f}".rstrip("0").rstrip(".")
    return f"−{text}" if value < 0 else text


def with_unit(value: Decimal | float | int, unit: str) -> str:
    unit = unit.strip()
    if not unit:
        return number(value)
    if is_percent(unit):
        return f"{number(value)}%"
    return f"{number(value)} {unit}"


@dataclass(frozen=True)
class Change:
    values: str  # "6.5 → 3 hours"
    change: str  # "down 54%", "up 59 percentage points", "no change"
    verdict: str  # "better", "worse" or "" when the better direction is not known
    relative_percent: int | float | None
    percentage_points: Decimal | None

    def __str__(self) -> str:
        return ", ".join(part for part in (self.values, self.change, self.verdict) if part)

    @property
    def in_words(self) -> str:
        """The change without the values: "down 54%, better"."""
        return ", ".join(part for part in (self.change, self.verdict) if part)


def _relative(before: Decimal, after: Decimal) -> int | float | None:
    if before <= 0 or after < 0:
        return None
    relative = (after - before) / before * 100
    # Whole per cent, except a small change that would otherwise read as none at all.
    if abs(relative) >= 1 or relative == 0:
        return int(relative.quantize(Decimal("1"), rounding="ROUND_HALF_UP"))
    return float(relative.quantize(Decimal("0.1"), rounding="ROUND_HALF_UP"))


def describe(before: Decimal | float | int, after: Decimal | float | int, unit: str = "", better: str = "") -> Change:
    """The change from before to after, in words; `better` is "higher", "lower" or ""."""
    before, after = Decimal(str(before)), Decimal(str(after))
    unit = unit.strip()
    if is_percent(unit):
        values = f"{with_unit(before, unit)} → {with_unit(after, unit)}"
    else:
        values = f"{number(before)} → {with_unit(after, unit)}"
    difference = after - before
    if difference == 0:
        return Change(values, "no change", "", 0, Decimal(0) if is_percent(unit) else None)
    direction = "up" if difference > 0 else "down"
    points = relative = None
    if is_percent(unit):
        points = abs(difference)
        change = f"{direction} {number(points)} percentage point{'' if points == 1 else 's'}"
    elif (relative := _relative(before, after)) is not None:
        change = f"{direction} {number(abs(relative))}%"
    else:
        change = f"{direction} {with_unit(abs(difference), unit)}"
    verdict = ""
    if better in (HIGHER, LOWER):
        verdict = "better" if (difference > 0) == (better == HIGHER) else "worse"
    return Change(values, change, verdict, relative, points)
