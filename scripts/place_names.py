"""Build data/place_names.csv: each city's name in Spanish, Catalan and French, sourced.

Why a script: a name in a language is only ever taken from a published source shipped in a
pinned package, never typed in, and the same inputs give the same file.

- GeoNames alternate names (Spanish and French), as shipped offline by the `plaincities` 0.3.1
  package: the preferred name GeoNames holds for the city's GeoNames id in that language.
- Unicode CLDR (every language, the only source for Catalan), as shipped by Babel: the
  exemplar city of a time zone (`Europe/Zurich` -> "Zúric"), matched to a city by its English
  name and country, and used for Spanish and French only where GeoNames has no name.

Names are then checked mechanically (a name in another script, the English or local name with
its accents dropped, a name with a disambiguating bracket are left out) and against a reviewed
list, scripts/curation/place_names.csv, which leaves out wrong matches (a historic name, a
different place) or picks another of the names the same source gives ("use"). A city with no
name of its own in a language has no row: the Atlas then shows its published name.

Usage:
    python scripts/place_names.py [--data DIR]   # rewrites DIR/place_names.csv, prints a report

scripts/build_data.py runs the same build (and writes the sources' rows and the report).
"""

from __future__ import annotations

import argparse
import csv
import importlib
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from atlas.schema import PLACE_NAME_LANGUAGES, PLACE_NAMES  # noqa: E402
from atlas.text import fold  # noqa: E402

CURATION = REPO / "scripts" / "curation" / "place_names.csv"
GEONAMES_NAMES_SOURCE_ID = "geonames-alternate-names"
CLDR_SOURCE_ID = "unicode-cldr"
#: Languages GeoNames' names are taken for (plaincities ships no Catalan).
GEONAMES_LANGUAGES = ("es", "fr")
RETRIEVED = "2026-11-25"


def source_rows() -> list[dict]:
    """The two sources' rows for sources.csv (kept here, with the code that uses them)."""
    import babel
    from babel.core import get_cldr_version

    return [
        {
            "source_id": GEONAMES_NAMES_SOURCE_ID,
            "publisher": "GeoNames",
            "title": "GeoNames alternate names (preferred name per language), as shipped "
            "offline by the plaincities 0.3.1 package",
            "url": "https://www.geonames.org/",
            "year": 2023,
            "licence": "CC BY 4.0 (attribution: GeoNames, geonames.org)",
            "retrieved": RETRIEVED,
            "note": "Spanish and French names of cities, by GeoNames id",
        },
        {
            "source_id": CLDR_SOURCE_ID,
            "publisher": "Unicode Consortium",
            "title": f"Unicode CLDR {get_cldr_version()}: territory names and time-zone "
            f"exemplar cities, as shipped by Babel {babel.__version__}",
            "url": "https://cldr.unicode.org/",
            "year": 2026,
            "licence": "Unicode License v3",
            "retrieved": RETRIEVED,
            "note": "Country names in every language; Catalan (and some Spanish and French) "
            "city names",
        },
    ]


@dataclass(frozen=True)
class Candidate:
    name: str
    source_id: str
    others: tuple[str, ...]  # the other names the same source gives in the language


# --------------------------------------------------------------------------- the sources


@cache
def _geonames(language: str, country: str) -> dict[int, Candidate]:
    try:
        module = importlib.import_module(f"plaincities._values.{language}.{country}_{language}")
    except ModuleNotFoundError:
        return {}
    return {
        int(geoid): Candidate(name, GEONAMES_NAMES_SOURCE_ID, tuple(others or ()))
        for geoid, name, others in zip(
            module.geoid_list, module.name_list, module.alternate_names_list, strict=True
        )
    }


@cache
def _cldr_zones() -> dict[tuple[str, str], str]:
    """(folded English exemplar city, country) -> time zone id."""
    from babel import Locale
    from babel.core import get_global

    english = Locale("en").time_zones
    zones: dict[tuple[str, str], str] = {}
    for zone, country in sorted(get_global("zone_territories").items()):
        city = english.get(zone, {}).get("city") or zone.split("/")[-1].replace("_", " ")
        zones.setdefault((fold(city), country), zone)
    return zones


def _cldr(language: str, city: dict) -> Candidate | None:
    from babel import Locale

    zones = _cldr_zones()
    zone = zones.get((fold(city["name"]), city["country"])) or zones.get(
        (fold(city["ascii_name"]), city["country"])
    )
    if zone is None:
        return None
    name = Locale(language).time_zones.get(zone, {}).get("city")
    return Candidate(name, CLDR_SOURCE_ID, ()) if name else None


