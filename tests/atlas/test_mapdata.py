"""Which rows each map layer draws for a set of cities and a year, on a hand-made Atlas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from atlas.citation import DERIVED_TEXT
from atlas.i18n import language
from atlas.load import Atlas
from atlas.mapdata import (
    cap_cities,
    cap_hubs,
    cap_members,
    cap_note,
    cap_pairs,
    city_points,
    city_ties,
    hub_points,
    hubs_open_in,
    membership_points,
    next_year,
    pairs_signed_by,
    partnership_pairs,
    split_ties,
    tie_limit,
    tie_limit_names,
    timeline_years,
    undated_counts,
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
    assert points.loc["b", "source"] == DERIVED_TEXT
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


# ------------------------------------------------------------------ what a crowded map draws


def test_cap_cities_keeps_every_row_under_the_limit() -> None:
    points = pd.DataFrame({"city_id": ["a", "b"], "value": [1.0, None]})
    assert cap_cities(points, limit=2) is points


def test_cap_cities_keeps_the_best_figures_and_drops_no_data_first() -> None:
    points = pd.DataFrame(
        {"city_id": ["a", "b", "c", "d", "e"], "value": [5.0, None, 9.0, 1.0, 7.0]}
    )
    kept = cap_cities(points, higher_is_better=True, limit=3)
    assert list(kept["city_id"]) == ["a", "c", "e"]  # original order, best three
    kept = cap_cities(points, higher_is_better=False, limit=2)  # ranks: low is best
    assert list(kept["city_id"]) == ["a", "d"]
    kept = cap_cities(points, limit=5 - 1)
    assert "b" not in set(kept["city_id"])  # the no-data city goes first
    scored = points.rename(columns={"value": "score"})
    assert list(cap_cities(scored, limit=1, value_col="score")["city_id"]) == ["c"]


def test_cap_hubs_spreads_the_budget_over_host_cities() -> None:
    hubs = pd.DataFrame(
        {
            "hub_id": ["h1", "h2", "h3", "h4", "h5", "h6"],
            "host_city_id": ["x", "x", "x", "y", "y", "z"],
            "status": ["closed", "active", "active", "active", "active", "active"],
        }
    )
    kept = cap_hubs(hubs, limit=3)
    assert sorted(kept["host_city_id"]) == ["x", "y", "z"]  # one per city before a second
    assert "h2" in set(kept["hub_id"])  # an active hub stands for x, not the closed one
    kept = cap_hubs(hubs, limit=4)
    assert list(kept["host_city_id"]).count("x") == 2  # then the city hosting most
    assert len(cap_hubs(hubs, limit=10)) == 6


def test_cap_pairs_keeps_active_agreements_between_connected_cities() -> None:
    pairs = pd.DataFrame(
        {
            "partnership_id": ["p1", "p2", "p3", "p4", "p5"],
            "city_a_id": ["hub", "hub", "hub", "q", "r"],
            "city_b_id": ["a", "b", "c", "s", "hub"],
            "status": ["active", "active", "active", "active", "ended"],
        }
    )
    kept = cap_pairs(pairs, limit=3)
    assert list(kept["partnership_id"]) == ["p1", "p2", "p3"]
    assert len(cap_pairs(pairs, limit=4)) == 4
    assert "p5" not in set(cap_pairs(pairs, limit=4)["partnership_id"])  # ended goes last


def _cap_pairs_by_pandas(pairs: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The rule written plainly: degree within the agreements, active first, then the sum of
    both ends' degrees, then the id, the table's order kept."""
    ends = pd.concat([pairs["city_a_id"], pairs["city_b_id"]]).astype(str)
    degree = ends.value_counts()
    score = pairs["city_a_id"].astype(str).map(degree) + pairs["city_b_id"].astype(str).map(degree)
    order = pd.DataFrame(
        {
            "inactive": (pairs["status"].astype(str) != "active").to_numpy(),
            "score": -score.to_numpy(),
            "pid": pairs["partnership_id"].astype(str).to_numpy(),
            "pos": range(len(pairs)),
        }
    )
    kept = order.sort_values(["inactive", "score", "pid"], kind="mergesort").head(limit)
    return pairs.iloc[sorted(kept["pos"])]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cap_pairs_keeps_what_a_plain_sort_keeps(seed) -> None:
    rng = np.random.default_rng(seed)
    n = 300
    ids = [f"c{i:02d}" for i in rng.integers(0, 40, size=2 * n)]
    pairs = pd.DataFrame(
        {
            "city_a_id": pd.array(ids[:n], dtype="str"),
            "city_b_id": pd.array(ids[n:], dtype="str"),
            "status": pd.array(rng.choice(["active", "ended"], size=n), dtype="str"),
            "partnership_id": pd.array([f"p{i % 250:03d}" for i in range(n)], dtype="str"),
        }
    )
    pairs.loc[[3, 7], "city_b_id"] = None
    pairs.loc[[5], "partnership_id"] = None
    for limit in (1, 50, 299):
        expected = _cap_pairs_by_pandas(pairs, limit)
        assert list(cap_pairs(pairs, limit).index) == list(expected.index)


def test_cap_members_keeps_or_drops_whole_cities() -> None:
    members = pd.DataFrame(
        {"city_id": ["a", "a", "a", "b", "b", "c"], "network_id": ["n1", "n2", "n3"] * 2}
    )
    kept = cap_members(members, limit=5)
    assert sorted(kept["city_id"]) == ["a", "a", "a", "b", "b"]
    kept = cap_members(members, limit=4)
    assert sorted(kept["city_id"]) == ["a", "a", "a"]  # b's two rings would not both fit


