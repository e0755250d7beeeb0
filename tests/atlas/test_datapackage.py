"""data/datapackage.json is generated from atlas.schema and is a valid Frictionless package."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import frictionless
import pytest

from atlas.datapackage import package_descriptor, read_data_as_of, write_datapackage
from atlas.load import validate
from atlas.schema import TABLES, TABLES_BY_NAME

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT / "data"
DESCRIPTOR = DATA_DIR / "datapackage.json"


@pytest.fixture(scope="module")
def on_disk() -> dict:
    return json.loads(DESCRIPTOR.read_text(encoding="utf-8"))


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def _report_errors(report: frictionless.Report) -> list[list]:
    return report.flatten(["taskName", "rowNumber", "fieldName", "type", "message"])


def test_data_as_of_is_an_iso_date(on_disk: dict) -> None:
    as_of = read_data_as_of(DATA_DIR)
    assert as_of == on_disk["data_as_of"]
    assert as_of is not None
    assert len(as_of) == 10
    assert as_of[4] == "-"
    assert as_of[7] == "-"


def test_descriptor_equals_what_the_schema_generates(on_disk: dict) -> None:
    assert on_disk == package_descriptor(on_disk["data_as_of"])


def test_descriptor_file_is_byte_identical_to_a_fresh_write(on_disk: dict, tmp_path: Path) -> None:
    written = write_datapackage(tmp_path, on_disk["data_as_of"])
    assert written.read_bytes() == DESCRIPTOR.read_bytes()


def test_every_table_is_a_resource_and_nothing_else(on_disk: dict) -> None:
    assert [r["name"] for r in on_disk["resources"]] == [t.name for t in TABLES]


@pytest.mark.parametrize("table", [t.name for t in TABLES])
def test_resource_file_exists_with_the_schema_header(on_disk: dict, table: str) -> None:
    resource = next(r for r in on_disk["resources"] if r["name"] == table)
    path = DATA_DIR / resource["path"]
    assert path.is_file(), f"{resource['path']} is listed in datapackage.json but missing"
    expected = TABLES_BY_NAME[table].column_names
    assert [f["name"] for f in resource["schema"]["fields"]] == expected
    assert _header(path) == expected


def test_foreign_keys_point_at_resources_in_the_package(on_disk: dict) -> None:
    names = {r["name"] for r in on_disk["resources"]}
    for resource in on_disk["resources"]:
        fields = {f["name"] for f in resource["schema"]["fields"]}
        for fk in resource["schema"].get("foreignKeys", []):
            assert fk["fields"] in fields
            assert (fk["reference"]["resource"] or resource["name"]) in names


def test_created_is_a_datetime(on_disk: dict) -> None:
    """Regression: the spec wants a datetime; a bare date made the whole package invalid and
    Frictionless then skipped every resource."""
    assert on_disk["created"] == f"{on_disk['data_as_of']}T00:00:00Z"


def test_frictionless_validates_the_package() -> None:
    report = frictionless.validate(str(DESCRIPTOR))
    assert report.valid, _report_errors(report)
    # a package-level error stops Frictionless before any resource is read: make sure all were
    assert [task.name for task in report.tasks] == [t.name for t in TABLES]


def _package_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    copy.mkdir()
    for table in TABLES:
        shutil.copy2(DATA_DIR / table.path, copy / table.path)
    shutil.copy2(DESCRIPTOR, copy / "datapackage.json")
    return copy


def test_frictionless_checks_every_row(tmp_path: Path) -> None:
    """Frictionless reads every row, key and foreign key of every resource."""
    copy = _package_copy(tmp_path)
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert report.valid, _report_errors(report)
    assert [task.name for task in report.tasks] == [t.name for t in TABLES]
    for task in report.tasks:
        with (copy / f"{task.name}.csv").open(encoding="utf-8", newline="") as handle:
            assert task.stats["rows"] == sum(1 for _ in csv.reader(handle)) - 1


def test_frictionless_and_the_loader_flag_the_same_line(tmp_path: Path) -> None:
    """The published constraints are the loader's: a bad latitude fails in both, same line."""
    copy = _package_copy(tmp_path)
    with (copy / "cities.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[3][rows[0].index("latitude")] = "123.5"
    with (copy / "cities.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert [e[1:4] for e in _report_errors(report)] == [[4, "latitude", "constraint-error"]]
    problems = validate(copy)[1]
    assert [p.message for p in problems] == [
        "cities.csv, row 3 (line 4), column 'latitude': must be between -90 and 90 (found '123.5')."
    ]
