"""The bundled outlines must be reproducible, small and faithful to their Natural Earth source."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "build_country_outlines.py"
COMMITTED = REPO_ROOT / "data" / "geo" / "countries.geojson"
SIZE_BUDGET = 300_000


def _load_script():
    spec = importlib.util.spec_from_file_location("build_country_outlines", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script():
    return _load_script()


@pytest.fixture(scope="module")
def committed() -> dict:
    return json.loads(COMMITTED.read_text(encoding="utf-8"))


def _run_cli(out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    )


def test_cli_is_deterministic_and_reports_what_it_wrote(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "countries.geojson", tmp_path / "b.geojson"
    result = _run_cli(first)
    _run_cli(second)
    assert first.read_bytes() == second.read_bytes()
    size = first.stat().st_size
    assert "features" in result.stdout
    assert f"{size:,} bytes" in result.stdout


def test_output_stays_within_size_budget(tmp_path: Path, script) -> None:
    features, size = script.write_outlines(tmp_path / "c.geojson")
    assert features >= 170
    assert size < SIZE_BUDGET
    assert size == (tmp_path / "c.geojson").stat().st_size


def test_committed_file_matches_a_fresh_build(script) -> None:
    # Fails after a pyogrio upgrade or a script change: re-run the script and commit the file.
    fresh = script.render(script.build_outlines(script.find_source())).encode("utf-8")
    assert COMMITTED.read_bytes() == fresh


def test_committed_file_parses_with_enough_countries(committed: dict) -> None:
    assert committed["type"] == "FeatureCollection"
    assert len(committed["features"]) >= 170
    assert COMMITTED.stat().st_size < SIZE_BUDGET


def test_committed_file_credits_natural_earth(committed: dict) -> None:
    source = committed["source"]
    assert "Natural Earth" in source["name"]
    assert source["licence"] == "public domain"
    assert source["scale"] == "1:110m"
    assert "pyogrio" in source["via"]
    assert "Natural Earth" in committed["attribution"]


def test_features_keep_only_the_needed_properties(committed: dict) -> None:
    for feature in committed["features"]:
        assert list(feature) == ["type", "properties", "geometry"]
        assert list(feature["properties"]) == ["name", "iso_a3", "iso_a2", "continent"]
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_features_sorted_by_name(committed: dict) -> None:
    names = [f["properties"]["name"] for f in committed["features"]]
    assert names == sorted(names)


def test_iso_codes_fixed_where_natural_earth_says_minus_99(committed: dict) -> None:
    by_name = {f["properties"]["name"]: f["properties"] for f in committed["features"]}
    assert (by_name["France"]["iso_a3"], by_name["France"]["iso_a2"]) == ("FRA", "FR")
    assert (by_name["Norway"]["iso_a3"], by_name["Norway"]["iso_a2"]) == ("NOR", "NO")
    assert by_name["Switzerland"]["iso_a2"] == "CH"
    # No code is invented for territories without one.
    assert by_name["Somaliland"]["iso_a3"] is None
    codes = [p["iso_a3"] for p in by_name.values() if p["iso_a3"]]
    assert "-99" not in codes
    assert len(codes) == len(set(codes))


def _numbers(value):
    if isinstance(value, list):
        for item in value:
            yield from _numbers(item)
    else:
        yield value


def test_coordinates_rounded_and_in_range(committed: dict) -> None:
    for feature in committed["features"]:
        coords = list(_numbers(feature["geometry"]["coordinates"]))
        assert coords
        for number in coords:
            assert -180.0 <= number <= 180.0
            assert round(number, 3) == number
