"""How the Atlas writes a number or a date for a reader: one rounding rule for every surface,
in the reader's language.

Charts, map tooltips and legends, table text, metrics and generated sentences once used three
formatters, so the same figure read 1,234.5 in a chart and 1,235 on the map. The rule kept is
the map's and the sentences': whole numbers in full ("1,234"), others to three significant
figures below 100 ("12.3", "0.0456") and to the unit from 100 on ("1,235"). Published figures
are seldom precise beyond three figures, and a projector audience compares magnitudes, not
decimals; the exact value is in every view's download.

The digits are grouped and the decimal mark written the way the run's language does it
(Babel's CLDR data): Barcelona's population reads 1,686,208 in English, 1.686.208 in Spanish
and Catalan, 1 686 208 in French (a narrow no-break space). ``locale`` defaults to the run's
language (atlas/i18n.py); downloads never come through here: they keep machine-readable
numbers and ISO dates.

A missing figure is :func:`no_data` ("no data" in the run's language), never 0 or an empty
cell; :data:`NO_DATA` is its English source text.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from babel.dates import format_date as _babel_date
from babel.dates import format_skeleton
from babel.numbers import (
    format_compact_decimal,
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
)

from atlas.i18n import N_, _, current_language

__all__ = [
    "NO_DATA",
    "format_compact",
    "format_count",
    "format_date",
    "format_month",
    "format_number",
    "format_share",
    "format_value",
    "no_data",
    "plotly_separators",
]

#: What a missing figure shows as, everywhere (English source text; see :func:`no_data`).
NO_DATA = N_("no data")


def no_data() -> str:
    """ "no data" in the run's language."""
    return _(NO_DATA)


# CLDR's minimumGroupingDigits where it is not 1: Spanish groups a number only from five digits
# on (1000 but 10.000, the RAE's rule; docs/GLOSSARY.md). Babel does not apply it itself.
_MIN_GROUPING_DIGITS = {"es": 2}


def _locale(locale: str | None) -> str:
    return locale or current_language()


def _decimal(value: int | Decimal, code: str, **kwargs: object) -> str:
    grouped = abs(value) >= 10 ** (2 + _MIN_GROUPING_DIGITS.get(code, 1))
    return format_decimal(value, locale=code, group_separator=grouped, **kwargs)  # type: ignore[arg-type]


def format_number(value: float, *, locale: str | None = None) -> str:
    """'1,234', '1,235', '12.3', '0.0456' (in English): the Atlas's one rounding for reading."""
    x = float(value)
    if not math.isfinite(x):
        return no_data()
    code = _locale(locale)
    if x.is_integer():
        return _decimal(int(x), code)
    if abs(x) >= 100:
        return _decimal(round(x), code)
    # three significant figures, then written without the exponent Python would use
    rounded = Decimal(f"{x:.3g}")
    return _decimal(rounded, code, decimal_quantization=False)


def format_value(value: object, *, locale: str | None = None) -> str:
    """:func:`format_number` for a cell that may be empty: missing (None, NaN, NA) is
    :func:`no_data`, and so is anything that is not a number."""
    if value is None or isinstance(value, bool):
        return no_data()
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return no_data()
    return format_number(x, locale=locale)


def format_count(n: int, *, locale: str | None = None) -> str:
    """A count with the language's thousands separators ('1,204'), for sentences and captions."""
    return _decimal(int(n), _locale(locale))


def format_share(fraction: float, *, digits: int = 0, locale: str | None = None) -> str:
    """A share as a percentage ('12%', '12 %' in French and Spanish); missing is "no data"."""
    x = float(fraction)
    if not math.isfinite(x):
        return no_data()
    rounded = Decimal(str(round(x, digits + 2)))
    return format_percent(rounded, locale=_locale(locale), decimal_quantization=False)


def format_compact(value: float, *, locale: str | None = None) -> str:
    """A large figure in short form ('1.7M', '1,7 M'), for axis-like labels only."""
    x = float(value)
    if not math.isfinite(x):
        return no_data()
    return format_compact_decimal(x, fraction_digits=1, locale=_locale(locale))


def format_date(value: dt.date | str | None, *, locale: str | None = None) -> str:
    """A date in the language's medium form ('1 Dec 2026', '1 de des. 2026'); an ISO string
    is read first; a missing or unreadable date is "no data"."""
    if value is None or value == "":
        return no_data()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return no_data()
    return _babel_date(value, format="medium", locale=_locale(locale))


def format_month(value: dt.date | str | None, *, locale: str | None = None) -> str:
    """A month in the language's short form ('Nov 2026', 'nov. 2026'), for when a source was
    retrieved; an ISO string ('2026-11' or a full date) is read first."""
    if value is None or value == "":
        return no_data()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat((value[:7] + "-01") if len(value) >= 7 else value)
        except ValueError:
            return no_data()
    return format_skeleton("yMMM", value, locale=_locale(locale))


def plotly_separators(locale: str | None = None) -> str:
    """Plotly's ``layout.separators`` (decimal mark, then group mark) for the language, so that
    chart ticks and hover labels group digits like the page around them."""
    code = _locale(locale)
    return get_decimal_symbol(code) + get_group_symbol(code)
