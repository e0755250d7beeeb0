"""Cell and column checks shared by the row-by-row validation: limits, units, preparation.

Small pure helpers, each judging one cell or one column of the upload; `validate` runs them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from atlas.i18n import _
from atlas.numbers import format_count
from atlas.upload.read import (
    FormulaCell,
    RawTable,
    UploadError,
)
from atlas.upload.report import ValidationReport
from atlas.upload.safety import formula_mask, markup_mask
from atlas.upload.text import header_key

MAX_CHARS = {
    "city": 200,
    "city_id": 100,
    "geonames_id": 20,
    "country": 60,
    "indicator": 120,
    "year": 20,
    "value": 60,
    "source": 300,
    "unit": 60,
    "unit_name": 200,
    "note": 1000,
}
VALUE_TYPES = ("count", "rank", "amount", "share", "score")
_COUNT_UNITS = frozenset(
    {
        "count",
        "counts",
        "number",
        "no",
        "n",
        "items",
        "hubs",
        "offices",
        "people",
        "persons",
        "projects",
        "partnerships",
        "members",
        "organisations",
        "organizations",
        "institutions",
        "patents",
        "publications",
        "papers",
        "startups",
        "companies",
        "events",
        "agreements",
        "applications",
        "universities",
        "cities",
        "researchers",
        "students",
    }
)
_SHARE_UNITS = frozenset({"percent", "per_cent", "share", "pct"})


class _Issues:
    """Collects issues at row level (rec = -1) or for one record of a row."""

    def __init__(self) -> None:
        self.pos: list[int] = []
        self.rec: list[int] = []
        self.column: list[str] = []
        self.code: list[str] = []
        self.reason: list[str] = []
        self.value: list[str] = []

    def add(self, pos: int, rec: int, column: str, code: str, reason: str, value: object) -> None:
        self.pos.append(int(pos))
        self.rec.append(int(rec))
        self.column.append(column)
        self.code.append(code)
        self.reason.append(reason)
        self.value.append("" if value is None or value is pd.NA else str(value)[:200])


@dataclass
class _Column:
    name: str
    text: pd.Series  # cleaned text, NA when empty or not text
    number: pd.Series | None  # typed numbers (xlsx) or None
    bad: np.ndarray  # cell refused for safety/length; no further complaints about it


def _is_na(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


_FORMULA, _NUMBER, _TEXT, _BOOL = 1, 2, 3, 4
_CELL_KINDS: dict[type, int] = {FormulaCell: _FORMULA, int: _NUMBER, float: _NUMBER, str: _TEXT}
_CELL_KINDS[bool] = _BOOL


def _prepare(
    series: pd.Series, kind: str, keep_numbers: bool
) -> tuple[pd.Series, pd.Series | None, np.ndarray]:
    """Split a raw column into text, typed numbers and Excel formulas (text or None)."""
    formulas = np.full(len(series), None, dtype=object)
    number: pd.Series | None = None
    if kind == "xlsx":
        # One pass to get each cell's type, then numpy masks: a per-cell lambda over a
        # 100,000-row sheet cost over a second. bool is its own type, so it is not a number.
        values = series.to_numpy(dtype=object)
        get = _CELL_KINDS.get
        kinds = np.fromiter((get(type(v), 0) for v in values), dtype=np.int8, count=len(values))
        is_formula = kinds == _FORMULA
        is_num = kinds == _NUMBER
        is_str = kinds == _TEXT
        if is_formula.any():
            formulas[is_formula] = [str(v) for v in values[is_formula]]
        numbers = np.full(len(values), np.nan, dtype="float64")
        if is_num.any():
            numbers[is_num] = values[is_num].astype("float64")
        is_num &= ~np.isnan(numbers)  # a gap in a numeric column arrives as NaN
        texts = np.where(is_str, values, None)
        if keep_numbers:
            number = pd.Series(numbers, index=series.index, dtype="float64")
        else:
            texts[is_num] = [
                str(int(v)) if float(v).is_integer() else repr(v) for v in values[is_num]
            ]
        is_bool = kinds == _BOOL
        if is_bool.any():
            texts[is_bool] = [str(v) for v in values[is_bool]]
        text = pd.Series(texts, index=series.index, dtype=object).astype("str")
    else:
        text = series.astype("str")
    # Invisible characters were already removed by read_upload (whole text / per xlsx cell).
    text = text.str.strip()
    text = text.where(text != "")
    return text, number, formulas


def _frame(table: RawTable) -> pd.DataFrame:
    frame = pd.DataFrame(table.rows)
    if frame.empty:
        frame = pd.DataFrame(index=range(len(table.rows)))
    for index in range(len(table.header)):
        if index not in frame.columns:
            frame[index] = None
    return frame


def _cell_checks(
    col: _Column,
    role: str,
    formulas: np.ndarray,
    positions: np.ndarray,
    records: np.ndarray,
    issues: _Issues,
) -> None:
    """Refuse formula, markup and over-long cells in one column (row- or record-level)."""
    text = col.text
    excel = pd.notna(formulas)
    typed = formula_mask(text).to_numpy(dtype=bool) & ~excel
    markup = markup_mask(text).to_numpy(dtype=bool) & ~excel & ~typed
    limit = MAX_CHARS.get(role, 200)
    long_ = (text.str.len().fillna(0).to_numpy() > limit) & ~excel & ~typed & ~markup
    raw = col.text
    for i in np.flatnonzero(excel):
        issues.add(
            positions[i],
            records[i],
            col.name,
            "excel_formula",
            _("the cell holds an Excel formula; the Atlas reads typed values only"),
            formulas[i],
        )
    for i in np.flatnonzero(typed):
        issues.add(
            positions[i],
            records[i],
            col.name,
            "formula",
            _("starts with “{sign}”, which spreadsheet programs run as a formula").format(
                sign=raw.iloc[i][0]
            ),
            raw.iloc[i],
        )
    for i in np.flatnonzero(markup):
        issues.add(
            positions[i],
            records[i],
            col.name,
            "html",
            _("contains HTML or script code"),
            raw.iloc[i],
        )
    for i in np.flatnonzero(long_):
        issues.add(
            positions[i],
            records[i],
            col.name,
            "too_long",
            _("is longer than {n} characters").format(n=format_count(limit)),
            raw.iloc[i],
        )
    col.bad = excel | typed | markup | long_
    if col.bad.any():
        col.text = text.where(~col.bad)
        if col.number is not None:
            col.number = col.number.where(~col.bad)


def _value_type(
    key: str,
    name: str,
    unit: str,
    indicator_types: Mapping[str, str],
    catalogue: dict[str, tuple[str, str]],
) -> str:
    """Decide how to range-check an indicator: explicit > Atlas catalogue > unit > name."""
    explicit = indicator_types.get(key)
    if explicit in VALUE_TYPES:
        return str(explicit)
    if key in catalogue:
        return catalogue[key][0]
    unit_key = header_key(unit)
    if unit_key in _COUNT_UNITS or unit_key.startswith("number_of"):
        return "count"
    if unit_key in _SHARE_UNITS or unit.strip() == "%":
        return "share"
    words = set(key.split("_"))
    if "rank" in words or "ranking" in words or unit_key == "rank":
        return "rank"
    if key.startswith("number_of") or key.startswith("count_of"):
        return "count"
    return "amount"


def _refused(err: UploadError) -> ValidationReport:
    return ValidationReport(ok=False, file_error=err.code, messages=(err.message,))


def _lines_text(lines: Iterable[int], limit: int = 3) -> str:
    lines = list(lines)
    shown = ", ".join(str(n) for n in lines[:limit])
    more = f" and {len(lines) - limit:,} more" if len(lines) > limit else ""
    word = "line" if len(lines) == 1 else "lines"
    return f"{word} {shown}{more}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
