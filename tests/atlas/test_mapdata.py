"""Which rows each map layer draws for a set of cities and a year, on a hand-made Atlas."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas.load import Atlas
from atlas.mapdata import (
    DERIVED_SOURCE_TEXT,
    city_points,
    hub_points,
    membership_points,
    partnership_pairs,
)


def _frame(rows: list[dict], index: str | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    return frame.set_index(index, drop=False) if index else frame


@pytest.fixture
def atlas() -> Atlas:
    cities = _frame(
        [
            {
                "city_id": "a",
                "name": "Alpha",
                "country": "ES",
                "country_name": "Spain",
                "region": "Europe",
                "latitude": 41.0,
                "longitude": 2.0,
            },
            {
                "city_id": "b",
                "name": "Beta",
                "country": "JP",
                "country_name": "Japan",
                "region": "Asia",
                "latitude": 35.0,
                "longitude": 139.0,
            },
            {
                "city_id": "c",
                "name": "Gamma",
                "country": "KE",
                "country_name": "Kenya",
                "region": "Africa",
                "latitude": -1.0,
                "longitude": 36.0,
            },
        ],
        "city_id",
    )
    indicators = _frame(
        [
            {
                "indicator_id": "rank",
                "label": "Rank",
                "unit": "rank",
                "geo_unit": "GII cluster",
                "higher_is_better": False,
            }
        ],
        "indicator_id",
    )
    values = _frame(
        [
            {
                "city_id": "a",
                "indicator_id": "rank",
                "year": 2022,
                "value": 9.0,
                "source_id": "s1",
                "unit_name": "Alpha–Delta",
            },
            {
                "city_id": "a",
                "indicator_id": "rank",
                "year": 2024,
                "value": 7.0,
                "source_id": "s1",
                "unit_name": "Alpha–Delta",
            },
            {
                "city_id": "b",
                "indicator_id": "rank",
                "year": 2022,
                "value": 1.0,
                "source_id": "atlas-derived",
                "unit_name": None,
            },
        ]
    )
    sources = _frame([{"source_id": "s1", "publisher": "WIPO", "year": 2024}], "source_id")
    hubs = _frame(
        [
            {
                "hub_id": "h1",
                "name": "Hub one",
                "type": "innovation centre",
                "host_city_id": "a",
                "year_opened": 2010,
                "status": "active",
                "source_id": "s1",
            },
            {
                "hub_id": "h2",
                "name": "Hub two",
                "type": "landing pad",
                "host_city_id": "b",
                "year_opened": 2023,
                "status": "active",
                "source_id": "s1",
            },
            {
                "hub_id": "h3",
                "name": "Hub three",
                "type": "landing pad",
                "host_city_id": "b",
                "year_opened": None,
                "status": "active",
                "source_id": "s1",
            },
        ]
    )
    hubs["year_opened"] = hubs["year_opened"].astype("Int64")
    partnerships = _frame(
        [
            {
                "partnership_id": "p1",
                "city_a_id": "a",
                "city_b_id": "b",
                "type": "twinning",
                "year": 2001,
                "status": "active",
                "source_id": "s1",
            },
            {
                "partnership_id": "p2",
                "city_a_id": "b",
                "city_b_id": "c",
                "type": "sister city",
                "year": None,
                "status": "active",
                "source_id": "s1",
            },
            {
                "partnership_id": "p3",
                "city_a_id": "b",
                "city_b_id": "c",
                "type": "twinning",
                "year": 2024,
                "status": "active",
                "source_id": "s1",
            },
        ]
    )
    partnerships["year"] = partnerships["year"].astype("Int64")
    networks = _frame(
        [{"network_id": "n1", "name": "Net One"}, {"network_id": "n2", "name": "Net Two"}],
        "network_id",
    )
    memberships = _frame(
        [
            {"membership_id": "m1", "city_id": "a", "network_id": "n1", "source_id": "s1"},
            {"membership_id": "m2", "city_id": "c", "network_id": "n2", "source_id": "s1"},
        ]
    )
    return Atlas(
        sources,
        cities,
        indicators,
        values,
        hubs,
        partnerships,
        networks,
        memberships,
        data_as_of="2024-01-01",
        data_dir="test",
    )


def test_city_points_latest_value_with_geography_and_source(atlas):
    points = city_points(atlas, ["a", "b", "c"], "rank")
    assert points.loc["a", "value"] == 7.0 and points.loc["a", "year"] == 2024
    assert points.loc["a", "geography"] == "GII cluster: Alpha–Delta"
    assert points.loc["a", "source"] == "WIPO (2024)"
    assert points.loc["b", "source"] == DERIVED_SOURCE_TEXT
    assert points.loc["b", "geography"] == "GII cluster"
    # no figure stays missing, never 0
    assert pd.isna(points.loc["c", "value"]) and pd.isna(points.loc["c", "geography"])


def test_city_points_year_takes_the_latest_edition_up_to_it(atlas):
    points = city_points(atlas, ["a"], "rank", year=2023)
    assert points.loc["a", "value"] == 9.0 and points.loc["a", "year"] == 2022
    assert pd.isna(city_points(atlas, ["a"], "rank", year=2020).loc["a", "value"])


def test_city_points_only_the_chosen_cities(atlas):
    assert list(city_points(atlas, ["c"], None).index) == ["c"]


def test_hub_points_by_host_city_and_opening_year(atlas):
    assert set(hub_points(atlas, ["a", "b"])["hub_id"]) == {"h1", "h2", "h3"}
    by_2020 = hub_points(atlas, ["a", "b"], year=2020)
    assert set(by_2020["hub_id"]) == {"h1", "h3"}  # unknown opening year is kept
    row = hub_points(atlas, ["b"]).iloc[0]
    assert row["latitude"] == 35.0 and row["host_city"] == "Beta"


def test_partnership_pairs_need_one_end_in_the_view(atlas):
    assert set(partnership_pairs(atlas, ["a"])["partnership_id"]) == {"p1"}
    assert set(partnership_pairs(atlas, ["c"])["partnership_id"]) == {"p2", "p3"}
    pairs = partnership_pairs(atlas, ["a", "b", "c"], year=2010)
    assert set(pairs["partnership_id"]) == {"p1", "p2"}
    first = partnership_pairs(atlas, ["a"]).iloc[0]
    assert (first["lat_a"], first["lon_b"], first["name_b"]) == (41.0, 139.0, "Beta")


def test_membership_points_by_city_and_network(atlas):
    assert set(membership_points(atlas, ["a", "c"])["network"]) == {"Net One", "Net Two"}
    only = membership_points(atlas, ["a", "c"], networks=["n2"])
    assert list(only["name"]) == ["Gamma"]
