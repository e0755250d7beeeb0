"""The place-name build: sourced names only, the reviewed list applied, sources cited."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from scripts import place_names as build

DATA = Path(__file__).resolve().parents[2] / "data"


def _read(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def cities() -> dict[str, dict]:
    return {c["city_id"]: c for c in _read("cities.csv")}


@pytest.fixture(scope="module")
def built(cities) -> tuple[list[dict], list[str]]:
    return build.build_rows(list(cities.values()), build.read_overrides())


def _name(rows: list[dict], city_id: str, language: str) -> str | None:
    found = [r["name"] for r in rows if r["city_id"] == city_id and r["language"] == language]
    return found[0] if found else None


def test_the_committed_file_is_what_the_build_gives(built) -> None:
    rows, _report = built
    assert _read("place_names.csv") == rows


def test_the_issues_examples(built) -> None:
    rows, _report = built
    assert _name(rows, "geneva-ch", "es") == "Ginebra"
    assert _name(rows, "geneva-ch", "fr") == "Genève"
    assert _name(rows, "munich-de", "es") == "Múnich"
    assert _name(rows, "london-gb", "ca") == "Londres"
    # no source gives Catalan names for Geneva or Munich: they keep the published name
    assert _name(rows, "geneva-ch", "ca") is None
    assert _name(rows, "munich-de", "fr") is None  # French writes it as English does


def test_the_reviewed_list_is_applied(built) -> None:
    rows, report = built
    assert _name(rows, "bogota-co", "es") is None  # not the 1991-2000 'Santafé de Bogotá'
    assert _name(rows, "bethlehem-ps", "es") == "Belén"  # not 'Belén de Judá'
    assert _name(rows, "gold-coast-au", "es") is None  # 'Costa Dorada' is another place
    assert any(line.startswith("bogota-co (es): left out") for line in report)


def test_a_name_that_only_drops_accents_is_left_out(built) -> None:
    rows, report = built
    assert _name(rows, "balikesir-tr", "es") is None  # 'Balikesir' lost its dotless ı
    assert any(line.startswith("balikesir-tr (es): left out 'Balikesir'") for line in report)
    assert build.rejected("Balikesir", "Balıkesir") == (
        "the published name with its accents dropped"
    )
    assert build.rejected("Zúrich", "Zürich") is None  # other accents: a name of its own


def test_names_in_another_script_or_with_brackets_are_left_out() -> None:
    assert build.rejected("Женева", "Geneva") == "not in the Latin script"
    assert build.rejected("Tripoli (Libye)", "Tripoli") == "a disambiguating bracket, not a name"


def test_no_name_is_invented(built, cities) -> None:
    """Every name is one a source gives for that city and language."""
    rows, _report = built
    for row in rows:
        given = build.candidates(cities[row["city_id"]], row["language"])
        names = {c.name for c in given} | {n for c in given for n in c.others}
        assert row["name"] in names, row
        assert row["name"] != cities[row["city_id"]]["name"], row


def test_every_row_cites_a_source_in_sources_csv(built) -> None:
    rows, _report = built
    sources = {r["source_id"]: r for r in _read("sources.csv")}
    cited = {r["source_id"] for r in rows}
    assert cited == {build.GEONAMES_NAMES_SOURCE_ID, build.CLDR_SOURCE_ID}
    for source_id in cited:
        assert sources[source_id]["publisher"] in {"GeoNames", "Unicode Consortium"}
        assert sources[source_id]["url"].startswith("https://")
        assert sources[source_id]["year"]


def test_a_reviewed_name_no_source_gives_is_refused(cities) -> None:
    override = {
        "city_id": "geneva-ch",
        "language": "es",
        "action": "use",
        "name": "Ginebrita",
        "note": "",
    }
    with pytest.raises(ValueError, match="'use' must name one of the sources' names"):
        build.build_rows([cities["geneva-ch"]], {("geneva-ch", "es"): override})


def test_a_reviewed_row_for_an_unknown_city_is_refused(cities) -> None:
    override = {
        "city_id": "atlantis-es",
        "language": "es",
        "action": "exclude",
        "name": "",
        "note": "",
    }
    with pytest.raises(ValueError, match="unknown city or language"):
        build.build_rows([cities["geneva-ch"]], {("atlantis-es", "es"): override})
