"""The checks over all rows of an upload, one concern each: cities, years, sources, indicators
and values. Each records its issues on the validation run it is given (`validate._Validation`),
so the order and the per-row bookkeeping stay in one place there.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from atlas.i18n import _
from atlas.upload.checks import (
    MAX_CHARS,
    _is_na,
    _value_type,
)
from atlas.upload.gazetteer import GazetteerCandidate
from atlas.upload.match import CityMatch
from atlas.upload.numbers import detect_decimal, parse_numbers, why_not_a_number
from atlas.upload.report import (
    _CITY_STATUS_CODE,
    YEAR_MAX,
    YEAR_MIN,
    UnmatchedCity,
)
from atlas.upload.text import header_key, snippet

if TYPE_CHECKING:
    from atlas.upload.validate import _Validation


def check_cities(run: _Validation, records: pd.DataFrame) -> None:
    """Match each distinct (city, country, ids) combination once, then spread by row."""
    present = [r for r in ("city", "country", "geonames_id", "city_id") if r in run.cols]
    reference = [i for i, r in enumerate(present) if r != "country"]
    texts = pd.DataFrame({r: run.cols[r].text.to_numpy() for r in present})
    bad_cell = np.zeros(run.n, dtype=bool)
    for r in present:
        bad_cell |= run.cols[r].bad
    missing = texts.iloc[:, reference].isna().all(axis=1).to_numpy() & ~bad_cell
    eligible = ~bad_cell & ~missing
    codes = texts.groupby(present, dropna=False, sort=False).ngroup().to_numpy()
    _, first_pos = np.unique(codes, return_index=True)

    city_col = run.cols[present[reference[0]]]
    for pos in np.flatnonzero(missing):
        run.issues.add(pos, -1, city_col.name, "city_missing", "the city is empty", "")

    found_ids = np.full(len(first_pos), None, dtype=object)
    failures: dict[int, tuple[tuple[object, ...], CityMatch]] = {}
    for code, pos in enumerate(first_pos):
        key = tuple(None if _is_na(v) else v for v in texts.iloc[pos].tolist())
        if all(key[i] is None for i in reference):
            continue
        args = dict(zip(present, key, strict=True))
        found = run.matcher.match(
            args.get("city"),  # type: ignore[arg-type]
            args.get("country"),  # type: ignore[arg-type]
            geonames_id=args.get("geonames_id"),  # type: ignore[arg-type]
            city_id=args.get("city_id"),  # type: ignore[arg-type]
            overrides=run.city_overrides,
        )
        if found.status == "matched":
            found_ids[code] = found.city_id
        else:
            failures[code] = (key, found)
    run.city_ids = np.where(eligible, found_ids[codes], None)

    # Row positions per failing combination, in file order.
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(first_pos) + 1))
    run.unmatched = []
    for code, (key, found) in failures.items():
        rows = order[bounds[code] : bounds[code + 1]]
        positions = rows[eligible[rows]].tolist()
        if not positions:
            continue
        item = unmatched_city(run, dict(zip(present, key, strict=True)), found, positions)
        run.unmatched.append(item)
        if item.code == "country_unknown":
            column, shown = run.cols["country"].name, key[present.index("country")]
        else:
            first = next(i for i in reference if key[i] is not None)
            column, shown = run.cols[present[first]].name, key[first]
        for pos in positions:
            run.issues.add(pos, -1, column, item.code, item.reason, shown)
    run.unmatched.sort(key=lambda item: item.lines[0])
    records["city_id"] = run.city_ids[records["pos"].to_numpy()]


def unmatched_city(
    run: _Validation, args: dict[str, object], found: CityMatch, positions: list[int]
) -> UnmatchedCity:
    text = str(args.get("city") or args.get("geonames_id") or args.get("city_id") or "")
    country = str(args.get("country") or "")
    proposals: tuple[GazetteerCandidate, ...] = ()
    if run.gazetteer is not None and found.status == "unmatched":
        gid = str(args.get("geonames_id") or text)
        if gid.isdigit():
            hit = run.gazetteer.get(int(gid))
            proposals = (hit,) if hit else ()
        elif args.get("city"):
            proposals = run.gazetteer.lookup(text, country or None, limit=3)
    # A gazetteer hit that the Atlas already has is a spelling suggestion, not a new city
    # ("Muenchen" -> GeoNames Munich -> the Atlas's Munich).
    suggestions = list(found.suggestions)
    known = {s.city_id for s in suggestions}
    new_cities = []
    for candidate in proposals:
        atlas_id = run.matcher.city_for_geonames(candidate.geonames_id)
        if atlas_id is None:
            new_cities.append(candidate)
        elif atlas_id not in known:
            suggestions.append(run.matcher.suggestion(atlas_id, candidate.score))
            known.add(atlas_id)
    reason = found.reason
    if suggestions and not found.suggestions and found.status == "unmatched":
        hint = _(" or ").join(s.label for s in suggestions)
        reason = _("{reason}; did you mean {names}?").format(reason=found.reason, names=hint)
    return UnmatchedCity(
        text=text,
        country=country,
        reason=reason,
        code=_CITY_STATUS_CODE[found.status],
        lines=tuple(int(run.lines[p]) for p in positions),
        suggestions=tuple(suggestions),
        gazetteer=tuple(new_cities),
    )


# -- years and sources -------------------------------------------------------------
def check_years(run: _Validation, records: pd.DataFrame) -> None:
    years = np.full(run.n, -1, dtype=np.int64)
    col = run.cols.get("year")
    if col is None:
        years[:] = int(run.year)  # type: ignore[arg-type]
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
            if run.year is not None:
                years[pos] = int(run.year)
            else:
                run.issues.add(pos, -1, col.name, "year_missing", "the year is empty", "")
        shown = text.fillna(number.astype("str"))
        invalid = ~whole & ~empty & ~col.bad
        for pos in np.flatnonzero(invalid):
            value = shown.iloc[pos]
            reason = (
                _("is a date; type only the year (for example 2023)")
                if len(str(value)) >= 8 and str(value)[4:5] == "-"
                else _("is not a year; type a four-digit year such as 2023")
            )
            run.issues.add(pos, -1, col.name, "year_invalid", reason, value)
        out = whole & ((years < YEAR_MIN) | (years > YEAR_MAX))
        for pos in np.flatnonzero(out):
            run.issues.add(
                pos,
                -1,
                col.name,
                "year_out_of_range",
                _("{year} is outside {first}–{last}").format(
                    year=snippet(shown.iloc[pos], 20), first=YEAR_MIN, last=YEAR_MAX
                ),
                shown.iloc[pos],
            )
    records["year"] = years[records["pos"].to_numpy()]


def check_sources(run: _Validation, records: pd.DataFrame) -> None:
    col = run.cols.get("source")
    if col is None:
        records["source"] = run.source
        return
    text = col.text
    if run.source is not None:
        text = text.where(text.notna().to_numpy() | col.bad, run.source)
    for pos in np.flatnonzero(text.isna().to_numpy() & ~col.bad):
        run.issues.add(pos, -1, col.name, "source_missing", "the source is empty", "")
    records["source"] = text.to_numpy()[records["pos"].to_numpy()]


# -- indicators, units and values --------------------------------------------------
def check_indicators(run: _Validation, records: pd.DataFrame) -> None:
    if run.colmap.form == "long":
        col = run.cols["indicator"]
        for pos in np.flatnonzero(col.text.isna().to_numpy() & ~col.bad):
            run.issues.add(pos, -1, col.name, "indicator_missing", "the indicator is empty", "")
        unit = run._row_values("unit", records)
    else:
        limit = MAX_CHARS["indicator"]
        names_arr = records["indicator"].to_numpy()
        for index in run.colmap.indicator_columns:
            name = run.table.header[index]
            if len(name) > limit:
                for rec in np.flatnonzero(names_arr == name):
                    run.issues.add(
                        records["pos"].iloc[rec],
                        rec,
                        name,
                        "too_long",
                        _("the column name is longer than {n} characters").format(n=limit),
                        name,
                    )
        unit = None
    names = records["indicator"].astype(object)
    # Few distinct names, many rows: fold each distinct name once.
    folded = {v: header_key(v) for v in names.dropna().unique().tolist() if isinstance(v, str)}
    keys = names.map(folded)
    records["indicator_key"] = keys
    records["unit"] = unit.to_numpy() if unit is not None else None
    run.display: dict[str, str] = {}
    for key, name in zip(keys.tolist(), names.tolist(), strict=True):
        if isinstance(key, str) and key and key not in run.display:
            run.display[key] = str(name)
    if run.colmap.form == "long":
        # "???" or "—" has no letters or digits to name an indicator by.
        col = run.cols["indicator"]
        for rec in np.flatnonzero((keys == "").to_numpy()):
            pos = int(records["pos"].iloc[rec])
            run.issues.add(
                pos,
                rec,
                col.name,
                "indicator_missing",
                _("the indicator name has no letters or digits"),
                names.iloc[rec],
            )
    # One unit per indicator: a second unit means two different measurements were mixed.
    run.units: dict[str, str] = {}
    if unit is not None:
        with_unit = records[records["unit"].notna() & records["indicator_key"].notna()]
        for key, group in with_unit.groupby("indicator_key", sort=False)["unit"]:
            counts = Counter(group.tolist())
            run.units[str(key)] = counts.most_common(1)[0][0]
        if len(with_unit):
            expected = with_unit["indicator_key"].map(run.units)
            clash = with_unit[with_unit["unit"] != expected]
            for rec, row in clash.iterrows():
                run.issues.add(
                    row["pos"],
                    rec,
                    run.cols["unit"].name,
                    "unit_conflict",
                    _(
                        "unit “{unit}” differs from “{other}” used in the other rows for this "
                        "indicator"
                    ).format(
                        unit=snippet(row["unit"]), other=snippet(run.units[row["indicator_key"]])
                    ),
                    row["unit"],
                )
    run.value_types = {
        key: _value_type(key, name, run.units.get(key, ""), run.indicator_types, run.catalogue)
        for key, name in run.display.items()
    }


def check_values(run: _Validation, records: pd.DataFrame) -> None:
    text = records["text"]
    is_text = text.notna()
    delimiter = run.table.delimiter
    decimal, evidenced = detect_decimal(text[is_text], delimiter)
    run.decimal, run.decimal_evidenced = decimal, evidenced
    run.has_text_numbers = bool(is_text.any())
    values, ok = parse_numbers(text, decimal)
    number = records["number"].astype("float64")
    values = values.where(ok, number)
    ok = ok | number.notna()
    records["value"] = values
    unsafe = records["unsafe"].to_numpy(dtype=bool)
    names = [c.name for c in run.value_cols]
    vcol = records["vcol"].to_numpy()
    pos = records["pos"].to_numpy()
    missing = ~ok.to_numpy() & ~is_text.to_numpy() & ~unsafe
    for rec in np.flatnonzero(missing):
        run.issues.add(pos[rec], rec, names[vcol[rec]], "value_missing", "the value is empty", "")
    bad = ~ok.to_numpy() & is_text.to_numpy() & ~unsafe
    for rec in np.flatnonzero(bad):
        cell = text.iloc[rec]
        run.issues.add(
            pos[rec],
            rec,
            names[vcol[rec]],
            "non_numeric",
            _("“{cell}” {why}").format(cell=snippet(cell), why=why_not_a_number(cell, decimal)),
            cell,
        )
    kinds = records["indicator_key"].map(run.value_types).to_numpy()
    vals = values.to_numpy(dtype="float64", na_value=np.nan)
    shown = text.fillna(records["number"].astype("str"))
    for rec in np.flatnonzero((kinds == "count") & (vals < 0)):
        run.issues.add(
            pos[rec],
            rec,
            names[vcol[rec]],
            "negative_count",
            _("is negative, but this indicator is a count"),
            shown.iloc[rec],
        )
    for rec in np.flatnonzero((kinds == "rank") & (vals < 1)):
        run.issues.add(
            pos[rec],
            rec,
            names[vcol[rec]],
            "rank_below_one",
            _("is below 1, but this indicator is a rank"),
            shown.iloc[rec],
        )


# -- result ------------------------------------------------------------------------
