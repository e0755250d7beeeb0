"""Validating an upload into a report a person can act on, plus Atlas-shaped frames to add.

Every problem is tied to the line the user sees in their file, so they can fix it there. Rows
are judged one by one and good rows are kept: one typo should not throw away a 5,000-row file.
Whole-file problems (wrong type, too big, no city column) stop early with a single message.
Nothing is written to disk and nothing uploaded is executed or rendered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from atlas.upload.forms import ColumnMap, map_columns
from atlas.upload.gazetteer import Gazetteer, GazetteerCandidate
from atlas.upload.match import CityMatch, CityMatcher, CitySuggestion
from atlas.upload.numbers import detect_decimal, parse_numbers, why_not_a_number
from atlas.upload.read import (
    DEFAULT_LIMITS,
    DELIMITER_NAMES,
    FormulaCell,
    RawTable,
    UploadError,
    UploadLimits,
    read_upload,
)
from atlas.upload.safety import formula_mask, has_markup, is_formula_like, markup_mask
from atlas.upload.text import header_key, slugify, snippet

YEAR_MIN, YEAR_MAX = 1900, 2100
Progress = Callable[[float, str], None]
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

# Issue codes, stable for pages and tests. Messages are generated per code.
OUT_OF_RANGE_CODES = frozenset(
    {"non_numeric", "negative_count", "rank_below_one", "year_invalid", "year_out_of_range"}
)
_CITY_STATUS_CODE = {
    "unmatched": "city_unmatched",
    "ambiguous": "city_ambiguous",
    "conflict": "city_conflict",
    "unknown_country": "country_unknown",
}


@dataclass(frozen=True)
class RowIssue:
    """One reason a row (or one value of a wide row) was rejected.

    `value` is the offending cell exactly as uploaded (cut to 200 characters). It is untrusted:
    show it as plain text (e.g. st.dataframe / st.text), never as Markdown or HTML.
    """

    line: int
    column: str
    reason: str
    code: str
    value: str = ""


@dataclass(frozen=True)
class UnmatchedCity:
    """A city reference the Atlas could not resolve, with what the page can offer instead."""

    text: str
    country: str
    reason: str
    code: str
    lines: tuple[int, ...]
    suggestions: tuple[CitySuggestion, ...] = ()
    gazetteer: tuple[GazetteerCandidate, ...] = ()


@dataclass(frozen=True)
class Duplicate:
    """Rows giving the same city, indicator and year; the first line is kept."""

    city_id: str
    indicator: str
    year: int
    lines: tuple[int, ...]
    values: tuple[float, ...]


@dataclass(frozen=True)
class UserIndicator:
    """An indicator found in the upload, as it will appear in the catalogue."""

    name: str
    indicator_id: str
    unit: str
    value_type: str
    higher_is_better: bool
    rows: int


@dataclass(frozen=True, eq=False)
class ValidationReport:
    """What happened to an upload. `messages` are plain sentences, in order, for the page.

    For the long form a "row" is a file row; for the wide form it is one value (one city x
    indicator cell), since a wide row can be partly right. `accepted` holds the accepted rows
    (city_id, indicator, indicator_key, year, value, source, unit, line, note, unit_name);
    to_atlas_frames() turns it into Atlas tables.
    """

    ok: bool
    file_error: str | None
    messages: tuple[str, ...]
    form: str | None = None
    file_kind: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    sheet: str | None = None
    rows_read: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    rejected: tuple[RowIssue, ...] = ()
    unmatched_cities: tuple[UnmatchedCity, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    out_of_range: tuple[RowIssue, ...] = ()
    indicators: tuple[UserIndicator, ...] = ()
    accepted: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def rejected_frame(self) -> pd.DataFrame:
        """Rejections as a table (line, column, value, reason) for display as plain text."""
        return pd.DataFrame(
            [(i.line, i.column, i.value, i.reason) for i in self.rejected],
            columns=["line", "column", "value", "reason"],
        )


@dataclass(frozen=True)
class UserData:
    """Accepted upload shaped like the Atlas tables (DATA_MODEL.md), ready to concatenate."""

    values: pd.DataFrame
    indicators: pd.DataFrame
    sources: pd.DataFrame


# ------------------------------------------------------------------------------ internals


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
            "the cell holds an Excel formula; the Atlas reads typed values only",
            formulas[i],
        )
    for i in np.flatnonzero(typed):
        issues.add(
            positions[i],
            records[i],
            col.name,
            "formula",
            f"starts with “{raw.iloc[i][0]}”, which spreadsheet programs run as a formula",
            raw.iloc[i],
        )
    for i in np.flatnonzero(markup):
        issues.add(
            positions[i],
            records[i],
            col.name,
            "html",
            "contains HTML or script code",
            raw.iloc[i],
        )
    for i in np.flatnonzero(long_):
        issues.add(
            positions[i],
            records[i],
            col.name,
            "too_long",
            f"is longer than {limit:,} characters",
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


# --------------------------------------------------------------------------------- public


def validate_upload(
    data: bytes,
    cities: pd.DataFrame,
    *,
    filename: str | None = None,
    alternate_names: Mapping[str, Iterable[str]] | None = None,
    indicators: pd.DataFrame | None = None,
    year: int | None = None,
    source: str | None = None,
    form: Literal["auto", "long", "wide"] = "auto",
    indicator_types: Mapping[str, str] | None = None,
    city_overrides: Mapping[str, str] | None = None,
    gazetteer: Gazetteer | None = None,
    matcher: CityMatcher | None = None,
    limits: UploadLimits = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> ValidationReport:
    """Read, check and match an upload against the Atlas cities; never raises for bad input.

    `year` and `source` apply to rows whose year/source column is missing or empty (the page
    asks for them when the file lacks them). `indicator_types` maps an indicator name to one of
    VALUE_TYPES when the user said what it is (a "count" may not be negative). `city_overrides`
    maps a city as typed to the Atlas city_id the user confirmed from the suggestions. Pass a
    `gazetteer` (e.g. default_gazetteer()) to get proposals for cities the Atlas lacks.
    `progress(fraction, message)` is called between steps so a page can show how far a large
    file has got.
    """
    step = progress or (lambda _fraction, _message: None)
    if year is not None and not (YEAR_MIN <= int(year) <= YEAR_MAX):
        return _refused(
            UploadError("bad_parameter", f"The year {year} is outside {YEAR_MIN}–{YEAR_MAX}.")
        )
    source = (source or "").strip() or None
    if source and (is_formula_like(source) or has_markup(source) or len(source) > 300):
        return _refused(
            UploadError(
                "bad_parameter",
                "The source name must be plain text under 300 characters, without formulas or "
                "HTML. Type, for example, the publisher and title of the data.",
            )
        )
    size = len(data) / (1024 * 1024)
    step(0.02, f"Reading the file ({size:.1f} MB)…")
    try:
        table = read_upload(data, filename, limits=limits)
        if not table.rows:
            names = ", ".join(snippet(h, 20) for h in table.header if h)
            raise UploadError(
                "header_only",
                f"The file has a header row ({names}) but no data rows below it. Add one row "
                "per value under the header and upload again.",
            )
        colmap = map_columns(
            table.header,
            table.rows,
            form=form,
            year_given=year is not None,
            source_given=source is not None,
        )
    except UploadError as err:
        return _refused(err)
    step(0.45, f"Read {len(table.rows):,} data rows; matching cities and checking values…")
    matcher = matcher or CityMatcher(cities, alternate_names)
    return _Validation(
        table,
        colmap,
        matcher,
        indicators=indicators,
        year=year,
        source=source,
        indicator_types=indicator_types or {},
        city_overrides=city_overrides or {},
        gazetteer=gazetteer,
        progress=step,
    ).run()


class _Validation:
    """One validation run; a class only to share the many intermediate arrays between steps."""

    def __init__(
        self,
        table: RawTable,
        colmap: ColumnMap,
        matcher: CityMatcher,
        *,
        indicators: pd.DataFrame | None,
        year: int | None,
        source: str | None,
        indicator_types: Mapping[str, str],
        city_overrides: Mapping[str, str],
        gazetteer: Gazetteer | None,
        progress: Progress,
    ) -> None:
        self.progress = progress
        self.table = table
        self.colmap = colmap
        self.matcher = matcher
        self.year = year
        self.source = source
        self.indicator_types = {header_key(k): v for k, v in indicator_types.items()}
        self.city_overrides = city_overrides
        self.gazetteer = gazetteer
        self.catalogue: dict[str, tuple[str, str]] = {}
        if indicators is not None and len(indicators):
            for row in indicators.itertuples(index=False):
                meta = (str(getattr(row, "value_type", "amount")), str(getattr(row, "unit", "")))
                self.catalogue[header_key(str(row.indicator_id))] = meta
                self.catalogue.setdefault(header_key(str(getattr(row, "label", ""))), meta)
        self.issues = _Issues()
        self.n = len(table.rows)
        self.lines = np.asarray(table.lines, dtype=np.int64)
        self.frame = _frame(table)
        self.cols: dict[str, _Column] = {}

    # -- columns -----------------------------------------------------------------------
    def _column(self, index: int, role: str) -> _Column:
        text, number, formulas = _prepare(
            self.frame[index], self.table.kind, keep_numbers=role in ("value", "year")
        )
        col = _Column(self.table.header[index], text, number, np.zeros(len(text), dtype=bool))
        positions = np.arange(len(text))
        _cell_checks(col, role, formulas, positions, np.full(len(text), -1), self.issues)
        return col

    def run(self) -> ValidationReport:
        table, colmap = self.table, self.colmap
        header_width = len(table.header)
        # Extra cells beyond the header usually mean an unquoted decimal comma.
        if self.frame.shape[1] > header_width:
            extra = self.frame.iloc[:, header_width:]
            has_extra = extra.map(lambda v: not _is_na(v) and str(v).strip() != "").any(axis=1)
            for pos in np.flatnonzero(has_extra.to_numpy(dtype=bool)):
                cells = int(extra.iloc[pos].map(lambda v: not _is_na(v)).sum()) + header_width
                self.issues.add(
                    pos,
                    -1,
                    "(whole row)",
                    "too_many_cells",
                    f"has {cells} cells but the header has {header_width}",
                    "",
                )
        # Value cells are checked per record in _records(); wide files ignore unit/indicator.
        skip = {"value"} if colmap.form == "long" else {"unit", "indicator", "value"}
        for role, index in colmap.roles.items():
            if role not in skip:
                self.cols[role] = self._column(index, role)

        records = self._records()
        self.progress(0.55, f"Matching the cities of {self.n:,} rows…")
        self._check_cities(records)
        self.progress(0.7, "Checking years, sources and indicators…")
        self._check_years(records)
        self._check_sources(records)
        self._check_indicators(records)
        self.progress(0.8, "Reading the numbers…")
        self._check_values(records)
        self.progress(0.9, "Looking for duplicates and writing the report…")
        result = self._finish(records)
        self.progress(1.0, "Checked.")
        return result

    # -- records -----------------------------------------------------------------------
    def _records(self) -> pd.DataFrame:
        """One record per value: long rows as they are, wide rows melted per indicator."""
        colmap = self.colmap
        parts = []
        value_columns: list[tuple[int, str]] = (
            [(colmap.roles["value"], "")]
            if colmap.form == "long"
            else [(i, self.table.header[i]) for i in colmap.indicator_columns]
        )
        self.value_cols: list[_Column] = []
        self.skipped_empty = 0
        for index, indicator_name in value_columns:
            text, number, formulas = _prepare(self.frame[index], self.table.kind, True)
            col = _Column(self.table.header[index], text, number, np.zeros(self.n, dtype=bool))
            present = text.notna().to_numpy() | pd.notna(formulas)
            if number is not None:
                present |= number.notna().to_numpy()
            if colmap.form == "long":
                present[:] = True
            else:
                self.skipped_empty += int((~present).sum())
            pos = np.flatnonzero(present)
            part = pd.DataFrame(
                {
                    "pos": pos,
                    "vcol": len(self.value_cols),
                    "indicator": indicator_name,
                }
            )
            part["text"] = text.iloc[pos].to_numpy()
            part["number"] = number.iloc[pos].to_numpy() if number is not None else np.nan
            part["formula"] = formulas[pos]
            parts.append(part)
            self.value_cols.append(col)
        records = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        records["text"] = records["text"].astype("str")
        records["line"] = self.lines[records["pos"].to_numpy()]
        # Value cells: refuse unsafe content per record.
        col = _Column("value", records["text"], records["number"], np.zeros(len(records), bool))
        names = [c.name for c in self.value_cols]
        start = len(self.issues.pos)
        _cell_checks(
            col,
            "value",
            records["formula"].to_numpy(dtype=object),
            records["pos"].to_numpy(),
            np.arange(len(records)),
            self.issues,
        )
        vcol = records["vcol"].to_numpy()
        for k in range(start, len(self.issues.pos)):
            self.issues.column[k] = names[vcol[self.issues.rec[k]]]
        records["text"] = col.text
        records["number"] = col.number
        records["unsafe"] = col.bad
        if colmap.form == "long":
            indicator = self.cols["indicator"].text
            records["indicator"] = indicator.iloc[records["pos"].to_numpy()].to_numpy()
        return records

    def _row_values(self, role: str, records: pd.DataFrame) -> pd.Series | None:
        col = self.cols.get(role)
        if col is None:
            return None
        return pd.Series(col.text.to_numpy()[records["pos"].to_numpy()], index=records.index)

    # -- cities ------------------------------------------------------------------------
    def _check_cities(self, records: pd.DataFrame) -> None:
        """Match each distinct (city, country, ids) combination once, then spread by row."""
        present = [r for r in ("city", "country", "geonames_id", "city_id") if r in self.cols]
        reference = [i for i, r in enumerate(present) if r != "country"]
        texts = pd.DataFrame({r: self.cols[r].text.to_numpy() for r in present})
        bad_cell = np.zeros(self.n, dtype=bool)
        for r in present:
            bad_cell |= self.cols[r].bad
        missing = texts.iloc[:, reference].isna().all(axis=1).to_numpy() & ~bad_cell
        eligible = ~bad_cell & ~missing
        codes = texts.groupby(present, dropna=False, sort=False).ngroup().to_numpy()
        _, first_pos = np.unique(codes, return_index=True)

        city_col = self.cols[present[reference[0]]]
        for pos in np.flatnonzero(missing):
            self.issues.add(pos, -1, city_col.name, "city_missing", "the city is empty", "")

        found_ids = np.full(len(first_pos), None, dtype=object)
        failures: dict[int, tuple[tuple[object, ...], CityMatch]] = {}
        for code, pos in enumerate(first_pos):
            key = tuple(None if _is_na(v) else v for v in texts.iloc[pos].tolist())
            if all(key[i] is None for i in reference):
                continue
            args = dict(zip(present, key, strict=True))
            found = self.matcher.match(
                args.get("city"),  # type: ignore[arg-type]
                args.get("country"),  # type: ignore[arg-type]
                geonames_id=args.get("geonames_id"),  # type: ignore[arg-type]
                city_id=args.get("city_id"),  # type: ignore[arg-type]
                overrides=self.city_overrides,
            )
            if found.status == "matched":
                found_ids[code] = found.city_id
            else:
                failures[code] = (key, found)
        self.city_ids = np.where(eligible, found_ids[codes], None)

        # Row positions per failing combination, in file order.
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(first_pos) + 1))
        self.unmatched = []
        for code, (key, found) in failures.items():
            rows = order[bounds[code] : bounds[code + 1]]
            positions = rows[eligible[rows]].tolist()
            if not positions:
                continue
            item = self._unmatched(dict(zip(present, key, strict=True)), found, positions)
            self.unmatched.append(item)
            if item.code == "country_unknown":
                column, shown = self.cols["country"].name, key[present.index("country")]
            else:
                first = next(i for i in reference if key[i] is not None)
                column, shown = self.cols[present[first]].name, key[first]
            for pos in positions:
                self.issues.add(pos, -1, column, item.code, item.reason, shown)
        self.unmatched.sort(key=lambda item: item.lines[0])
        records["city_id"] = self.city_ids[records["pos"].to_numpy()]

    def _unmatched(
        self, args: dict[str, object], found: CityMatch, positions: list[int]
    ) -> UnmatchedCity:
        text = str(args.get("city") or args.get("geonames_id") or args.get("city_id") or "")
        country = str(args.get("country") or "")
        proposals: tuple[GazetteerCandidate, ...] = ()
        if self.gazetteer is not None and found.status == "unmatched":
            gid = str(args.get("geonames_id") or text)
            if gid.isdigit():
                hit = self.gazetteer.get(int(gid))
                proposals = (hit,) if hit else ()
            elif args.get("city"):
                proposals = self.gazetteer.lookup(text, country or None, limit=3)
        # A gazetteer hit that the Atlas already has is a spelling suggestion, not a new city
        # ("Muenchen" -> GeoNames Munich -> the Atlas's Munich).
        suggestions = list(found.suggestions)
        known = {s.city_id for s in suggestions}
        new_cities = []
        for candidate in proposals:
            atlas_id = self.matcher.city_for_geonames(candidate.geonames_id)
            if atlas_id is None:
                new_cities.append(candidate)
            elif atlas_id not in known:
                suggestions.append(self.matcher.suggestion(atlas_id, candidate.score))
                known.add(atlas_id)
        reason = found.reason
        if suggestions and not found.suggestions and found.status == "unmatched":
            hint = " or ".join(s.label for s in suggestions)
            reason = f"{found.reason}; did you mean {hint}?"
        return UnmatchedCity(
            text=text,
            country=country,
            reason=reason,
            code=_CITY_STATUS_CODE[found.status],
            lines=tuple(int(self.lines[p]) for p in positions),
            suggestions=tuple(suggestions),
            gazetteer=tuple(new_cities),
        )

    # -- years and sources -------------------------------------------------------------
    def _check_years(self, records: pd.DataFrame) -> None:
        years = np.full(self.n, -1, dtype=np.int64)
        col = self.cols.get("year")
        if col is None:
            years[:] = int(self.year)  # type: ignore[arg-type]
        else:
            text = col.text
            number = pd.to_numeric(
                text.where(text.str.fullmatch(r"[-+]?\d+(?:\.0+)?").fillna(False).astype(bool)),
                errors="coerce",
            ).astype("float64")
            if col.number is not None:
                number = number.fillna(col.number)
            empty = text.isna().to_numpy() & number.isna().to_numpy() & ~col.bad
            whole = number.notna().to_numpy() & (number.fillna(0.5) % 1 == 0).to_numpy()
            # Clipped so that "99999999999999999999" cannot overflow; it is out of range anyway.
            years[whole] = number[whole].clip(-1e9, 1e9).astype(np.int64)
            for pos in np.flatnonzero(empty):
                if self.year is not None:
                    years[pos] = int(self.year)
                else:
                    self.issues.add(pos, -1, col.name, "year_missing", "the year is empty", "")
            shown = text.fillna(number.astype("str"))
            invalid = ~whole & ~empty & ~col.bad
            for pos in np.flatnonzero(invalid):
                value = shown.iloc[pos]
                reason = (
                    "is a date; type only the year (for example 2023)"
                    if len(str(value)) >= 8 and str(value)[4:5] == "-"
                    else "is not a year; type a four-digit year such as 2023"
                )
                self.issues.add(pos, -1, col.name, "year_invalid", reason, value)
            out = whole & ((years < YEAR_MIN) | (years > YEAR_MAX))
            for pos in np.flatnonzero(out):
                self.issues.add(
                    pos,
                    -1,
                    col.name,
                    "year_out_of_range",
                    f"{snippet(shown.iloc[pos], 20)} is outside {YEAR_MIN}–{YEAR_MAX}",
                    shown.iloc[pos],
                )
        records["year"] = years[records["pos"].to_numpy()]

    def _check_sources(self, records: pd.DataFrame) -> None:
        col = self.cols.get("source")
        if col is None:
            records["source"] = self.source
            return
        text = col.text
        if self.source is not None:
            text = text.where(text.notna().to_numpy() | col.bad, self.source)
        for pos in np.flatnonzero(text.isna().to_numpy() & ~col.bad):
            self.issues.add(pos, -1, col.name, "source_missing", "the source is empty", "")
        records["source"] = text.to_numpy()[records["pos"].to_numpy()]

    # -- indicators, units and values --------------------------------------------------
    def _check_indicators(self, records: pd.DataFrame) -> None:
        if self.colmap.form == "long":
            col = self.cols["indicator"]
            for pos in np.flatnonzero(col.text.isna().to_numpy() & ~col.bad):
                self.issues.add(
                    pos, -1, col.name, "indicator_missing", "the indicator is empty", ""
                )
            unit = self._row_values("unit", records)
        else:
            limit = MAX_CHARS["indicator"]
            names_arr = records["indicator"].to_numpy()
            for index in self.colmap.indicator_columns:
                name = self.table.header[index]
                if len(name) > limit:
                    for rec in np.flatnonzero(names_arr == name):
                        self.issues.add(
                            records["pos"].iloc[rec],
                            rec,
                            name,
                            "too_long",
                            f"the column name is longer than {limit} characters",
                            name,
                        )
            unit = None
        names = records["indicator"].astype(object)
        # Few distinct names, many rows: fold each distinct name once.
        folded = {v: header_key(v) for v in names.dropna().unique().tolist() if isinstance(v, str)}
        keys = names.map(folded)
        records["indicator_key"] = keys
        records["unit"] = unit.to_numpy() if unit is not None else None
        self.display: dict[str, str] = {}
        for key, name in zip(keys.tolist(), names.tolist(), strict=True):
            if isinstance(key, str) and key and key not in self.display:
                self.display[key] = str(name)
        if self.colmap.form == "long":
            # "???" or "—" has no letters or digits to name an indicator by.
            col = self.cols["indicator"]
            for rec in np.flatnonzero((keys == "").to_numpy()):
                pos = int(records["pos"].iloc[rec])
                self.issues.add(
                    pos,
                    rec,
                    col.name,
                    "indicator_missing",
                    "the indicator name has no letters or digits",
                    names.iloc[rec],
                )
        # One unit per indicator: a second unit means two different measurements were mixed.
        self.units: dict[str, str] = {}
        if unit is not None:
            with_unit = records[records["unit"].notna() & records["indicator_key"].notna()]
            for key, group in with_unit.groupby("indicator_key", sort=False)["unit"]:
                counts = Counter(group.tolist())
                self.units[str(key)] = counts.most_common(1)[0][0]
            if len(with_unit):
                expected = with_unit["indicator_key"].map(self.units)
                clash = with_unit[with_unit["unit"] != expected]
                for rec, row in clash.iterrows():
                    self.issues.add(
                        row["pos"],
                        rec,
                        self.cols["unit"].name,
                        "unit_conflict",
                        f"unit “{snippet(row['unit'])}” differs from “"
                        f"{snippet(self.units[row['indicator_key']])}” used in the other rows "
                        "for this indicator",
                        row["unit"],
                    )
        self.value_types = {
            key: _value_type(
                key, name, self.units.get(key, ""), self.indicator_types, self.catalogue
            )
            for key, name in self.display.items()
        }

    def _check_values(self, records: pd.DataFrame) -> None:
        text = records["text"]
        is_text = text.notna()
        delimiter = self.table.delimiter
        decimal, evidenced = detect_decimal(text[is_text], delimiter)
        self.decimal, self.decimal_evidenced = decimal, evidenced
        self.has_text_numbers = bool(is_text.any())
        values, ok = parse_numbers(text, decimal)
        number = records["number"].astype("float64")
        values = values.where(ok, number)
        ok = ok | number.notna()
        records["value"] = values
        unsafe = records["unsafe"].to_numpy(dtype=bool)
        names = [c.name for c in self.value_cols]
        vcol = records["vcol"].to_numpy()
        pos = records["pos"].to_numpy()
        missing = ~ok.to_numpy() & ~is_text.to_numpy() & ~unsafe
        for rec in np.flatnonzero(missing):
            self.issues.add(
                pos[rec], rec, names[vcol[rec]], "value_missing", "the value is empty", ""
            )
        bad = ~ok.to_numpy() & is_text.to_numpy() & ~unsafe
        for rec in np.flatnonzero(bad):
            cell = text.iloc[rec]
            self.issues.add(
                pos[rec],
                rec,
                names[vcol[rec]],
                "non_numeric",
                f"“{snippet(cell)}” {why_not_a_number(cell, decimal)}",
                cell,
            )
        kinds = records["indicator_key"].map(self.value_types).to_numpy()
        vals = values.to_numpy(dtype="float64", na_value=np.nan)
        shown = text.fillna(records["number"].astype("str"))
        for rec in np.flatnonzero((kinds == "count") & (vals < 0)):
            self.issues.add(
                pos[rec],
                rec,
                names[vcol[rec]],
                "negative_count",
                "is negative, but this indicator is a count",
                shown.iloc[rec],
            )
        for rec in np.flatnonzero((kinds == "rank") & (vals < 1)):
            self.issues.add(
                pos[rec],
                rec,
                names[vcol[rec]],
                "rank_below_one",
                "is below 1, but this indicator is a rank",
                shown.iloc[rec],
            )

    # -- result ------------------------------------------------------------------------
    def _finish(self, records: pd.DataFrame) -> ValidationReport:
        issues = self.issues
        pos_arr = np.asarray(issues.pos, dtype=np.int64)
        rec_arr = np.asarray(issues.rec, dtype=np.int64)
        row_bad = np.zeros(self.n, dtype=bool)
        row_bad[pos_arr[rec_arr < 0]] = True
        rec_bad = row_bad[records["pos"].to_numpy()]
        rec_bad[rec_arr[rec_arr >= 0]] = True
        # Duplicates among otherwise good records: the first occurrence wins.
        good = records[~rec_bad]
        dup_key = ["city_id", "indicator_key", "year"]
        later = good.duplicated(dup_key, keep="first")
        duplicates: list[Duplicate] = []
        if later.any():
            involved = good[good.duplicated(dup_key, keep=False)]
            for (cid, key, yr), group in involved.groupby(dup_key, sort=False):
                lines = tuple(int(x) for x in group["line"])
                duplicates.append(
                    Duplicate(
                        str(cid),
                        self.display[str(key)],
                        int(yr),
                        lines,
                        tuple(float(v) for v in group["value"]),
                    )
                )
                first = lines[0]
                for rec, row in group.iloc[1:].iterrows():
                    issues.add(
                        row["pos"],
                        rec,
                        self.value_cols[row["vcol"]].name,
                        "duplicate",
                        f"same city, indicator and year as line {first}; only the first is kept",
                        row["text"] if isinstance(row["text"], str) else row["value"],
                    )
            rec_bad[later[later].index.to_numpy()] = True
        accepted = records[~rec_bad]
        n_acc, n_rej = len(accepted), int(rec_bad.sum())

        line_of = self.lines
        order = sorted(
            range(len(issues.pos)), key=lambda k: (issues.pos[k], issues.rec[k], issues.column[k])
        )
        rejected = tuple(
            RowIssue(
                int(line_of[issues.pos[k]]),
                issues.column[k],
                issues.reason[k],
                issues.code[k],
                issues.value[k],
            )
            for k in order
        )
        indicators = self._user_indicators(accepted)
        out = accepted.assign(indicator=accepted["indicator_key"].map(self.display))
        out = out[
            ["city_id", "indicator", "indicator_key", "year", "value", "source", "unit", "line"]
        ].copy()
        note = self._row_values("note", accepted)
        out["note"] = note.to_numpy() if note is not None else None
        unit_name = self._row_values("unit_name", accepted)
        out["unit_name"] = unit_name.to_numpy() if unit_name is not None else None
        out = out.reset_index(drop=True)
        report = ValidationReport(
            ok=n_acc > 0,
            file_error=None,
            messages=(),
            form=self.colmap.form,
            file_kind=self.table.kind,
            encoding=self.table.encoding,
            delimiter=self.table.delimiter,
            decimal=self.decimal,
            sheet=self.table.sheet,
            rows_read=self.n,
            rows_accepted=n_acc,
            rows_rejected=n_rej,
            rejected=rejected,
            unmatched_cities=tuple(self.unmatched),
            duplicates=tuple(duplicates),
            out_of_range=tuple(i for i in rejected if i.code in OUT_OF_RANGE_CODES),
            indicators=indicators,
            accepted=out,
        )
        return _with_messages(report, self)

    def _user_indicators(self, accepted: pd.DataFrame) -> tuple[UserIndicator, ...]:
        counts = accepted["indicator_key"].value_counts(sort=False)
        used_ids: set[str] = set()
        result = []
        for key, name in self.display.items():
            if key not in counts.index:
                continue
            base = "user_" + (slugify(name, "_")[:50] or "indicator")
            ident, n = base, 2
            while ident in used_ids:
                ident, n = f"{base}_{n}", n + 1
            used_ids.add(ident)
            value_type = self.value_types[key]
            unit = self.units.get(key) or (self.catalogue.get(key, ("", ""))[1])
            result.append(
                UserIndicator(
                    name=name,
                    indicator_id=ident,
                    unit=unit,
                    value_type=value_type,
                    higher_is_better=value_type != "rank",
                    rows=int(counts[key]),
                )
            )
        return tuple(result)


# ------------------------------------------------------------------------------- messages

_TEXT_FORMULA = (
    "{n} like a spreadsheet formula (=, +, -, @) and {was} refused: {where}. Type the "
    "plain value without the leading sign. Nothing in the file was run."
)


def _where(issues: list[RowIssue], limit: int = 3) -> str:
    parts = [f"line {i.line} ({snippet(i.column, 30)})" for i in issues[:limit]]
    more = f" and {len(issues) - limit:,} more" if len(issues) > limit else ""
    return ", ".join(parts) + more


def _with_messages(report: ValidationReport, run: _Validation) -> ValidationReport:
    messages: list[str] = []
    table = run.table
    unit_word = "rows" if report.form == "long" else "values"
    if table.kind == "csv":
        number_style = ""
        if run.has_text_numbers:
            style = "decimal comma" if run.decimal == "," else "decimal point"
            number_style = f", {style}" + ("" if run.decimal_evidenced else " assumed")
        delimiter = DELIMITER_NAMES.get(table.delimiter or "", "comma")
        messages.append(
            f"Read a CSV file ({table.encoding}, {delimiter}-separated{number_style}) in the "
            f"{report.form} form: {_plural(report.rows_read, 'data row')}."
        )
    else:
        messages.append(
            f"Read sheet “{snippet(table.sheet or '')}” of an Excel workbook in the "
            f"{report.form} form: {_plural(report.rows_read, 'data row')}."
        )
    messages.extend(table.notes)
    if run.colmap.ignored:
        names = ", ".join(snippet(n, 30) for n in run.colmap.ignored)
        messages.append(f"Ignored columns the Atlas does not use here: {names}.")
    if report.form == "wide" and run.skipped_empty:
        messages.append(f"{_plural(run.skipped_empty, 'empty cell')} skipped.")

    if report.rows_rejected == 0 and report.rows_accepted == 0:
        messages.append("No values were found: every indicator cell is empty.")
    elif report.rows_rejected == 0 and report.rows_accepted == 1:
        messages.append(f"The only {unit_word[:-1]} was accepted.")
    elif report.rows_rejected == 0:
        messages.append(f"All {report.rows_accepted:,} {unit_word} were accepted.")
    else:
        accepted = _plural(report.rows_accepted, unit_word[:-1], unit_word)
        messages.append(f"{accepted} accepted, {report.rows_rejected:,} rejected.")

    by_code: dict[str, list[RowIssue]] = {}
    for issue in report.rejected:
        by_code.setdefault(issue.code, []).append(issue)

    def count(code: str, one: str, many: str) -> str:
        return _plural(len(by_code[code]), one, many)

    if "excel_formula" in by_code:
        messages.append(
            f"{count('excel_formula', 'cell contains', 'cells contain')} an Excel formula: "
            f"{_where(by_code['excel_formula'])}. The Atlas reads typed values only: in Excel, "
            "copy those cells and use Paste Special > Values, then upload again."
        )
    if "formula" in by_code:
        messages.append(
            _TEXT_FORMULA.format(
                n=count("formula", "cell starts", "cells start"),
                was="was" if len(by_code["formula"]) == 1 else "were",
                where=_where(by_code["formula"]),
            )
        )
    if "html" in by_code:
        messages.append(
            f"{count('html', 'cell contains', 'cells contain')} HTML or script code and "
            f"{'was' if len(by_code['html']) == 1 else 'were'} refused: {_where(by_code['html'])}. "
            "Remove the tags (the text between < and >) and upload again."
        )
    if "too_long" in by_code:
        messages.append(
            f"{count('too_long', 'cell is', 'cells are')} too long: {_where(by_code['too_long'])}. "
            "Shorten them; a stray quote mark can also swallow the rest of a line."
        )
    if "too_many_cells" in by_code:
        lines = [i.line for i in by_code["too_many_cells"]]
        messages.append(
            f"{count('too_many_cells', 'row has', 'rows have')} more cells than the header: "
            f"{_lines_text(lines)}. This usually means a decimal comma in a comma-separated "
            "file: put such numbers in quotes, or save the file with semicolons."
        )
    if report.unmatched_cities:
        names = []
        for item in report.unmatched_cities[:5]:
            detail = _lines_text(item.lines)
            if item.code != "city_unmatched":
                detail += f": {item.reason}"
            elif item.suggestions:
                detail += f"; did you mean {' or '.join(s.label for s in item.suggestions)}?"
            names.append(f"{snippet(item.text, 30)} ({detail})")
        more = len(report.unmatched_cities) - 5
        listed = ", ".join(names) + (f" and {more:,} more" if more > 0 else "")
        n_rows = sum(len(i.lines) for i in report.unmatched_cities)
        messages.append(
            f"{_plural(len(report.unmatched_cities), 'city', 'cities')} could not be matched to "
            f"the Atlas ({_plural(n_rows, 'row')}): {listed}. Correct the spelling or add a "
            "country column, or confirm one of the suggestions, then upload again."
        )
        proposals = [i for i in report.unmatched_cities if i.gazetteer]
        if proposals:
            offered = ", ".join(
                f"{snippet(i.text, 30)} as {i.gazetteer[0].label}" for i in proposals[:5]
            )
            messages.append(
                f"Not yet in the Atlas but found in the GeoNames gazetteer: {offered}. Confirm "
                "to add them for this session."
            )
    if "city_missing" in by_code:
        lines = [i.line for i in by_code["city_missing"]]
        messages.append(
            f"{count('city_missing', 'row has', 'rows have')} no city: {_lines_text(lines)}."
        )
    if "indicator_missing" in by_code:
        lines = [i.line for i in by_code["indicator_missing"]]
        messages.append(
            f"{count('indicator_missing', 'row has', 'rows have')} no indicator: "
            f"{_lines_text(lines)}."
        )
    for code, text in (
        ("year_missing", "{n} no year: {lines}. Fill in the year, or choose one for the file."),
        ("year_invalid", "{n} a year that is not a whole number: {lines}. Type years as 2023."),
        (
            "year_out_of_range",
            "{n} a year outside " + f"{YEAR_MIN}–{YEAR_MAX}" + ": {lines}. Check for typos.",
        ),
        ("source_missing", "{n} no source: {lines}. Say where each figure comes from."),
        ("value_missing", "{n} no value: {lines}."),
        (
            "non_numeric",
            "{n} a value that is not a number: {lines}. Type digits only, for example 1234.5 "
            "or 1.234,5, and put units in the unit column.",
        ),
        ("negative_count", "{n} a negative count: {lines}. A count cannot be below zero."),
        ("rank_below_one", "{n} a rank below 1: {lines}. Ranks start at 1."),
        (
            "unit_conflict",
            "{n} a unit that differs from the other rows of the same indicator: {lines}. Use "
            "one unit per indicator.",
        ),
    ):
        if code in by_code:
            found = by_code[code]
            n = count(code, "row has", "rows have")
            messages.append(text.format(n=n, lines=_lines_text([i.line for i in found])))
    if report.duplicates:
        pairs = [f"line {d.lines[1]} repeats line {d.lines[0]}" for d in report.duplicates[:3]]
        more = len(report.duplicates) - 3
        listed = ", ".join(pairs) + (f" and {more:,} more" if more > 0 else "")
        n_dup = len(by_code.get("duplicate", []))
        messages.append(
            f"{_plural(n_dup, 'row repeats', 'rows repeat')} a city, indicator and year given "
            f"earlier and {'was' if n_dup == 1 else 'were'} left out ({listed}). Keep one row "
            "per city, indicator and year."
        )

    if report.rows_accepted:
        labels = ", ".join(f"{snippet(i.name, 40)} (your data)" for i in report.indicators)
        step = (
            f"Next: confirm to add {_plural(report.rows_accepted, 'value')} as "
            f"{_plural(len(report.indicators), 'new indicator')}: {labels}. They stay in this "
            "session only and are not saved."
        )
        if report.rows_rejected:
            step += " To include the rejected rows, fix them in your file and upload it again."
        messages.append(step)
    else:
        messages.append(
            "Nothing can be added yet: fix the problems above and upload the file again, or "
            "start from the template."
        )
    return replace(report, messages=tuple(messages))


# ------------------------------------------------------------------------------ to frames


def to_atlas_frames(report: ValidationReport, *, retrieved: date | None = None) -> UserData:
    """Accepted rows as Atlas values, plus catalogue and source rows for them (in memory only).

    User indicators get ids prefixed `user_`, so they can never collide with or overwrite a
    curated Atlas indicator, and `derived` False because the user typed them in.
    """
    accepted = report.accepted
    today = (retrieved or date.today()).isoformat()
    source_ids: dict[str, str] = {}
    for name in accepted["source"].dropna().unique().tolist() if len(accepted) else []:
        base = "user-" + (slugify(str(name))[:50] or "source")
        ident, n = base, 2
        while ident in source_ids.values():
            ident, n = f"{base}-{n}", n + 1
        source_ids[str(name)] = ident
    ids = {header_key(i.name): i.indicator_id for i in report.indicators}
    values = pd.DataFrame(
        {
            "city_id": accepted["city_id"].astype("str") if len(accepted) else [],
            "indicator_id": accepted["indicator_key"].map(ids).astype("str")
            if len(accepted)
            else [],
            "year": accepted["year"].astype("int64") if len(accepted) else [],
            "value": accepted["value"].astype("float64") if len(accepted) else [],
            "source_id": accepted["source"].map(source_ids).astype("str") if len(accepted) else [],
            "unit_name": accepted["unit_name"].astype("str") if len(accepted) else [],
            "basis": "published",
            "note": accepted["note"].astype("str") if len(accepted) else [],
        }
    )
    values["year"] = values["year"].astype("int64")
    values["value"] = values["value"].astype("float64")
    first_source = {}
    for key, name in zip(
        accepted.get("indicator_key", []), accepted.get("source", []), strict=True
    ):
        first_source.setdefault(key, source_ids.get(str(name)))
    indicators = pd.DataFrame(
        [
            {
                "indicator_id": i.indicator_id,
                "label": f"{i.name} (your data)",
                "unit": i.unit,
                "group": "user",
                "higher_is_better": i.higher_is_better,
                "geo_unit": "as uploaded",
                "value_type": i.value_type,
                "description": "Uploaded by you in this session; not checked by the Atlas team.",
                "default_source_id": first_source.get(header_key(i.name)),
                "derived": False,
                "per_million": False,
                "per_million_note": "Uploaded data: the geographic unit of the figures is not "
                "known, so a per-million form is not offered.",
            }
            for i in report.indicators
        ],
        columns=[
            "indicator_id",
            "label",
            "unit",
            "group",
            "higher_is_better",
            "geo_unit",
            "value_type",
            "description",
            "default_source_id",
            "derived",
            "per_million",
            "per_million_note",
        ],
    )
    sources = pd.DataFrame(
        [
            {
                "source_id": ident,
                "publisher": name,
                "title": name,
                "url": name if name.lower().startswith(("https://", "http://")) else "",
                "year": pd.NA,
                "licence": "",
                "retrieved": today,
                "note": "Declared by the user with an upload; not verified by the Atlas.",
            }
            for name, ident in source_ids.items()
        ],
        columns=["source_id", "publisher", "title", "url", "year", "licence", "retrieved", "note"],
    )
    sources["year"] = sources["year"].astype("Int64")
    return UserData(values=values, indicators=indicators, sources=sources)
