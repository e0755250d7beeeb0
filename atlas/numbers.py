"""How the Atlas writes a number for a reader: one rounding rule for every surface.

Charts, map tooltips and legends, table text, metrics and generated sentences used three
formatters, so the same figure read 1,234.5 in a chart and 1,235 on the map. The rule kept is
the map's and the sentences': whole numbers in full ("1,234"), others to three significant
figures below 100 ("12.3", "0.0456") and to the unit from 100 on ("1,235"). Published figures
are seldom precise beyond three figures, and a projector audience compares magnitudes, not
decimals; the exact value is in every view's download.

A missing figure is :data:`NO_DATA`, never 0 or an empty cell.

``locale`` is the seam for a later translation: "en" (comma thousands, point decimals) is the
only one written here. A locale-aware version would hand the same rounding to
``babel.numbers.format_decimal(rounded, locale=locale)``, so callers need not change.
"""

from __future__ import annotations

import math

__all__ = ["NO_DATA", "format_count", "format_number", "format_value"]

#: What a missing figure shows as, everywhere.
NO_DATA = "no data"

_LOCALES = ("en",)


def _check(locale: str) -> None:
    if locale not in _LOCALES:
        raise ValueError(
            f"Numbers are written for the locales {', '.join(_LOCALES)} only, not {locale!r}."
        )


def format_number(value: float, *, locale: str = "en") -> str:
    """'1,234', '1,235', '12.3', '0.0456': the Atlas's one rounding for reading."""
    _check(locale)
    x = float(value)
    if not math.isfinite(x):
        return NO_DATA
    if x.is_integer():
        return f"{int(x):,}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def format_value(value: object, *, locale: str = "en") -> str:
    """:func:`format_number` for a cell that may be empty: missing (None, NaN, NA) is
    :data:`NO_DATA`, and so is anything that is not a number."""
    if value is None or isinstance(value, bool):
        return NO_DATA
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return NO_DATA
    return format_number(x, locale=locale)


def format_count(n: int, *, locale: str = "en") -> str:
    """A count with thousands separators ('1,204'), for sentences and captions."""
    _check(locale)
    return f"{int(n):,}"
