"""Load the data package, validate every row, and add the indicators the Atlas derives.

A broken file must never become a traceback in front of a diplomat: every problem is turned
into a `Problem` naming the file, row, column and rule, and all problems are gathered at once
(lazy validation) so a curator can fix a file in one pass.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyarrow
import pycountry

from atlas.datapackage import read_data_as_of
from atlas.derive import derived_values
from atlas.i18n import N_, _
from atlas.schema import (
    DERIVED_SOURCE_ID,
    EDITIONS,
    PLACE_NAMES,
    TABLES,
    TABLES_BY_NAME,
    Col,
    Table,
)

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1] / "data"
DATA_DIR_ENV = "ATLAS_DATA_DIR"
# Shown on the page (ui/data.py translates it there with _()).
FIX_HINT = N_(
    "Correct the file (or restore the curated copy with `git checkout data/`) and reload."
)
#: Rows read and parsed at a time: bounds the memory the reading of a large file needs.
CSV_CHUNK_ROWS = 200_000
#: Text columns that repeat a few values over many rows, stored as categoricals by
#: `load_atlas` once validated (`validate` alone keeps plain text). Only columns that the pages
#: compare, filter, group and show, never look up: `Series.map` on a categorical returns a
#: categorical when every category maps to a distinct value, whose order is then that of the
#: keys (sorting by the result goes wrong) and which refuses new values (`fillna`, `where`,
#: `.loc[...] = "x"` raise). Ids (city, indicator, source) are looked up that way by the pages,
#: so they stay text; see bench/memory_profile.py for what each choice costs.
CATEGORY_COLUMNS: dict[str, tuple[str, ...]] = {
    "values": ("unit_name", "basis", "note"),
    "partnerships": ("type", "type_as_published", "status", "note"),
}


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
        """The problem as the page lists it, in the run's language (a rule marked with N_ is
        translated; one built from the schema's values reads as it was written)."""
        rule = _(self.rule)
        if self.row is not None and self.column is not None:
            where = _("{file}, row {row} (line {line}), column '{column}'").format(
                file=self.file, row=self.row, line=self.row + 1, column=self.column
            )
        elif self.row is not None:
            where = _("{file}, row {row} (line {line})").format(
                file=self.file, row=self.row, line=self.row + 1
            )
        elif self.column is not None:
            where = _("{file}, column '{column}'").format(file=self.file, column=self.column)
        else:
            where = self.file
        if self.value is None:
            return _("{where}: {rule}.").format(where=where, rule=rule)
        return _("{where}: {rule} (found '{value}').").format(
            where=where, rule=rule, value=_short(self.value)
        )


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
    # indicator_id, year, places_ranked, source_id, note: how many places each published
    # ranking edition holds (empty for a package without editions.csv)
    editions: pd.DataFrame = field(default_factory=lambda: _empty_frame(EDITIONS))
    # city_id, language, name, source_id: a city's name in es/ca/fr where a source gives one
    # (atlas/localise.py shows it; empty for a package without place_names.csv)
    place_names: pd.DataFrame = field(default_factory=lambda: _empty_frame(PLACE_NAMES))

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
    stripped = text.astype("string").str.strip()
    present = text.notna() & (stripped != "")
    if col.type == "string":
        return stripped.where(present, pd.NA)
    del stripped
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
        rule = N_("must be a whole number") if col.type == "integer" else N_("must be a number")
    elif col.type == "boolean":
        lowered = text.astype("string").str.strip().str.lower()
        parsed = lowered.map(lambda v: True if v in _TRUE else (False if v in _FALSE else pd.NA))
        bad = present & parsed.isna()
        parsed = parsed.astype("boolean")
        rule = N_("must be true or false")
    elif col.type == "date":
        parsed = pd.to_datetime(text.where(present), format="%Y-%m-%d", errors="coerce")
        bad = present & parsed.isna()
        parsed = text.astype("string").where(~bad & present, pd.NA)
        rule = N_("must be a date written YYYY-MM-DD")
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
        return N_("must be a lower-case slug ending in a country code, like 'barcelona-es'")
    if col.name == "country":
        return N_("must be an ISO 3166 two-letter country code in capitals, like 'ES'")
    if col.name == "operator_country":
        return N_("must be a two-letter country code or EU, NORDIC, INT")
    return N_("must be a lower-case id of letters, digits and hyphens")


