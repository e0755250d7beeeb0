"""Shared fixtures for the upload tests: a hand-built Atlas and the committed upload files."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

# The repository root is not on sys.path when pytest is started as `pytest` (not
# `python -m pytest`) and the package is not installed; the upload tests need `atlas`.
ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from atlas.schema import TABLES_BY_NAME  # noqa: E402

_CITIES = [
    # city_id, name, ascii_name, country, region, lat, lon, population, geonames_id
    ("barcelona-es", "Barcelona", "Barcelona", "ES", "Europe", 41.38879, 2.15899, 1620343, 3128760),
    (
        "sao-paulo-br",
        "São Paulo",
        "Sao Paulo",
        "BR",
        "Latin America and Caribbean",
        -23.5475,
        -46.63611,
        12400232,
        3448439,
    ),
    ("zurich-ch", "Zürich", "Zurich", "CH", "Europe", 47.36667, 8.55, 341730, 2657896),
    ("munich-de", "Munich", "Munich", "DE", "Europe", 48.13743, 11.57549, 1260391, 2867714),
    ("malaga-es", "Málaga", "Malaga", "ES", "Europe", 36.72016, -4.42034, 568305, 2514256),
    ("geneva-ch", "Geneva", "Geneva", "CH", "Europe", 46.20222, 6.14569, 183981, 2660646),
    ("valencia-es", "Valencia", "Valencia", "ES", "Europe", 39.47391, -0.37966, 814208, 2509954),
    (
        "valencia-ve",
        "Valencia",
        "Valencia",
        "VE",
        "Latin America and Caribbean",
        10.16202,
        -68.00765,
        1484430,
        3625549,
    ),
    ("paris-fr", "Paris", "Paris", "FR", "Europe", 48.85341, 2.3488, 2138551, 2988507),
    ("london-gb", "London", "London", "GB", "Europe", 51.50853, -0.12574, 8961989, 2643743),
]

ALTERNATE_NAMES = {
    "munich-de": ["München", "Monaco di Baviera"],
    "geneva-ch": ["Genève", "Genf", "Ginevra"],
}


def make_cities() -> pd.DataFrame:
    frame = pd.DataFrame(
        _CITIES,
        columns=[
            "city_id",
            "name",
            "ascii_name",
            "country",
            "region",
            "latitude",
            "longitude",
            "population",
            "geonames_id",
        ],
    )
    frame["population"] = frame["population"].astype("Int64")
    frame["geonames_id"] = frame["geonames_id"].astype("Int64")
    frame["population_year"] = pd.array([2024] * len(frame), dtype="Int64")
    frame["population_unit"] = "city proper"
    frame["source_id"] = "geonames"
    frame["note"] = ""
    return frame


def make_indicators() -> pd.DataFrame:
    return pd.DataFrame(
        [
            (
                "gii_cluster_rank",
                "GII cluster rank",
                "rank",
                "outputs",
                False,
                "GII cluster",
                "rank",
                "",
                "wipo-gii",
                False,
                False,
                "",
            ),
            (
                "hubs_hosted",
                "Hubs hosted",
                "hubs",
                "diplomacy",
                True,
                "city proper",
                "count",
                "",
                "atlas-derived",
                True,
                True,
                "",
            ),
        ],
        columns=TABLES_BY_NAME["indicators"].base_column_names,
    )


FIXTURES = ROOT / "tests" / "fixtures" / "uploads"


@pytest.fixture(scope="session")
def cities():
    return make_cities()


@pytest.fixture(scope="session")
def indicators():
    return make_indicators()


@pytest.fixture(scope="session")
def alternates():
    return ALTERNATE_NAMES


@pytest.fixture(scope="session")
def fixture_bytes():
    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return read


@pytest.fixture(scope="session")
def gazetteer():
    from atlas.upload import default_gazetteer

    return default_gazetteer()
