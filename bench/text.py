"""Figures written as the reports write them."""


def as_number(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def as_share(value) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"