_PANDERA_RULES = {
    "not_nullable": N_("is required but empty"),
    "field_uniqueness": N_("must be unique but is repeated"),
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


def read_table(
    table: Table, data_dir: Path, problems: list[Problem], compact: bool = False
) -> pd.DataFrame | None:
    """One file, parsed and checked; `compact` stores its CATEGORY_COLUMNS as categoricals.

    The file is read CSV_CHUNK_ROWS rows at a time and each chunk is parsed into typed (and,
    with `compact`, categorical) columns at once, so a large file never exists whole as
    Python strings (the peak of loading, three times the file's size) and its categorical
    columns never whole as text. The problems are those of reading the whole file in one go,
    in the same order, with or without `compact`.
    """
    path = data_dir / table.path
    if not path.exists() and table.may_be_absent:
        return _empty_frame(table)
    if not path.exists():
        problems.append(
            Problem(table.path, None, None, N_("the file is missing from the data folder"))
        )
        return None
    categorical = set(CATEGORY_COLUMNS.get(table.name, ())) if compact else set()
    # one list per column, so problems come column by column whatever the chunking
    cell_problems: dict[str, list[Problem]] = {c.name: [] for c in table.columns}
    parts: list[pd.DataFrame] = []
    missing: list[str] | None = None
    try:
        with pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            encoding="utf-8",
            chunksize=CSV_CHUNK_ROWS,
        ) as reader:
            for raw in reader:
                if missing is None:
                    missing = [
                        c.name
                        for c in table.columns
                        if c.name not in raw.columns and not c.may_be_absent
                    ]
                for col in table.columns:
                    if col.may_be_absent and col.name not in raw.columns:
                        raw[col.name] = pd.Series(pd.NA, index=raw.index, dtype="object")
                if missing:
                    continue  # read on: a file that is also unreadable is reported as that
                columns = {}
                for col in table.columns:
                    parsed = _parse_column(table, col, raw.pop(col.name), cell_problems[col.name])
                    columns[col.name] = (
                        parsed.astype("category") if col.name in categorical else parsed
                    )
                parts.append(pd.DataFrame(columns))
                del raw, columns
    except UnicodeDecodeError:
        problems.append(Problem(table.path, None, None, N_("the file is not UTF-8 text")))
        return None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        problems.append(Problem(table.path, None, None, f"the file is not readable CSV ({err})"))
        return None
    for name in missing or []:
        problems.append(
            Problem(table.path, None, name, N_("the column is missing from the header"))
        )
    if missing:
        return None
    for column_problems in cell_problems.values():
        problems.extend(column_problems)
    # chunks are numbered on from each other, so the joined index is the data row - 1
    frame = parts[0] if len(parts) == 1 else concat_rows(parts)
    del parts
    parse_failed = {(p.row, p.column) for column in cell_problems.values() for p in column}
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


def _empty_frame(table: Table) -> pd.DataFrame:
    """A table with no rows and its typed columns (for a file an older package lacks)."""
    dtypes = {"string": "string", "integer": "Int64", "number": "float64", "boolean": "boolean"}
    return pd.DataFrame(
        {c.name: pd.Series([], dtype=dtypes.get(c.type, "string")) for c in table.columns}
    )