def candidates(city: dict, language: str) -> list[Candidate]:
    """The sources' names for a city in a language, best first."""
    found = []
    if language in GEONAMES_LANGUAGES:
        geonames = _geonames(language, city["country"]).get(int(city["geonames_id"]))
        if geonames is not None:
            found.append(geonames)
    cldr = _cldr(language, city)
    if cldr is not None:
        found.append(cldr)
    return found


# --------------------------------------------------------------------------- the checks


def _is_latin(name: str) -> bool:
    return all(
        not ch.isalpha() or "LATIN" in unicodedata.name(ch, "")
        for ch in unicodedata.normalize("NFC", name)
    )


def _accents(name: str) -> int:
    return sum(1 for ch in name if not ch.isascii())


def rejected(name: str, english: str) -> str | None:
    """Why a source's name is not used, or None when it is."""
    if not _is_latin(name):
        return "not in the Latin script"
    if "(" in name:
        return "a disambiguating bracket, not a name"
    if fold(name) == fold(english) and _accents(name) < _accents(english):
        return "the published name with its accents dropped"
    return None


def read_overrides(path: Path = CURATION) -> dict[tuple[str, str], dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {(r["city_id"], r["language"]): r for r in csv.DictReader(handle)}


def build_rows(
    cities: list[dict], overrides: dict[tuple[str, str], dict]
) -> tuple[list[dict], list[str]]:
    """The place_names rows and a report of every name left out or changed, and why."""
    rows, report = [], []
    known = {(c["city_id"], lang) for c in cities for lang in PLACE_NAME_LANGUAGES}
    for key in sorted(set(overrides) - known):
        raise ValueError(f"scripts/curation/place_names.csv: unknown city or language {key}")
    for city in sorted(cities, key=lambda c: c["city_id"]):
        english = city["name"]
        for language in PLACE_NAME_LANGUAGES:
            chosen = _choose(city, language, overrides.get((city["city_id"], language)), report)
            if chosen is not None and chosen.name != english:
                rows.append(
                    {
                        "city_id": city["city_id"],
                        "language": language,
                        "name": chosen.name,
                        "source_id": chosen.source_id,
                    }
                )
    return rows, report


def _choose(
    city: dict, language: str, override: dict | None, report: list[str]
) -> Candidate | None:
    where = f"{city['city_id']} ({language})"
    found = candidates(city, language)
    if override is not None:
        given = {c.name for c in found} | {n for c in found for n in c.others}
        if override["action"] == "exclude":
            report.append(f"{where}: left out {[c.name for c in found]}: {override['note']}")
            return None
        if override["action"] != "use" or override["name"] not in given:
            raise ValueError(
                f"scripts/curation/place_names.csv, {where}: 'use' must name one of the "
                f"sources' names {sorted(given)}, found {override['name']!r}"
            )
        source = next(c for c in found if override["name"] in {c.name, *c.others})
        report.append(
            f"{where}: '{override['name']}' instead of '{found[0].name}': {override['note']}"
        )
        return Candidate(override["name"], source.source_id, ())
    for candidate in found:
        why = rejected(candidate.name, city["name"])
        if why is None:
            return candidate
        report.append(f"{where}: left out '{candidate.name}' ({candidate.source_id}): {why}")
    return None


def coverage(rows: list[dict], n_cities: int) -> list[str]:
    lines = []
    for language in PLACE_NAME_LANGUAGES:
        mine = [r for r in rows if r["language"] == language]
        by_source = {}
        for r in mine:
            by_source[r["source_id"]] = by_source.get(r["source_id"], 0) + 1
        shown = ", ".join(f"{n} {s}" for s, n in sorted(by_source.items()))
        lines.append(
            f"- {language}: {len(mine)} of {n_cities} cities have a name of their own "
            f"({shown or 'none'})"
        )
    return lines


def report_lines(rows: list[dict], report: list[str], n_cities: int) -> list[str]:
    """The BUILD_REPORT section on place names."""
    return (
        ["## Place names (scripts/place_names.py)", ""]
        + coverage(rows, n_cities)
        + ["", "Left out or changed:", ""]
        + [f"- {line}" for line in report]
    )


# --------------------------------------------------------------------------- writing


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, fieldnames: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if r.get(k) is None else r[k]) for k in fieldnames} for r in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO / "data")
    args = parser.parse_args(argv)
    cities = _read(args.data / "cities.csv")
    rows, report = build_rows(cities, read_overrides())
    write_rows(args.data / PLACE_NAMES.path, PLACE_NAMES.column_names, rows)
    print("\n".join(report_lines(rows, report, len(cities))))
    known = {r["source_id"] for r in _read(args.data / "sources.csv")}
    if not {r["source_id"] for r in source_rows()} <= known:
        print("sources.csv lacks the place names' sources: run scripts/build_data.py")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