def test_cap_note_names_what_was_left_out_and_where_it_is() -> None:
    assert cap_note({"cities": (10, 10), "hubs": (3, 3)}) is None
    note = cap_note({"cities": (3000, 10000), "hubs": (5, 5), "partnerships": (2000, 35013)})
    assert note is not None
    assert "3,000 of 10,000 cities (best figures first)" in note
    assert "2,000 of 35,013 agreements" in note
    assert "hubs" not in note
    assert "downloads hold every row" in note


# ------------------------------------------------------------------ ties and time


def _pairs(rows: list[tuple[str, str, int | None, str]]) -> pd.DataFrame:
    pos = {"a": (41.0, 2.0), "b": (35.0, 139.0), "c": (48.0, 11.0), "d": (-33.0, 151.0)}
    return pd.DataFrame(
        [
            {
                "partnership_id": f"p{i}",
                "city_a_id": a,
                "city_b_id": b,
                "type": kind,
                "year": year,
                "status": "active",
                "lat_a": pos[a][0],
                "lon_a": pos[a][1],
                "lat_b": pos[b][0],
                "lon_b": pos[b][1],
                "name_a": a.upper(),
                "name_b": b.upper(),
                "source": "S",
            }
            for i, (a, b, year, kind) in enumerate(rows)
        ]
    )


def test_city_ties_count_agreements_per_pair_whichever_way_round() -> None:
    pairs = _pairs(
        [
            ("a", "b", 2001, "twinning"),
            ("b", "a", 1990, "science partnership"),
            ("c", "a", None, "twinning"),
            ("c", "d", 2010, "twinning"),
        ]
    )
    ties = city_ties(pairs)
    assert ties[["city_a_id", "city_b_id", "agreements"]].values.tolist() == [
        ["a", "b", 2],  # strongest first
        ["a", "c", 1],  # then the best-connected cities (a and c each have two partners)
        ["c", "d", 1],
    ]
    first = ties.iloc[0]
    assert first["type"] == "several types" and first["first_year"] == 1990
    # positions and names follow the swap of ends
    second = ties.iloc[1]
    assert (second["name_a"], second["lat_a"], second["name_b"]) == ("A", 41.0, "C")
    assert city_ties(pairs.iloc[0:0]).empty


def test_split_ties_keeps_the_selected_city_whole_and_cuts_the_rest() -> None:
    ties = city_ties(_pairs([("a", "b", 1, "t"), ("a", "c", 1, "t"), ("c", "d", 1, "t")]))
    mine, others = split_ties(ties, "a", limit=0)
    assert len(mine) == 2 and others.empty
    mine, others = split_ties(ties, None, limit=2)
    assert mine.empty and len(others) == 2
    assert tie_limit("all") is None and tie_limit("50") == 50


def test_hubs_open_in_a_year_leave_out_undated_and_closed() -> None:
    hubs = pd.DataFrame(
        {
            "hub_id": ["h1", "h2", "h3", "h4"],
            "year_opened": [1990, 2005, None, 1980],
            "year_closed": [None, None, None, 2000],
            "status": ["active", "active", "active", "closed"],
        }
    )
    assert list(hubs_open_in(hubs, 1995)["hub_id"]) == ["h1", "h4"]
    assert list(hubs_open_in(hubs, 2000)["hub_id"]) == ["h1"]  # closed in 2000: gone
    # before the data records closing years, closed hubs stay from their opening on
    assert list(hubs_open_in(hubs.drop(columns="year_closed"), 2000)["hub_id"]) == ["h1", "h4"]


def test_agreements_signed_by_a_year_and_what_cannot_be_placed() -> None:
    pairs = _pairs([("a", "b", 1990, "t"), ("a", "c", None, "t"), ("c", "d", 2010, "t")])
    assert list(pairs_signed_by(pairs, 2000)["partnership_id"]) == ["p0"]
    hubs = pd.DataFrame({"year_opened": [1990, None, None]})
    assert undated_counts(hubs, pairs) == {"hubs": 2, "partnerships": 1}


def test_timeline_years_span_hubs_and_agreements(atlas) -> None:
    years = timeline_years(atlas)
    assert years == list(range(years[0], years[-1] + 1))
    assert years[0] == min(atlas.hubs["year_opened"].min(), atlas.partnerships["year"].min())


def test_next_year_starts_at_the_beginning_and_stops_at_the_end() -> None:
    assert next_year([2000, 2001, 2002], None) == 2000
    assert next_year([2000, 2001, 2002], 2000) == 2001
    assert next_year([2000, 2001, 2002], 2002) is None
    assert next_year([], None) is None


def test_cap_note_and_tie_choices_in_french() -> None:
    with language("fr"):
        note = cap_note({"cities": (3000, 10000), "hubs": (1, 2)})
        limits = tie_limit_names()
    assert note is not None
    assert note.startswith(
        "Pour se charger vite, cette carte dessine 3\u202f000 sur 10\u202f000 villes"
    )
    assert "1 sur 2 hubs (un par ville hôte" in note
    assert limits == {
        "50": "50 liens les plus forts",
        "150": "150 liens les plus forts",
        "all": "Tous les liens",
    }
