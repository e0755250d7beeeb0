"""Referential integrity and facts of the curated data/ folder, checked independently of the loader.

Foreign keys are recomputed here with plain pandas (not through atlas.load), and the facts below
were checked by hand against the reference notes and the published sources.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from atlas.schema import REGIONS, TABLES

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT / "data"

# Published order of the GII 2023 top 10 science and technology clusters (WIPO, Global
# Innovation Index 2023, Appendix Table 3).
GII_2023_TOP_10 = [
    ("tokyo-jp", "Tokyo–Yokohama"),
    ("shenzhen-cn", "Shenzhen–Hong Kong–Guangzhou"),
    ("seoul-kr", "Seoul"),
    ("beijing-cn", "Beijing"),
    ("shanghai-cn", "Shanghai–Suzhou"),
    ("san-francisco-us", "San Jose–San Francisco"),
    ("osaka-jp", "Osaka–Kobe–Kyoto"),
    ("boston-us", "Boston–Cambridge"),
    ("san-diego-us", "San Diego"),
    ("new-york-city-us", "New York City"),
]


@pytest.fixture(scope="module")
def raw() -> dict[str, pd.DataFrame]:
    """Every table as text, exactly as written (an empty cell is NaN, 'NA' stays text)."""
    return {
        t.name: pd.read_csv(
            DATA_DIR / t.path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8"
        )
        for t in TABLES
    }


@pytest.fixture(scope="module")
def atlas(curated_atlas):
    return curated_atlas


def pair_rows(partnerships: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    forward = (partnerships["city_a_id"] == a) & (partnerships["city_b_id"] == b)
    backward = (partnerships["city_a_id"] == b) & (partnerships["city_b_id"] == a)
    return partnerships.loc[forward | backward]


# --------------------------------------------------------------------------- sources


SOURCED = [
    ("cities", "source_id"),
    ("indicators", "default_source_id"),
    ("values", "source_id"),
    ("hubs", "source_id"),
    ("partnerships", "source_id"),
    ("networks", "source_id"),
    ("memberships", "source_id"),
]


@pytest.mark.parametrize(("table", "column"), SOURCED)
def test_every_row_names_a_source_that_exists(raw, table: str, column: str) -> None:
    known = set(raw["sources"]["source_id"])
    cited = raw[table][column]
    assert cited.notna().all(), f"{table}.csv has rows without a {column}"
    unknown = sorted(set(cited) - known)
    assert unknown == [], f"{table}.csv cites sources missing from sources.csv: {unknown}"


@pytest.mark.parametrize("column", ["publisher", "title", "url", "licence", "retrieved"])
def test_every_source_has(raw, column: str) -> None:
    sources = raw["sources"]
    values = sources[column].fillna("").str.strip()
    assert (values != "").all(), list(sources.loc[values == "", "source_id"])


def test_sources_were_retrieved_on_real_dates(raw) -> None:
    for text in raw["sources"]["retrieved"]:
        dt.date.fromisoformat(text)


def test_source_ids_are_unique(raw) -> None:
    assert not raw["sources"]["source_id"].duplicated().any()


def test_geonames_source_is_cc_by_4(raw) -> None:
    sources = raw["sources"].set_index("source_id")
    assert "CC BY 4.0" in sources.loc["geonames", "licence"]
    assert sources.loc["geonames", "url"] == "https://www.geonames.org/"
    # every city is placed with GeoNames, so every city carries that attribution
    assert set(raw["cities"]["source_id"]) == {"geonames"}


# --------------------------------------------------------------------------- missing is not zero


def test_values_have_no_missing_figures(raw) -> None:
    values = raw["values"]
    assert values["value"].notna().all(), values.loc[values["value"].isna()]
    assert pd.to_numeric(values["value"], errors="coerce").notna().all()


def test_zero_appears_only_as_a_published_rounded_share(raw) -> None:
    """A rank or a count of 0 would be a missing value in disguise; a share can round to 0.0."""
    values = raw["values"].assign(value=lambda f: f["value"].astype(float))
    kinds = raw["indicators"].set_index("indicator_id")["value_type"]
    zero = values.loc[values["value"] == 0]
    assert set(zero["indicator_id"].map(kinds)) <= {"share"}, zero


def test_ranks_start_at_one(raw) -> None:
    values = raw["values"].assign(value=lambda f: f["value"].astype(float))
    kinds = raw["indicators"].set_index("indicator_id")["value_type"]
    ranks = values.loc[values["indicator_id"].map(kinds) == "rank", "value"]
    assert (ranks >= 1).all()
    assert (ranks % 1 == 0).all()


def test_missing_population_stays_missing(raw, atlas) -> None:
    cities = raw["cities"]
    assert (cities["population"].dropna() != "0").all()
    missing = set(cities.loc[cities["population"].isna(), "city_id"])
    assert missing, "expected a few cities GeoNames gives no population for"
    # no year for a figure that does not exist
    assert cities.loc[cities["population"].isna(), "population_year"].isna().all()
    # after loading: still missing, not 0, and no per-million figure for them
    loaded = atlas.cities.loc[sorted(missing), "population"]
    assert loaded.isna().all()
    derived = atlas.values
    for indicator_id in ("population", "hubs_per_million"):
        rows = derived.loc[derived["indicator_id"] == indicator_id]
        assert not set(rows["city_id"]) & missing
        assert rows["value"].notna().all()
        if indicator_id == "population":
            assert (rows["value"] > 0).all()


# --------------------------------------------------------------------------- cities


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("values", "city_id"),
        ("hubs", "host_city_id"),
        ("partnerships", "city_a_id"),
        ("partnerships", "city_b_id"),
        ("memberships", "city_id"),
    ],
)
def test_every_city_referenced_exists(raw, table: str, column: str) -> None:
    unknown = sorted(set(raw[table][column].dropna()) - set(raw["cities"]["city_id"]))
    assert unknown == []


def test_other_references_exist(raw) -> None:
    assert set(raw["memberships"]["network_id"]) <= set(raw["networks"]["network_id"])
    assert set(raw["values"]["indicator_id"]) <= set(raw["indicators"]["indicator_id"])


def test_every_city_is_referenced_by_something(raw) -> None:
    """Cities exist because a hub, partnership, membership or ranking names them."""
    used = (
        set(raw["values"]["city_id"])
        | set(raw["hubs"]["host_city_id"])
        | set(raw["partnerships"]["city_a_id"])
        | set(raw["partnerships"]["city_b_id"])
        | set(raw["memberships"]["city_id"])
    )
    assert set(raw["cities"]["city_id"]) <= used


def test_cities_cover_every_inhabited_continent(raw) -> None:
    assert set(raw["cities"]["region"]) == set(REGIONS)
    assert len(REGIONS) == 6


def test_city_and_geonames_ids_are_unique(raw) -> None:
    assert not raw["cities"]["city_id"].duplicated().any()
    assert not raw["cities"]["geonames_id"].duplicated().any()


@pytest.mark.parametrize(
    ("table", "minimum"),
    [("cities", 350), ("hubs", 260), ("partnerships", 380), ("memberships", 430)],
)
def test_row_counts_in_expected_range(raw, table: str, minimum: int) -> None:
    assert len(raw[table]) >= minimum


def test_boston_lincolnshire_is_not_merged_with_boston_massachusetts(raw) -> None:
    cities = raw["cities"].set_index("city_id")
    gb, us = cities.loc["boston-gb"], cities.loc["boston-us"]
    assert (gb["country"], gb["region"]) == ("GB", "Europe")
    assert (us["country"], us["region"]) == ("US", "North America")
    assert gb["geonames_id"] != us["geonames_id"]
    assert float(gb["latitude"]) > 50 > float(us["latitude"])  # Lincolnshire vs Massachusetts
    assert "Lincolnshire" in gb["note"]
    # the two Bostons' own friendship agreement survives as a partnership between two cities
    assert len(pair_rows(raw["partnerships"], "boston-us", "boston-gb")) == 1


def test_vienna_virginia_is_not_vienna_austria(raw) -> None:
    cities = raw["cities"].set_index("city_id")
    us, at = cities.loc["vienna-us"], cities.loc["vienna-at"]
    assert (us["country"], at["country"]) == ("US", "AT")
    assert us["geonames_id"] != at["geonames_id"]
    assert float(us["longitude"]) < 0 < float(at["longitude"])
    assert "Virginia" in us["note"]


# --------------------------------------------------------------------------- partnerships


LOW_CONFIDENCE_PAIRS = [
    ("helsinki-fi", "beijing-cn"),
    ("helsinki-fi", "moscow-ru"),
    ("helsinki-fi", "copenhagen-dk"),
    ("helsinki-fi", "taipei-tw"),
    ("bengaluru-in", "chengdu-cn"),
]


@pytest.mark.parametrize(("a", "b"), LOW_CONFIDENCE_PAIRS)
def test_low_confidence_partnerships_are_left_out(raw, a: str, b: str) -> None:
    """Only sources are a blog comment or a 'low-quality page': the build must drop them."""
    assert pair_rows(raw["partnerships"], a, b).empty


def test_no_partnership_rests_on_a_source_marked_weak(raw) -> None:
    notes = raw["partnerships"]["note"].fillna("").str.lower()
    assert not notes.str.contains("low confidence|low-quality", regex=True).any()


@pytest.mark.parametrize(
    ("a", "b", "status"),
    [
        ("san-francisco-us", "osaka-jp", "ended"),
        ("milan-it", "saint-petersburg-ru", "suspended"),
        ("melbourne-au", "saint-petersburg-ru", "suspended"),
        ("barcelona-es", "saint-petersburg-ru", "suspended"),
    ],
)
def test_ended_and_suspended_statuses_are_carried(raw, a: str, b: str, status: str) -> None:
    rows = pair_rows(raw["partnerships"], a, b)
    assert not rows.empty, f"{a}–{b} is missing"
    assert set(rows["status"]) == {status}


def test_inactive_partnerships_are_not_counted(atlas) -> None:
    values = atlas.values
    counted = values.loc[values["indicator_id"] == "partnerships"].set_index("city_id")["value"]
    partnerships = atlas.partnerships
    active = partnerships.loc[partnerships["status"] == "active"]
    expected = pd.concat([active["city_a_id"], active["city_b_id"]]).value_counts()
    expected = expected.reindex(counted.index, fill_value=0).astype(float)
    assert counted.to_dict() == expected.to_dict()
    ended_or_suspended = partnerships.loc[partnerships["status"].isin(["ended", "suspended"])]
    assert not ended_or_suspended.empty


def test_network_position_indicators_are_derived_on_load(raw, atlas) -> None:
    """Partner cities and bridging position are catalogued as derived (never typed in) and
    computed for every city from the active partnerships."""
    catalogue = raw["indicators"].set_index("indicator_id")
    values = atlas.values
    for indicator_id in ("net_degree", "net_betweenness"):
        assert catalogue.loc[indicator_id, "derived"] == "True"
        assert catalogue.loc[indicator_id, "group"] == "partnerships"
        assert "active partnerships" in catalogue.loc[indicator_id, "description"]
        assert indicator_id not in set(raw["values"]["indicator_id"])
        rows = values.loc[values["indicator_id"] == indicator_id]
        assert len(rows) == len(atlas.cities) and rows["value"].notna().all()
    degree = values.loc[values["indicator_id"] == "net_degree"].set_index("city_id")["value"]
    agreements = values.loc[values["indicator_id"] == "partnerships"].set_index("city_id")
    # a city cannot have more partner cities than agreements
    assert (degree <= agreements["value"].reindex(degree.index)).all()
    between = values.loc[values["indicator_id"] == "net_betweenness", "value"]
    assert between.between(0, 1).all() and between.max() > 0


# --------------------------------------------------------------------------- networks


@pytest.mark.parametrize("network_id", ["eurocities", "iclei", "oecd-champion-mayors"])
def test_incomplete_member_lists_are_marked(raw, network_id: str) -> None:
    networks = raw["networks"].set_index("network_id")
    assert networks.loc[network_id, "list_coverage"] == "incomplete"
    assert "not listed" in networks.loc[network_id, "note"]


def test_network_names_of_incomplete_lists(raw) -> None:
    names = raw["networks"].set_index("network_id")["name"]
    assert names["eurocities"] == "Eurocities"
    assert names["iclei"].startswith("ICLEI")
    assert names["oecd-champion-mayors"] == "OECD Champion Mayors"


# --------------------------------------------------------------------------- rankings


def test_cluster_values_keep_their_unit_name(raw) -> None:
    values = raw["values"]
    row = values.loc[
        (values["city_id"] == "tokyo-jp")
        & (values["indicator_id"] == "gii_cluster_rank")
        & (values["year"] == "2023")
    ]
    assert len(row) == 1
    assert row["unit_name"].iloc[0] == "Tokyo–Yokohama"
    assert float(row["value"].iloc[0]) == 1.0


def test_every_gii_cluster_value_names_its_cluster(raw) -> None:
    values = raw["values"]
    gii = values.loc[values["indicator_id"].str.startswith("gii_")]
    assert gii["unit_name"].notna().all()


def test_gii_2023_top_10_order_is_reproduced(raw) -> None:
    values = raw["values"]
    gii = values.loc[(values["indicator_id"] == "gii_cluster_rank") & (values["year"] == "2023")]
    gii = gii.assign(rank=gii["value"].astype(float)).sort_values("rank")
    top = gii.head(10)
    assert list(zip(top["city_id"], top["unit_name"], strict=True)) == GII_2023_TOP_10
    assert list(top["rank"]) == [float(r) for r in range(1, 11)]
    assert not gii["city_id"].duplicated().any()  # one 2023 rank per anchor city
