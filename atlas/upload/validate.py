"""Validating an upload into a report a person can act on, plus Atlas-shaped frames to add.

Every problem is tied to the line the user sees in their file, so they can fix it there. Rows
are judged one by one and good rows are kept: one typo should not throw away a 5,000-row file.
Whole-file problems (wrong type, too big, no city column) stop early with a single message.
Nothing is written to disk and nothing uploaded is executed or rendered.

This module runs the validation in order; the parts are beside it: cell checks in checks.py,
the checks over all rows in row_checks.py, the report's types in report.py, its sentences in
messages.py, and the conversion to Atlas frames in frames.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Literal

import numpy as np
import pandas as pd

from atlas.i18n import _
from atlas.numbers import format_count
from atlas.upload.checks import (
    _cell_checks,
    _Column,
    _frame,
    _is_na,
    _Issues,
    _prepare,
    _refused,
)
from atlas.upload.forms import ColumnMap, map_columns
from atlas.upload.gazetteer import Gazetteer
from atlas.upload.match import CityMatcher
from atlas.upload.messages import _with_messages
from atlas.upload.read import (
    DEFAULT_LIMITS,
    RawTable,
    UploadError,
    UploadLimits,
    _size_mb,
    read_upload,
)
from atlas.upload.report import (
    OUT_OF_RANGE_CODES,
    YEAR_MAX,
    YEAR_MIN,
    Duplicate,
    RowIssue,
    UserIndicator,
    ValidationReport,
)
from atlas.upload.row_checks import (
    check_cities,
    check_indicators,
    check_sources,
    check_values,
    check_years,
)
from atlas.upload.safety import has_markup, is_formula_like
from atlas.upload.text import header_key, slugify, snippet

Progress = Callable[[float, str], None]


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
            UploadError(
                "bad_parameter",
                _("The year {year} is outside {first}–{last}.").format(
                    year=year, first=YEAR_MIN, last=YEAR_MAX
                ),
            )
        )
    source = (source or "").strip() or None
    if source and (is_formula_like(source) or has_markup(source) or len(source) > 300):
        return _refused(
            UploadError(
                "bad_parameter",
                _(
                    "The source name must be plain text under 300 characters, without formulas "
                    "or HTML. Type, for example, the publisher and title of the data."
                ),
            )
        )
    step(0.02, _("Reading the file ({size})…").format(size=_size_mb(len(data))))
    try:
        table = read_upload(data, filename, limits=limits)
        if not table.rows:
            names = ", ".join(snippet(h, 20) for h in table.header if h)
            raise UploadError(
                "header_only",
                _(
                    "The file has a header row ({names}) but no data rows below it. Add one row "
                    "per value under the header and upload again."
                ).format(names=names),
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
    step(
        0.45,
        _("Read {n} data rows; matching cities and checking values…").format(
            n=format_count(len(table.rows))
        ),
    )
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
                    _("has {cells} cells but the header has {header}").format(
                        cells=cells, header=header_width
                    ),
                    "",
                )
        # Value cells are checked per record in _records(); wide files ignore unit/indicator.
        skip = {"value"} if colmap.form == "long" else {"unit", "indicator", "value"}
        for role, index in colmap.roles.items():
            if role not in skip:
                self.cols[role] = self._column(index, role)

        records = self._records()
        self.progress(0.55, _("Matching the cities of {n} rows…").format(n=format_count(self.n)))
        check_cities(self, records)
        self.progress(0.7, _("Checking years, sources and indicators…"))
        check_years(self, records)
        check_sources(self, records)
        check_indicators(self, records)
        self.progress(0.8, _("Reading the numbers…"))
        check_values(self, records)
        self.progress(0.9, _("Looking for duplicates and writing the report…"))
        result = self._finish(records)
        self.progress(1.0, _("Checked."))
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
                        _(
                            "same city, indicator and year as line {first}; only the first is kept"
                        ).format(first=first),
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
