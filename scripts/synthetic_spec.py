"""What the synthetic package is made of: sizes, the vocabulary its invented names come from,
the weights of each category, and the small helpers the table makers share.

Kept apart from the table makers (synthetic_tables.py) so that a benchmark's shape (how many
rows, which mix of types) can be read and changed in one place.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pycountry

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from atlas.schema import (  # noqa: E402
    HUB_TYPES,
    PARTNERSHIP_TYPES,
)
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
