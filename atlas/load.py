"""Load the data package, validate every row, and add the indicators the Atlas derives.

A broken file must never become a traceback in front of a diplomat: every problem is turned
into a `Problem` naming the file, row, column and rule, and all problems are gathered at once
(lazy validation) so a curator can fix a file in one pass.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pycountry

from atlas.datapackage import read_data_as_of
from atlas.derive import derived_values
from atlas.schema import DERIVED_SOURCE_ID, TABLES, TABLES_BY_NAME, Col, Table

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1] / "data"
DATA_DIR_ENV = "ATLAS_DATA_DIR"
FIX_HINT = "Correct the file (or restore the curated copy with `git checkout data/`) and reload."


@dataclass(frozen=True)
class Problem:
    """One broken rule in one cell; `row` is the data row (1 = first row under the header)."""

    file: str
    row: int | None
    column: str | None
    rule: str
    value: str | None = None

    @property
    def message(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row} (line {self.row + 1})"
        if self.column is not None:
            where += f", column '{self.column}'"
        shown = "" if self.value is None else f" (found '{_short(self.value)}')"
        return f"{where}: {self.rule}{shown}."


class DataValidationError(Exception):
    """Raised with every problem found, so the app can list them instead of crashing."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0].message if problems else "no details"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"The Atlas data did not pass validation: {first}{more}")


@dataclass(frozen=True)
class Atlas:
    """All tables after validation; `values` includes the derived indicators."""

    sources: pd.DataFrame
    cities: pd.DataFrame
    indicators: pd.DataFrame
    values: pd.DataFrame
    hubs: pd.DataFrame
    partnerships: pd.DataFrame
    networks: pd.DataFrame
    memberships: pd.DataFrame
    data_as_of: str | None
    data_dir: str
    # changes whenever the content changes (a session's added indicators); a cheap cache key
    version: str = "curated"

    def indicator(self, indicator_id: str) -> pd.Series:
        return self.indicators.loc[indicator_id]


def _short(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def resolve_data_dir(data_dir: str | Path | None = None) -> Path:
    """An explicit folder wins, then ATLAS_DATA_DIR (benchmarks, synthetic data), then data/."""
    if data_dir is not None:
        return Path(data_dir)
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env) if env else DEFAULT_DATA_DIR


# --------------------------------------------------------------------------- parsing

_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


def _parse_column(table: Table, col: Col, raw: pd.Series, problems: list[Problem]) -> pd.Series:
    """Text to typed values; an unparseable cell becomes a Problem and a missing value."""
    text = raw.where(raw.notna(), None)
    present = text.notna() & (text.astype("string").str.strip() != "")
    if col.type == "string":
        return text.astype("string").str.strip().where(present, pd.NA)
    bad = pd.Series(False, index=raw.index)
    if col.type in ("integer", "number"):
        parsed = pd.to_numeric(text.where(present), errors="coerce")
        bad = present & (parsed.isna() | parsed.isin([float("inf"), float("-inf")]))
        parsed = parsed.where(~bad)
        if col.type == "integer":
            # beyond 2**53 a float no longer holds every whole number (and int64 overflows)
            unusable = parsed.notna() & ((parsed % 1 != 0) | (parsed.abs() > 2**53))
            bad |= unusable
            parsed = parsed.where(~unusable).astype("Int64")
        rule = "must be a whole number" if col.type == "integer" else "must be a number"
    elif col.type == "boolean":
        lowered = text.astype("string").str.strip().str.lower()
        parsed = lowered.map(lambda v: True if v in _TRUE else (False if v in _FALSE else pd.NA))
        bad = present & parsed.isna()
        parsed = parsed.astype("boolean")
        rule = "must be true or false"
    elif col.type == "date":
        parsed = pd.to_datetime(text.where(present), format="%Y-%m-%d", errors="coerce")
        bad = present & parsed.isna()
        parsed = text.astype("string").where(~bad & present, pd.NA)
        rule = "must be a date written YYYY-MM-DD"
    else:  # pragma: no cover - schema authors only use the types above
        raise ValueError(f"unknown column type {col.type}")
    for index in raw.index[bad]:
        problems.append(Problem(table.path, int(index) + 1, col.name, rule, str(raw[index])))
    return parsed


def _pandera_schema(table: Table) -> pa.DataFrameSchema:
    columns = {}
    for col in table.columns:
        checks = []
        if col.minimum is not None and col.maximum is not None:
            checks.append(
                pa.Check.in_range(
                    col.minimum,
                    col.maximum,
                    error=f"must be between {col.minimum:g} and {col.maximum:g}",
                )
            )
        elif col.minimum is not None:
            checks.append(pa.Check.ge(col.minimum, error=f"must be at least {col.minimum:g}"))
        if col.enum:
            checks.append(
                pa.Check.isin(list(col.enum), error="must be one of: " + ", ".join(col.enum))
            )
        if col.pattern:
            checks.append(pa.Check.str_matches(col.pattern, error=_pattern_rule(col)))
        columns[col.name] = pa.Column(
            nullable=not col.required, unique=col.unique, checks=checks, required=True
        )
    return pa.DataFrameSchema(columns, strict=False)


def _pattern_rule(col: Col) -> str:
    if col.name == "city_id":
        return "must be a lower-case slug ending in a country code, like 'barcelona-es'"
    if col.name == "country":
        return "must be an ISO 3166 two-letter country code in capitals, like 'ES'"
    if col.name == "operator_country":
        return "must be a two-letter country code or EU, NORDIC, INT"
    return "must be a lower-case id of letters, digits and hyphens"


_PANDERA_RULES = {
    "not_nullable": "is required but empty",
    "field_uniqueness": "must be unique but is repeated",
}


