"""Every validation rule has a broken fixture, and each asserts the exact message a curator sees.

Each test copies the real data/ folder to tmp_path, breaks one thing, and validates the copy.
Rows are numbered as in `Problem`: row 1 is the first row under the header (line 2 of the file).
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from atlas.load import DataValidationError, Problem, load_atlas, validate
from atlas.schema import (
    BASIS,
    DERIVED_SOURCE_ID,
    HUB_TYPES,
    LIST_COVERAGE,
    PARTNERSHIP_STATUSES,
    REGIONS,
    TABLES,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT / "data"

# enum messages list the allowed values in the schema's order (the lists live in atlas.schema)
REGION_ENUM = ", ".join(REGIONS)  # Africa, Asia, Europe, Latin America and Caribbean, ...
HUB_TYPE_ENUM = ", ".join(HUB_TYPES)  # innovation centre, science attaché office, ...
PARTNERSHIP_STATUS_ENUM = ", ".join(PARTNERSHIP_STATUSES)  # active, ended, suspended, planned


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the curated tables and datapackage.json (not data/geo)."""
    target = tmp_path / "data"
    target.mkdir()
    for path in DATA_DIR.iterdir():
        if path.is_file():
            shutil.copy2(path, target / path.name)
    return target


def read_rows(folder: Path, name: str) -> list[list[str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(folder: Path, name: str, rows: list[list[str]], encoding: str = "utf-8") -> None:
    with (folder / name).open("w", encoding=encoding, errors="replace", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def cell(folder: Path, name: str, row: int, column: str) -> str:
    rows = read_rows(folder, name)
    return rows[row][rows[0].index(column)]


def set_cell(folder: Path, name: str, row: int, column: str, value: str) -> None:
    """Overwrite one cell; `row` counts data rows from 1, like Problem.row."""
    rows = read_rows(folder, name)
    rows[row][rows[0].index(column)] = value
    write_rows(folder, name, rows)


def messages(problems: list[Problem], file: str | None = None) -> list[str]:
    return [p.message for p in problems if file is None or p.file == file]


def problems_of(folder: Path) -> list[Problem]:
    return validate(folder)[1]


def digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------- the real data


def test_real_data_validates_with_zero_problems() -> None:
    frames, problems = validate(DATA_DIR)
    assert messages(problems) == []
    assert set(frames) == {t.name for t in TABLES}


def test_real_data_loads_and_appends_derived_indicators() -> None:
    atlas = load_atlas(DATA_DIR)
    derived = atlas.values.loc[atlas.values["source_id"] == DERIVED_SOURCE_ID, "indicator_id"]
    assert {
        "hubs_hosted",
        "foreign_operators",
        "partnerships",
        "network_memberships",
        "hubs_per_million",
    } <= set(derived)
    assert atlas.data_as_of is not None


def test_validation_and_loading_do_not_modify_the_curated_files() -> None:
    before = digest(DATA_DIR)
    validate(DATA_DIR)
    load_atlas(DATA_DIR)
    assert digest(DATA_DIR) == before


def test_validating_a_broken_copy_leaves_it_untouched(data_copy: Path) -> None:
    set_cell(data_copy, "cities.csv", 3, "latitude", "123.5")
    before = digest(data_copy)
    with pytest.raises(DataValidationError):
        load_atlas(data_copy)
    assert digest(data_copy) == before


def test_the_copy_itself_is_clean(data_copy: Path) -> None:
    """Guards every test below: a problem found must come from the one thing broken."""
    assert messages(problems_of(data_copy)) == []


# --------------------------------------------------------------------------- files and headers


def test_missing_file(data_copy: Path) -> None:
    (data_copy / "hubs.csv").unlink()
    assert messages(problems_of(data_copy)) == [
        "hubs.csv: the file is missing from the data folder."
    ]


def test_missing_column(data_copy: Path) -> None:
    rows = read_rows(data_copy, "cities.csv")
    drop = rows[0].index("region")
    write_rows(data_copy, "cities.csv", [r[:drop] + r[drop + 1 :] for r in rows])
    # the table is not used further, so no knock-on foreign-key problems are reported
    assert messages(problems_of(data_copy)) == [
        "cities.csv, column 'region': the column is missing from the header."
    ]


def test_non_utf8_file(data_copy: Path) -> None:
    rows = read_rows(data_copy, "networks.csv")
    rows[1][rows[0].index("note")] = "Réseau des villes, saved from a spreadsheet as Latin-1"
    write_rows(data_copy, "networks.csv", rows, encoding="cp1252")
    assert messages(problems_of(data_copy)) == ["networks.csv: the file is not UTF-8 text."]


def test_empty_file_is_not_readable_csv(data_copy: Path) -> None:
    (data_copy / "networks.csv").write_text("", encoding="utf-8")
    assert messages(problems_of(data_copy)) == [
        "networks.csv: the file is not readable CSV (No columns to parse from file)."
    ]


def test_utf8_byte_order_mark_is_accepted(data_copy: Path) -> None:
    text = (data_copy / "networks.csv").read_text(encoding="utf-8")
    (data_copy / "networks.csv").write_text("\ufeff" + text, encoding="utf-8")
    assert messages(problems_of(data_copy)) == []


# --------------------------------------------------------------------------- cell types


@pytest.mark.parametrize(
    ("file", "row", "column", "value", "expected"),
    [
        pytest.param(
            "cities.csv",
            3,
            "latitude",
            "north",
            "cities.csv, row 3 (line 4), column 'latitude': must be a number (found 'north').",
            id="not-a-number",
        ),
        pytest.param(
            "values.csv",
            5,
            "value",
            "n/a",
            "values.csv, row 5 (line 6), column 'value': must be a number (found 'n/a').",
            id="not-a-number-values",
        ),
        pytest.param(
            "cities.csv",
            3,
            "population",
            "12.5",
            "cities.csv, row 3 (line 4), column 'population': must be a whole number "
            "(found '12.5').",
            id="not-a-whole-number",
        ),
        pytest.param(
            "hubs.csv",
            2,
            "year_opened",
            "2017.5",
            "hubs.csv, row 2 (line 3), column 'year_opened': must be a whole number "
            "(found '2017.5').",
            id="not-a-whole-number-year",
        ),
        pytest.param(
            "indicators.csv",
            2,
            "per_million",
            "sometimes",
            "indicators.csv, row 2 (line 3), column 'per_million': must be true or false "
            "(found 'sometimes').",
            id="boolean",
        ),
        pytest.param(
            "sources.csv",
            2,
            "retrieved",
            "25/11/2026",
            "sources.csv, row 2 (line 3), column 'retrieved': must be a date written "
            "YYYY-MM-DD (found '25/11/2026').",
            id="date-format",
        ),
        pytest.param(
            "sources.csv",
            2,
            "retrieved",
            "2026-02-30",
            "sources.csv, row 2 (line 3), column 'retrieved': must be a date written "
            "YYYY-MM-DD (found '2026-02-30').",
            id="date-impossible",
        ),
    ],
)
def test_unparseable_cell(
    data_copy: Path, file: str, row: int, column: str, value: str, expected: str
) -> None:
    set_cell(data_copy, file, row, column, value)
    # reported once, as a type problem, not also as "required but empty"
    assert messages(problems_of(data_copy)) == [expected]


@pytest.mark.parametrize(
    ("file", "row", "column", "value"),
    [
        pytest.param("cities.csv", 3, "name", "", id="string"),
        pytest.param("cities.csv", 3, "name", "   ", id="whitespace-only"),
        pytest.param("cities.csv", 3, "latitude", "", id="number"),
        pytest.param("sources.csv", 4, "retrieved", "", id="date"),
        pytest.param("values.csv", 7, "basis", "", id="enum-column"),
    ],
)
def test_required_but_empty(data_copy: Path, file: str, row: int, column: str, value: str) -> None:
    set_cell(data_copy, file, row, column, value)
    assert messages(problems_of(data_copy)) == [
        f"{file}, row {row} (line {row + 1}), column '{column}': is required but empty."
    ]


@pytest.mark.parametrize("value", ["1e30", "99999999999999999999"])
def test_whole_number_too_large_is_a_problem_not_a_crash(data_copy: Path, value: str) -> None:
    set_cell(data_copy, "cities.csv", 3, "population", value)
    assert messages(problems_of(data_copy)) == [
        f"cities.csv, row 3 (line 4), column 'population': must be a whole number "
        f"(found '{value}')."
    ]


def test_optional_number_may_be_empty(data_copy: Path) -> None:
    set_cell(data_copy, "cities.csv", 3, "population", "")
    set_cell(data_copy, "cities.csv", 3, "population_year", "")
    assert messages(problems_of(data_copy)) == []


def test_country_code_na_is_namibia_not_missing(data_copy: Path) -> None:
    set_cell(data_copy, "cities.csv", 3, "country", "NA")
    assert messages(problems_of(data_copy)) == []


# --------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("file", "row", "column", "value", "expected"),
    [
        pytest.param(
            "cities.csv",
            3,
            "latitude",
            "123.5",
            "cities.csv, row 3 (line 4), column 'latitude': must be between -90 and 90 "
            "(found '123.5').",
            id="latitude",
        ),
        pytest.param(
            "cities.csv",
            3,
            "longitude",
            "-181.5",
            "cities.csv, row 3 (line 4), column 'longitude': must be between -180 and "
            "180 (found '-181.5').",
            id="longitude",
        ),
        pytest.param(
            "values.csv",
            2,
            "year",
            "1700",
            "values.csv, row 2 (line 3), column 'year': must be between 1800 and 2100 "
            "(found '1700').",
            id="year-too-small",
        ),
        pytest.param(
            "hubs.csv",
            2,
            "year_opened",
            "2150",
            "hubs.csv, row 2 (line 3), column 'year_opened': must be between 1800 and "
            "2100 (found '2150').",
            id="year-too-large",
        ),
        pytest.param(
            "values.csv",
            2,
            "value",
            "-2.5",
            "values.csv, row 2 (line 3), column 'value': must be at least 0 (found '-2.5').",
            id="negative-value",
        ),
        pytest.param(
            "cities.csv",
            3,
            "population",
            "0",
            "cities.csv, row 3 (line 4), column 'population': must be at least 1 (found '0').",
            id="population-zero",
        ),
    ],
)
def test_out_of_range(
    data_copy: Path, file: str, row: int, column: str, value: str, expected: str
) -> None:
    set_cell(data_copy, file, row, column, value)
    assert messages(problems_of(data_copy)) == [expected]


# --------------------------------------------------------------------------- enums and patterns


@pytest.mark.parametrize(
    ("file", "row", "column", "value", "expected"),
    [
        pytest.param(
            "cities.csv",
            3,
            "region",
            "Antarctica",
            f"cities.csv, row 3 (line 4), column 'region': must be one of: {REGION_ENUM} "
            "(found 'Antarctica').",
            id="region",
        ),
        pytest.param(
            "hubs.csv",
            2,
            "type",
            "embassy",
            f"hubs.csv, row 2 (line 3), column 'type': must be one of: {HUB_TYPE_ENUM} "
            "(found 'embassy').",
            id="hub-type",
        ),
        pytest.param(
            "partnerships.csv",
            2,
            "status",
            "frozen",
            "partnerships.csv, row 2 (line 3), column 'status': must be one of: "
            f"{PARTNERSHIP_STATUS_ENUM} (found 'frozen').",
            id="partnership-status",
        ),
        pytest.param(
            "values.csv",
            2,
            "basis",
            "guessed",
            "values.csv, row 2 (line 3), column 'basis': must be one of: "
            f"{', '.join(BASIS)} (found 'guessed').",
            id="basis",
        ),
        pytest.param(
            "networks.csv",
            2,
            "list_coverage",
            "partial",
            "networks.csv, row 2 (line 3), column 'list_coverage': must be one of: "
            f"{', '.join(LIST_COVERAGE)} (found 'partial').",
            id="list-coverage",
        ),
    ],
)
def test_not_in_enum(
    data_copy: Path, file: str, row: int, column: str, value: str, expected: str
) -> None:
    set_cell(data_copy, file, row, column, value)
    assert messages(problems_of(data_copy)) == [expected]


def test_city_id_pattern(data_copy: Path) -> None:
    set_cell(data_copy, "cities.csv", 3, "city_id", "Accra GH")
    problems = problems_of(data_copy)
    assert messages(problems, "cities.csv") == [
        "cities.csv, row 3 (line 4), column 'city_id': must be a lower-case slug ending in a "
        "country code, like 'barcelona-es' (found 'Accra GH')."
    ]
    # the rows that named the old id now point nowhere, and say so
    assert all(
        p.rule == "refers to an unknown city_id in cities.csv"
        for p in problems
        if p.file != "cities.csv"
    )


def test_country_code_lower_case(data_copy: Path) -> None:
    set_cell(data_copy, "cities.csv", 3, "country", "gh")
    assert messages(problems_of(data_copy)) == [
        "cities.csv, row 3 (line 4), column 'country': must be an ISO 3166 two-letter country "
        "code in capitals, like 'ES' (found 'gh')."
    ]


def test_id_pattern(data_copy: Path) -> None:
    set_cell(data_copy, "hubs.csv", 2, "hub_id", "Some_Hub")
    assert messages(problems_of(data_copy)) == [
        "hubs.csv, row 2 (line 3), column 'hub_id': must be a lower-case id of letters, digits "
        "and hyphens (found 'Some_Hub')."
    ]


def test_operator_country_pattern(data_copy: Path) -> None:
    set_cell(data_copy, "hubs.csv", 2, "operator_country", "Nordic")
    assert messages(problems_of(data_copy)) == [
        "hubs.csv, row 2 (line 3), column 'operator_country': must be a two-letter country code "
        "or EU, NORDIC, INT (found 'Nordic')."
    ]


def test_unknown_iso_country(data_copy: Path) -> None:
    set_cell(data_copy, "cities.csv", 3, "country", "XX")
    assert messages(problems_of(data_copy)) == [
        "cities.csv, row 3 (line 4), column 'country': is not an ISO 3166 country code "
        "(found 'XX')."
    ]


# --------------------------------------------------------------------------- keys


def test_duplicate_city_id(data_copy: Path) -> None:
    rows = read_rows(data_copy, "cities.csv")
    copy = list(rows[1])
    copy[rows[0].index("geonames_id")] = "999999999"  # only the id repeats
    rows.append(copy)
    write_rows(data_copy, "cities.csv", rows)
    city_id, last = rows[1][0], len(rows) - 1
    assert messages(problems_of(data_copy)) == [
        f"cities.csv, row 1 (line 2), column 'city_id': must be unique but is repeated "
        f"(found '{city_id}').",
        f"cities.csv, row {last} (line {last + 1}), column 'city_id': must be unique but is "
        f"repeated (found '{city_id}').",
    ]


def test_duplicate_geonames_id(data_copy: Path) -> None:
    geonames_id = cell(data_copy, "cities.csv", 1, "geonames_id")
    set_cell(data_copy, "cities.csv", 3, "geonames_id", geonames_id)
    assert messages(problems_of(data_copy)) == [
        f"cities.csv, row 1 (line 2), column 'geonames_id': must be unique but is repeated "
        f"(found '{geonames_id}').",
        f"cities.csv, row 3 (line 4), column 'geonames_id': must be unique but is repeated "
        f"(found '{geonames_id}').",
    ]


def test_duplicate_composite_primary_key_in_values(data_copy: Path) -> None:
    rows = read_rows(data_copy, "values.csv")
    header, first = rows[0], rows[1]
    copy = list(first)
    copy[header.index("value")] = "42.0"  # a second, different figure for the same key
    rows.append(copy)
    write_rows(data_copy, "values.csv", rows)
    key = ", ".join(first[header.index(c)] for c in ("city_id", "indicator_id", "year"))
    last = len(rows) - 1
    assert messages(problems_of(data_copy)) == [
        f"values.csv, row {last} (line {last + 1}): the combination (city_id, indicator_id, "
        f"year) must be unique but ({key}) is repeated."
    ]


@pytest.mark.parametrize(
    ("file", "row", "column", "value", "target"),
    [
        pytest.param(
            "values.csv", 2, "city_id", "atlantis-xx", "city_id in cities.csv", id="values-city"
        ),
        pytest.param(
            "values.csv",
            2,
            "indicator_id",
            "happiness",
            "indicator_id in indicators.csv",
            id="values-indicator",
        ),
        pytest.param(
            "hubs.csv",
            2,
            "host_city_id",
            "atlantis-xx",
            "city_id in cities.csv",
            id="hubs-host-city",
        ),
        pytest.param(
            "partnerships.csv",
            2,
            "city_b_id",
            "atlantis-xx",
            "city_id in cities.csv",
            id="partnerships-city-b",
        ),
        pytest.param(
            "memberships.csv",
            2,
            "network_id",
            "no-such-network",
            "network_id in networks.csv",
            id="memberships-network",
        ),
        pytest.param(
            "memberships.csv",
            2,
            "city_id",
            "atlantis-xx",
            "city_id in cities.csv",
            id="memberships-city",
        ),
    ],
)
def test_unknown_foreign_key(
    data_copy: Path, file: str, row: int, column: str, value: str, target: str
) -> None:
    set_cell(data_copy, file, row, column, value)
    assert messages(problems_of(data_copy)) == [
        f"{file}, row {row} (line {row + 1}), column '{column}': refers to an unknown {target} "
        f"(found '{value}')."
    ]


@pytest.mark.parametrize(
    ("file", "column"),
    [
        ("cities.csv", "source_id"),
        ("indicators.csv", "default_source_id"),
        ("values.csv", "source_id"),
        ("hubs.csv", "source_id"),
        ("partnerships.csv", "source_id"),
        ("networks.csv", "source_id"),
        ("memberships.csv", "source_id"),
    ],
)
def test_unknown_source_id(data_copy: Path, file: str, column: str) -> None:
    set_cell(data_copy, file, 2, column, "no-such-source")
    assert messages(problems_of(data_copy)) == [
        f"{file}, row 2 (line 3), column '{column}': refers to an unknown source_id in "
        "sources.csv (found 'no-such-source')."
    ]


@pytest.mark.parametrize("indicator_id", ["hubs_hosted", "population", "partnerships"])
def test_derived_indicator_typed_into_values(data_copy: Path, indicator_id: str) -> None:
    set_cell(data_copy, "values.csv", 2, "indicator_id", indicator_id)
    assert messages(problems_of(data_copy)) == [
        "values.csv, row 2 (line 3), column 'indicator_id': is a derived indicator, computed by "
        f"the Atlas: remove the row (found '{indicator_id}')."
    ]


# --------------------------------------------------------------------------- all at once


def test_several_problems_are_all_reported_at_once(data_copy: Path) -> None:
    set_cell(data_copy, "cities.csv", 3, "latitude", "123.5")
    set_cell(data_copy, "cities.csv", 5, "region", "Antarctica")
    set_cell(data_copy, "values.csv", 2, "year", "1700")
    set_cell(data_copy, "hubs.csv", 2, "host_city_id", "atlantis-xx")
    set_cell(data_copy, "sources.csv", 2, "retrieved", "yesterday")
    problems = problems_of(data_copy)
    # files are reported in load order (sources, cities, ..., then cross-file checks)
    assert [p.file for p in problems] == [
        "sources.csv",
        "cities.csv",
        "cities.csv",
        "values.csv",
        "hubs.csv",
    ]
    assert sorted(messages(problems)) == sorted(
        [
            "sources.csv, row 2 (line 3), column 'retrieved': must be a date written YYYY-MM-DD "
            "(found 'yesterday').",
            "cities.csv, row 3 (line 4), column 'latitude': must be between -90 and 90 "
            "(found '123.5').",
            f"cities.csv, row 5 (line 6), column 'region': must be one of: {REGION_ENUM} "
            "(found 'Antarctica').",
            "values.csv, row 2 (line 3), column 'year': must be between 1800 and 2100 "
            "(found '1700').",
            "hubs.csv, row 2 (line 3), column 'host_city_id': refers to an unknown city_id in "
            "cities.csv (found 'atlantis-xx').",
        ]
    )


def test_load_atlas_raises_with_every_problem_and_names_the_first(data_copy: Path) -> None:
    set_cell(data_copy, "cities.csv", 3, "latitude", "123.5")
    set_cell(data_copy, "hubs.csv", 2, "type", "embassy")
    set_cell(data_copy, "values.csv", 2, "value", "-2.5")
    with pytest.raises(DataValidationError) as caught:
        load_atlas(data_copy)
    err = caught.value
    assert len(err.problems) == 3
    first = (
        "cities.csv, row 3 (line 4), column 'latitude': must be between -90 and 90 (found '123.5')."
    )
    assert err.problems[0].message == first
    assert str(err) == f"The Atlas data did not pass validation: {first} (and 2 more)"


def test_data_validation_error_with_one_problem_has_no_count(data_copy: Path) -> None:
    (data_copy / "hubs.csv").unlink()
    with pytest.raises(DataValidationError) as caught:
        load_atlas(data_copy)
    assert str(caught.value) == (
        "The Atlas data did not pass validation: hubs.csv: the file is "
        "missing from the data folder."
    )


def test_problem_message_shortens_long_values() -> None:
    problem = Problem("hubs.csv", 1, "name", "is too long", "x" * 100)
    assert problem.message == (
        f"hubs.csv, row 1 (line 2), column 'name': is too long (found '{'x' * 59}…')."
    )


def test_load_atlas_reads_the_environment_folder(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy))
    atlas = load_atlas()
    assert atlas.data_dir == str(data_copy)
    assert isinstance(atlas.cities, pd.DataFrame)


# --------------------------------------------------------------------------- chunks, categoricals


#: Rows kept of each table nothing points at, for the tests that read in chunks of 7 rows: the
#: whole package would be about 500 chunks (most of these tests' run time); this keeps every
#: table cut into several chunks, and the broken rows and the repeats across chunk borders.
TRIMMED_ROWS = 20


def trim_to_a_few_chunks(folder: Path) -> Path:
    """Keep the first TRIMMED_ROWS rows of the tables no other table points at, then only the
    cities and sources the kept rows still point at (so the copy stays valid)."""
    referenced = {fk.table for table in TABLES for fk in table.foreign_keys}
    for table in TABLES:
        if table.name not in referenced and (folder / table.path).exists():
            write_rows(folder, table.path, read_rows(folder, table.path)[: TRIMMED_ROWS + 1])
    for target, key_name in (("cities", "city_id"), ("sources", "source_id")):  # cities first
        used = set()
        for table in TABLES:
            if table.name == target or not (folder / table.path).exists():
                continue
            rows = read_rows(folder, table.path)
            for fk in table.foreign_keys:
                if fk.table == target:
                    column = rows[0].index(fk.column)
                    used |= {row[column] for row in rows[1:]}
        rows = read_rows(folder, f"{target}.csv")
        key = rows[0].index(key_name)
        write_rows(folder, f"{target}.csv", [rows[0]] + [r for r in rows[1:] if r[key] in used])
    return folder


@pytest.fixture
def chunk_copy(data_copy: Path) -> Path:
    """data_copy cut down for reading in chunks of 7 rows (trim_to_a_few_chunks)."""
    folder = trim_to_a_few_chunks(data_copy)
    assert validate(folder)[1] == [], "the trimmed copy must start valid"
    return folder


def break_many(folder: Path) -> None:
    """One of every kind of problem in the two tables that are read in chunks and compacted."""
    set_cell(folder, "values.csv", 2, "year", "1700")  # out of range
    set_cell(folder, "values.csv", 5, "value", "n/a")  # unparseable
    set_cell(folder, "values.csv", 9, "basis", "guessed")  # enum, a compacted column
    set_cell(folder, "values.csv", 11, "basis", "")  # required, a compacted column
    set_cell(folder, "values.csv", 12, "city_id", "atlantis-xx")  # foreign key
    set_cell(folder, "partnerships.csv", 3, "status", "frozen")  # enum, compacted
    set_cell(folder, "partnerships.csv", 4, "type", "")  # required, compacted
    set_cell(folder, "partnerships.csv", 6, "year", "1999.5")  # unparseable
    # repeats that cross chunk borders: a composite key and a unique id
    rows = read_rows(folder, "values.csv")
    rows.append(list(rows[1]))
    write_rows(folder, "values.csv", rows)
    rows = read_rows(folder, "partnerships.csv")
    rows.append(list(rows[2]))
    rows[-1][rows[0].index("city_a_id")] = rows[1][rows[0].index("city_a_id")]
    write_rows(folder, "partnerships.csv", rows)


def test_reading_in_chunks_and_compacting_report_the_same_problems(
    chunk_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import atlas.load as load

    break_many(chunk_copy)
    whole = messages(problems_of(chunk_copy))
    assert len(whole) >= 10
    monkeypatch.setattr(load, "CSV_CHUNK_ROWS", 7)
    assert messages(problems_of(chunk_copy)) == whole
    assert messages(validate(chunk_copy, compact=True)[1]) == whole


@pytest.mark.parametrize("chunk", [7, 100_000])
def test_unreadable_row_late_in_the_file_is_reported_as_when_read_whole(
    chunk_copy: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    import atlas.load as load

    with (chunk_copy / "values.csv").open("a", encoding="utf-8") as handle:
        handle.write(",".join("abcdefghijkl") + "\n")  # more fields than the header
    set_cell(chunk_copy, "values.csv", 3, "value", "n/a")  # dropped: the file is unreadable
    monkeypatch.setattr(load, "CSV_CHUNK_ROWS", chunk)
    text = (chunk_copy / "values.csv").read_text(encoding="utf-8")
    lines, fields = len(text.splitlines()), len(text.splitlines()[0].split(","))
    assert messages(problems_of(chunk_copy)) == [
        f"values.csv: the file is not readable CSV (Error tokenizing data. C error: Expected "
        f"{fields} fields in line {lines}, saw 12\n)."
    ]


def test_missing_column_is_reported_after_reading_the_whole_file(
    chunk_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import atlas.load as load

    rows = read_rows(chunk_copy, "values.csv")
    column = rows[0].index("note")
    write_rows(chunk_copy, "values.csv", [r[:column] + r[column + 1 :] for r in rows])
    monkeypatch.setattr(load, "CSV_CHUNK_ROWS", 7)
    assert messages(problems_of(chunk_copy)) == [
        "values.csv, column 'note': the column is missing from the header."
    ]


def test_chunked_frames_equal_the_whole_file(
    chunk_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import atlas.load as load

    whole = validate(chunk_copy)[0]
    monkeypatch.setattr(load, "CSV_CHUNK_ROWS", 7)
    chunked = validate(chunk_copy)[0]
    for name, frame in whole.items():
        pd.testing.assert_frame_equal(chunked[name], frame, check_index_type=True)


def test_load_atlas_stores_repetitive_text_as_categoricals_with_the_same_content() -> None:
    from atlas.load import CATEGORY_COLUMNS

    atlas = load_atlas(DATA_DIR)
    plain = validate(DATA_DIR)[0]
    for table, columns in CATEGORY_COLUMNS.items():
        frame = getattr(atlas, table)
        for column in columns:
            assert isinstance(frame[column].dtype, pd.CategoricalDtype), (table, column)
            categories = list(frame[column].cat.categories)
            assert categories == sorted(categories)
        assert len(frame) >= len(plain[table])
        text = frame.iloc[: len(plain[table])].astype({c: "string" for c in columns})
        pd.testing.assert_frame_equal(text, plain[table], check_dtype=False)
    # ids stay text: pages look them up with Series.map (see CATEGORY_COLUMNS)
    for column in ("city_id", "indicator_id", "source_id"):
        assert atlas.values[column].dtype == "string"
    derived = atlas.values.loc[atlas.values["basis"] == "derived"]
    assert DERIVED_SOURCE_ID in set(derived["source_id"])
    assert derived["unit_name"].isna().all()


def test_concat_rows_keeps_categoricals_and_adds_the_new_texts() -> None:
    from atlas.load import compact_columns, concat_rows

    base = compact_columns(
        pd.DataFrame(
            {"basis": pd.array(["published", "inferred"], dtype="string"), "value": [1.0, 2.0]}
        ),
        ["basis"],
    )
    extra = pd.DataFrame({"basis": ["derived", None], "value": [3.0, 4.0]})
    both = concat_rows([base, extra])
    assert isinstance(both["basis"].dtype, pd.CategoricalDtype)
    assert list(both["basis"].cat.categories) == ["derived", "inferred", "published"]
    assert both["basis"].iloc[:3].tolist() == ["published", "inferred", "derived"]
    assert pd.isna(both["basis"].iloc[3])
    assert list(both.index) == [0, 1, 2, 3]
    assert both["value"].tolist() == [1.0, 2.0, 3.0, 4.0]
    # numbers held as text in another frame join the same category, not a new one
    mixed = concat_rows(
        [compact_columns(pd.DataFrame({"k": ["7"]}), ["k"]), pd.DataFrame({"k": [7]})]
    )
    assert list(mixed["k"].cat.categories) == ["7"]
    assert mixed["k"].tolist() == ["7", "7"]


# --------------------------------------------------------------------------- place names


def test_place_name_in_an_unknown_language_is_named(data_copy: Path) -> None:
    set_cell(data_copy, "place_names.csv", 1, "language", "de")
    assert messages(problems_of(data_copy)) == [
        "place_names.csv, row 1 (line 2), column 'language': must be one of: es, ca, fr "
        "(found 'de')."
    ]


def test_place_name_of_an_unknown_city_is_named(data_copy: Path) -> None:
    set_cell(data_copy, "place_names.csv", 1, "city_id", "atlantis-es")
    assert messages(problems_of(data_copy)) == [
        "place_names.csv, row 1 (line 2), column 'city_id': refers to an unknown city_id in "
        "cities.csv (found 'atlantis-es')."
    ]


def test_two_names_of_a_city_in_one_language_are_named(data_copy: Path) -> None:
    rows = read_rows(data_copy, "place_names.csv")
    write_rows(data_copy, "place_names.csv", [*rows, rows[1]])
    found = messages(problems_of(data_copy))
    assert len(found) == 1
    assert "combination (city_id, language) must be unique" in found[0]
    assert f"({rows[1][0]}, {rows[1][1]}) is repeated" in found[0]


def test_a_package_without_place_names_loads_with_an_empty_table(data_copy: Path) -> None:
    (data_copy / "place_names.csv").unlink()
    atlas = load_atlas(data_copy)
    assert atlas.place_names.empty
    assert list(atlas.place_names.columns) == ["city_id", "language", "name", "source_id"]
