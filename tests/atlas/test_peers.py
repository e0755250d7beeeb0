"""Peer suggestion: nearest in log population, same region, deterministic."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from atlas.peers import (
    COMPARE_COLUMNS,
    GROUPS,
    city_percentiles,
    compare_values,
    group_scores,
    percentile_ranks,
    series_values,
    suggest_peers,
)


def make_cities() -> pd.DataFrame:
    rows = [
        ("home", "Europe", 1_000_000),
        ("half", "Europe", 500_000),  # log distance ln 2
        ("double", "Europe", 2_000_000),  # log distance ln 2, ties with "half"
        ("ten-x", "Europe", 10_000_000),
        ("tiny", "Europe", 10_000),
        ("nopop", "Europe", None),
        ("zero", "Europe", 0),
        ("asia-same", "Asia", 1_000_000),
        ("asia-near", "Asia", 1_100_000),
    ]
    frame = pd.DataFrame(rows, columns=["city_id", "region", "population"])
    frame["population"] = frame["population"].astype("Int64")
    return frame


def test_nearest_on_log_scale_with_city_id_tie_break():
    # 500k and 2M are equally far on a log scale; "double" < "half" alphabetically.
    assert suggest_peers(make_cities(), "home", n=2) == ["double", "half"]


def test_log_scale_not_linear():
    # Linearly 10k is nearer to 1M than 10M is; on a log scale 10M (x10) is nearer than 10k (/100).
    assert suggest_peers(make_cities(), "home", n=4) == ["double", "half", "ten-x", "tiny"]


def test_fewer_than_n_in_region_are_not_padded():
    peers = suggest_peers(make_cities(), "home", n=10)
    assert peers == ["double", "half", "ten-x", "tiny"]
    assert "home" not in peers
    assert "nopop" not in peers and "zero" not in peers
    assert not {"asia-same", "asia-near"} & set(peers)


def test_worldwide_when_region_not_required():
    peers = suggest_peers(make_cities(), "home", n=3, same_region=False)
    assert peers == ["asia-same", "asia-near", "double"]


def test_deterministic_regardless_of_row_order():
    cities = make_cities()
    shuffled = cities.sample(frac=1, random_state=3).reset_index(drop=True)
    assert suggest_peers(shuffled, "home", n=4) == suggest_peers(cities, "home", n=4)


def test_city_without_population_gets_no_suggestion():
    assert suggest_peers(make_cities(), "nopop") == []


def test_unknown_city_raises():
    with pytest.raises(KeyError):
        suggest_peers(make_cities(), "atlantis")


def test_n_zero():
    assert suggest_peers(make_cities(), "home", n=0) == []


def test_exclude_and_allowed_narrow_the_suggestion():
    cities = make_cities()
    assert suggest_peers(cities, "home", n=2, exclude=["double"]) == ["half", "ten-x"]
    assert suggest_peers(cities, "home", n=3, allowed=["tiny", "ten-x", "asia-same"]) == [
        "ten-x",
        "tiny",
    ]


def test_same_answer_on_every_call():
    cities = make_cities()
    first = suggest_peers(cities, "home", n=5)
    assert all(suggest_peers(cities, "home", n=5) == first for _ in range(5))


# --------------------------------------------------------------------------------------------
# Side by side, percentile ranks, group scores, series
# --------------------------------------------------------------------------------------------


def make_catalogue() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": ["population", "hubs", "rank", "pct"],
            "label": ["Population", "Hubs", "Some rank", "PCT"],
            "unit": ["inhabitants", "hubs", "rank", "applications"],
            "group": ["profile", "diplomacy", "outputs", "outputs"],
            "higher_is_better": [True, True, False, True],
            "geo_unit": ["city proper", "city proper", "GII cluster", "GII cluster"],
        }
    )


def make_values(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["city_id", "indicator_id", "year", "value"])
    frame["value"] = frame["value"].astype("float64")
    frame["source_id"] = "src"
    frame["unit_name"] = pd.NA
    frame["basis"] = "published"
    frame["note"] = pd.NA
    return frame


VALUES = [
    ("x", "population", 2026, 1_000_000),
    ("y", "population", 2026, 3_000_000),
    ("z", "population", 2026, 2_000_000),
    ("x", "hubs", 2026, 4),
    ("y", "hubs", 2026, 4),
    ("z", "hubs", 2026, 0),
    ("w", "hubs", 2026, 0),
    ("x", "rank", 2022, 3),
    ("x", "rank", 2024, 5),
    ("y", "rank", 2024, 9),
    ("z", "rank", 2023, 2),
    ("y", "pct", 2023, 100),
    ("w", "pct", 2023, 50),
]


def test_compare_every_indicator_every_city_gaps_are_nan_not_zero():
    long = compare_values(make_values(VALUES), make_catalogue(), ["x", "y"])
    assert list(long.columns) == COMPARE_COLUMNS
    assert len(long) == 4 * 2
    assert list(long["indicator_id"][:4]) == ["population", "population", "hubs", "hubs"]
    assert list(long["city_id"][:2]) == ["x", "y"]  # the order the user chose
    pct = long.loc[long["indicator_id"] == "pct"].set_index("city_id")
    assert pd.isna(pct.at["x", "value"]) and pct.at["y", "value"] == 100
    assert not pct["best"].any()  # one city with data: nothing to compare, nothing marked


def test_compare_marks_best_with_ties_and_lower_is_better_for_ranks():
    long = compare_values(make_values(VALUES), make_catalogue(), ["x", "y", "z"])
    best = long.loc[long["best"], ["indicator_id", "city_id"]].values.tolist()
    assert ["hubs", "x"] in best and ["hubs", "y"] in best  # tie: both marked
    assert ["rank", "z"] in best  # rank 2 beats 5 and 9
    assert not long.loc[long["indicator_id"] == "population", "best"].any()  # context only


def test_compare_uses_latest_year_and_flags_rows_whose_years_differ():
    long = compare_values(make_values(VALUES), make_catalogue(), ["x", "z"]).set_index(
        ["indicator_id", "city_id"]
    )
    assert long.at[("rank", "x"), "year"] == 2024 and long.at[("rank", "x"), "value"] == 5
    assert bool(long.at[("rank", "x"), "years_differ"])  # x 2024, z 2023
    assert not bool(long.at[("hubs", "x"), "years_differ"])


def test_compare_respects_the_sidebar_year():
    long = compare_values(make_values(VALUES), make_catalogue(), ["x"], up_to_year=2023)
    rank = long.loc[long["indicator_id"] == "rank"].iloc[0]
    assert rank["year"] == 2022 and rank["value"] == 3
    assert long.loc[long["indicator_id"] == "hubs", "value"].isna().all()  # 2026 is later


def test_percentile_ranks_direction_ties_and_lonely_values():
    table = percentile_ranks(make_values(VALUES), make_catalogue()).set_index(
        ["indicator_id", "year", "city_id"]
    )["percentile"]
    # hubs 2026: 0, 0, 4, 4 -> ties share the middle of their places
    assert table[("hubs", 2026, "x")] == pytest.approx(100 * 2.5 / 3)
    assert table[("hubs", 2026, "z")] == pytest.approx(100 * 0.5 / 3)
    # rank 2024: 5 beats 9 (lower is better)
    assert table[("rank", 2024, "x")] == 100 and table[("rank", 2024, "y")] == 0
    # alone in its edition: nothing to compare with
    assert math.isnan(table[("rank", 2023, "z")])


def test_group_scores_average_per_group_and_nan_without_data():
    scores = group_scores(make_values(VALUES), make_catalogue(), ["x", "w"]).set_index(
        ["city_id", "group"]
    )
    assert list(scores.index.get_level_values(1)[: len(GROUPS)]) == list(GROUPS)
    assert scores.at[("x", "diplomacy"), "score"] == pytest.approx(100 * 2.5 / 3)
    assert scores.at[("x", "outputs"), "score"] == 100  # rank 2024 only; pct missing
    assert scores.at[("x", "outputs"), "n_indicators"] == 1
    assert math.isnan(scores.at[("w", "partnerships"), "score"])
    assert scores.at[("w", "partnerships"), "n_indicators"] == 0
    assert scores.at[("w", "outputs"), "score"] == 0  # pct 50 below 100


def test_city_percentiles_latest_edition_up_to_year():
    rows = city_percentiles(make_values(VALUES), make_catalogue(), ["x"], up_to_year=2023)
    assert "rank" not in set(rows["indicator_id"])  # 2022: x alone, no percentile
    assert set(rows["group"]) <= set(GROUPS)


def test_series_only_indicators_with_several_editions():
    rows = series_values(make_values(VALUES), make_catalogue(), ["x", "y"])
    assert set(rows["indicator_id"]) == {"rank"}
    assert list(rows.loc[rows["city_id"] == "x", "year"]) == [2022, 2024]
    assert series_values(make_values(VALUES), make_catalogue(), ["z"]).empty