def _run_schema(table: Table, frame: pd.DataFrame, problems: list[Problem]) -> None:
    try:
        _pandera_schema(table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        for case in cases.itertuples(index=False):
            index = case.index
            row = None if pd.isna(index) else int(index) + 1
            value = None if pd.isna(case.failure_case) else str(case.failure_case)
            rule = _PANDERA_RULES.get(str(case.check), str(case.check))
            if str(case.check) == "not_nullable":
                value = None
            problems.append(Problem(table.path, row, case.column, rule, value))


def read_table(table: Table, data_dir: Path, problems: list[Problem]) -> pd.DataFrame | None:
    path = data_dir / table.path
    if not path.exists():
        problems.append(Problem(table.path, None, None, "the file is missing from the data folder"))
        return None
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(table.path, None, None, "the file is not UTF-8 text"))
        return None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        problems.append(Problem(table.path, None, None, f"the file is not readable CSV ({err})"))
        return None
    missing = [c for c in table.column_names if c not in raw.columns]
    for name in missing:
        problems.append(Problem(table.path, None, name, "the column is missing from the header"))
    if missing:
        return None
    before = len(problems)
    frame = pd.DataFrame(
        {c.name: _parse_column(table, c, raw[c.name], problems) for c in table.columns}
    )
    parse_failed = {(p.row, p.column) for p in problems[before:]}
    schema_problems: list[Problem] = []
    _run_schema(table, frame, schema_problems)
    # a cell that could not be parsed is already reported; do not also call it "required"
    problems.extend(
        p
        for p in schema_problems
        if not (p.rule == "is required but empty" and (p.row, p.column) in parse_failed)
    )
    if len(table.primary_key) > 1:
        dup = frame.duplicated(list(table.primary_key), keep="first")
        for index in frame.index[dup]:
            key = ", ".join(str(frame.at[index, k]) for k in table.primary_key)
            problems.append(
                Problem(
                    table.path,
                    int(index) + 1,
                    None,
                    f"the combination ({', '.join(table.primary_key)}) must be "
                    f"unique but ({key}) is repeated",
                )
            )
    return frame


def check_foreign_keys(frames: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    for table in TABLES:
        frame = frames.get(table.name)
        if frame is None:
            continue
        for fk in table.foreign_keys:
            target = frames.get(fk.table)
            if target is None:
                continue
            known = set(target[fk.ref_column].dropna())
            column = frame[fk.column]
            unknown = column.notna() & ~column.isin(known)
            for index in frame.index[unknown]:
                problems.append(
                    Problem(
                        table.path,
                        int(index) + 1,
                        fk.column,
                        f"refers to an unknown {fk.ref_column} in {fk.table}.csv",
                        str(column[index]),
                    )
                )


def check_countries(cities: pd.DataFrame, problems: list[Problem]) -> None:
    for index, code in cities["country"].dropna().items():
        if re.fullmatch(r"[A-Z]{2}", code) and pycountry.countries.get(alpha_2=code) is None:
            problems.append(
                Problem(
                    "cities.csv", int(index) + 1, "country", "is not an ISO 3166 country code", code
                )
            )


def check_derived_not_typed(frames: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Derived indicators are computed on load; a typed-in copy would silently disagree."""
    indicators, values = frames.get("indicators"), frames.get("values")
    if indicators is None or values is None:
        return
    derived = set(indicators.loc[indicators["derived"].fillna(False), "indicator_id"])
    for index in values.index[values["indicator_id"].isin(derived)]:
        problems.append(
            Problem(
                "values.csv",
                int(index) + 1,
                "indicator_id",
                "is a derived indicator, computed by the Atlas: remove the row",
                str(values.at[index, "indicator_id"]),
            )
        )


def validate(data_dir: Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        frame = read_table(table, data_dir, problems)
        if frame is not None:
            frames[table.name] = frame
    check_foreign_keys(frames, problems)
    if "cities" in frames:
        check_countries(frames["cities"], problems)
    check_derived_not_typed(frames, problems)
    return frames, problems


def load_atlas(data_dir: str | Path | None = None) -> Atlas:
    """Read, validate and enrich the data package; raise DataValidationError listing problems."""
    folder = resolve_data_dir(data_dir)
    frames, problems = validate(folder)
    if problems:
        raise DataValidationError(problems)
    as_of = read_data_as_of(folder)
    cities = frames["cities"].copy()
    cities["country_name"] = cities["country"].map(_country_name)
    indicators = frames["indicators"].set_index("indicator_id", drop=False)
    # where a catalogue row comes from; sessions add "user" and "index" rows (atlas/extend.py)
    indicators["origin"] = indicators["derived"].map({True: "derived", False: "curated"})
    values = frames["values"]
    derived = derived_values(
        cities,
        frames["hubs"],
        frames["partnerships"],
        frames["memberships"],
        as_of_year=_year(as_of),
    )
    values = pd.concat([values, derived], ignore_index=True)
    return Atlas(
        sources=frames["sources"].set_index("source_id", drop=False),
        cities=cities.set_index("city_id", drop=False),
        indicators=indicators,
        values=values,
        hubs=frames["hubs"],
        partnerships=frames["partnerships"],
        networks=frames["networks"].set_index("network_id", drop=False),
        memberships=frames["memberships"],
        data_as_of=as_of,
        data_dir=str(folder),
        version=f"curated:{folder}",
    )


def _year(as_of: str | None) -> int:
    if as_of and re.match(r"\d{4}", as_of):
        return int(as_of[:4])
    return pd.Timestamp.now().year


def _country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


__all__ = [
    "DERIVED_SOURCE_ID",
    "TABLES_BY_NAME",
    "Atlas",
    "DataValidationError",
    "Problem",
    "load_atlas",
    "validate",
]