def compact_columns(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """`frame` with the named text columns as categoricals (categories in sorted order).

    A categorical holds each distinct text once plus a small integer per row: for the
    million-row values table that is a few MB instead of a few hundred. Comparing with a
    string, `isin`, `groupby`, `unique` and sorting behave as on text.
    """
    present = [c for c in columns if c in frame.columns]
    if not present:
        return frame
    return frame.astype({c: _category_dtype([frame[c]]) for c in present})


def _category_dtype(parts: Iterable[pd.Series]) -> pd.CategoricalDtype:
    """One dtype whose sorted categories hold every value of every part."""
    seen: list[pd.Index] = []
    for part in parts:
        if isinstance(part.dtype, pd.CategoricalDtype):
            seen.append(pd.Index(part.cat.categories.astype("string")))
        else:
            seen.append(pd.Index(part.dropna().astype("string").unique()))
    categories = seen[0].append(seen[1:]).unique().dropna().sort_values()
    return pd.CategoricalDtype(categories.astype("string"))


def concat_rows(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack frames (a fresh RangeIndex) and keep every categorical column of the first one
    categorical, with the new texts of the others added as categories.

    `pd.concat` alone turns a categorical column met by a text column (or by a categorical
    with other categories) back into a full text column: correct, but it undoes what
    `compact_columns` saved. Use this to add rows to an Atlas table (atlas/extend.py could).
    """
    first = frames[0]
    dtypes = {
        name: _category_dtype([f[name] for f in frames if name in f.columns])
        for name in first.columns
        if isinstance(first[name].dtype, pd.CategoricalDtype)
    }
    aligned = []
    for frame in frames:
        changed = {
            name: _as_category(frame[name], dtype)
            for name, dtype in dtypes.items()
            if name in frame.columns and frame[name].dtype != dtype
        }
        aligned.append(frame.assign(**changed) if changed else frame)
    return pd.concat(aligned, ignore_index=True)


def _as_category(column: pd.Series, dtype: pd.CategoricalDtype) -> pd.Series:
    if not isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype("string")  # so 7 and "7" are one category, as in the text
    return column.astype(dtype)


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
                    "cities.csv",
                    int(index) + 1,
                    "country",
                    N_("is not an ISO 3166 country code"),
                    code,
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
                N_("is a derived indicator, computed by the Atlas: remove the row"),
                str(values.at[index, "indicator_id"]),
            )
        )


def validate(
    data_dir: Path, compact: bool = False
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Every table and every problem; `compact` = CATEGORY_COLUMNS as categoricals (the checks
    across tables report the same problems either way)."""
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        frame = read_table(table, data_dir, problems, compact=compact)
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
    use_system_arrow_pool()
    frames, problems = validate(folder, compact=True)
    if problems:
        raise DataValidationError(problems)
    release_free_memory()  # what reading needed, before the network measures need theirs
    as_of = read_data_as_of(folder)
    cities = frames.pop("cities")
    countries = cities["country"].dropna().unique()
    cities["country_name"] = cities["country"].map({c: _country_name(c) for c in countries})
    indicators = frames["indicators"].set_index("indicator_id", drop=False)
    # where a catalogue row comes from; sessions add "user" and "index" rows (atlas/extend.py)
    indicators["origin"] = indicators["derived"].map({True: "derived", False: "curated"})
    derived = derived_values(
        cities,
        frames["hubs"],
        frames["partnerships"],
        frames["memberships"],
        as_of_year=_year(as_of),
    )
    values = concat_rows([frames.pop("values"), derived])
    del derived
    atlas = Atlas(
        sources=frames["sources"].set_index("source_id", drop=False),
        cities=cities.set_index("city_id", drop=False),
        indicators=indicators,
        values=values,
        hubs=frames["hubs"],
        partnerships=frames["partnerships"],
        networks=frames["networks"].set_index("network_id", drop=False),
        memberships=frames["memberships"],
        editions=frames["editions"],
        place_names=frames["place_names"],
        data_as_of=as_of,
        data_dir=str(folder),
        version=f"curated:{folder}",
    )
    release_free_memory()
    return atlas


def use_system_arrow_pool() -> None:
    """Let Arrow (the text columns' storage) allocate with the C library's malloc.

    Arrow's default pool (mimalloc) keeps what it frees for reuse, so every page's temporary
    columns raised the server's resident size for good: with malloc, large buffers go back
    to the system when freed. All pages at 100x in one process: 1,051 MB peak with mimalloc,
    924 MB with malloc (bench/memory_profile.py, AppTest). The process-wide choice is left
    alone when ARROW_DEFAULT_MEMORY_POOL names a pool explicitly.
    """
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    with contextlib.suppress(Exception):
        pyarrow.set_memory_pool(pyarrow.system_memory_pool())


def release_free_memory() -> None:
    """Hand the memory freed while loading back to the system, so the server's resident size
    is what the Atlas holds, not the peak of reading it (Arrow's pool and glibc keep freed
    memory for reuse otherwise). Best effort: does nothing where unsupported."""
    with contextlib.suppress(Exception):
        pyarrow.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


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
    "compact_columns",
    "concat_rows",
    "load_atlas",
    "use_system_arrow_pool",
    "validate",
]
