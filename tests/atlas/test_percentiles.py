"""Percentiles against all cities and the city's region, direction-aware."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from atlas.percentiles import PERCENTILE_COLUMNS, percentiles


def make_cities() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city_id": ["a", "b", "c", "d", "e"],
            "region": ["Europe", "Europe", "Europe", "Asia", "Asia"],
        }
    )


def make_indicators() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": ["hubs", "gii_rank", "solo"],
            "label": ["Hubs", "GII rank", "Solo"],
            "unit": ["hubs", "rank", "x"],
            "group": ["diplomacy", "outputs", "profile"],
            "higher_is_better": [True, False, True],
        }
    )


def make_values(rows: list[tuple[str, str, int, float | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["city_id", "indicator_id", "year", "value"])
    frame["value"] = frame["value"].astype("float64")
    frame["source_id"] = "src"
    return frame


VALUES = make_values(
    [
        # hubs 2024: a 5, b 3, c 3, d 10, e 1
        ("a", "hubs", 2024, 5.0),
        ("b", "hubs", 2024, 3.0),
        ("c", "hubs", 2024, 3.0),
        ("d", "hubs", 2024, 10.0),
        ("e", "hubs", 2024, 1.0),
        ("a", "hubs", 2020, 100.0),  # older edition: ignored
        # gii_rank 2023: lower is better
        ("a", "gii_rank", 2023, 12.0),
        ("b", "gii_rank", 2023, 3.0),
        ("d", "gii_rank", 2023, 1.0),
        ("e", "gii_rank", 2023, 40.0),
        ("c", "gii_rank", 2023, None),  # missing, not compared
        ("zz", "gii_rank", 2023, 50.0),  # unknown city: ignored
        ("a", "uncatalogued", 2023, 1.0),  # unknown direction: skipped
    ]
)


def row(frame: pd.DataFrame, indicator_id: str) -> pd.Series:
    return frame.set_index("indicator_id").loc[indicator_id]


def test_higher_is_better_all_and_region():
    out = percentiles(VALUES, make_cities(), "a", make_indicators())
    assert list(out.columns) == PERCENTILE_COLUMNS
    hubs = row(out, "hubs")
    assert hubs["year"] == 2024
    assert hubs["value"] == 5.0
    # a=5 beats-or-ties b, c, e (3 of 4 others)
    assert hubs["percentile_all"] == pytest.approx(75.0)
    assert hubs["n_all"] == 5
    # in Europe: beats b and c
    assert hubs["region"] == "Europe"
    assert hubs["percentile_region"] == pytest.approx(100.0)
    assert hubs["n_region"] == 3


def test_ties_count_half():
    out = percentiles(VALUES, make_cities(), "b", make_indicators())
    hubs = row(out, "hubs")
    # b=3: better than e, tied with c -> (1 + 0.5) of 4
    assert hubs["percentile_all"] == pytest.approx(37.5)


def test_lower_is_better_higher_percentile_is_better():
    out = percentiles(VALUES, make_cities(), "d", make_indicators())
    gii = row(out, "gii_rank")
    assert not gii["higher_is_better"]
    # d is rank 1: best of the 4 cities with a value (c missing, zz unknown)
    assert gii["percentile_all"] == pytest.approx(100.0)
    assert gii["n_all"] == 4
    assert gii["n_region"] == 2
    worst = row(percentiles(VALUES, make_cities(), "e", make_indicators()), "gii_rank")
    assert worst["percentile_all"] == pytest.approx(0.0)
    mid = row(percentiles(VALUES, make_cities(), "a", make_indicators()), "gii_rank")
    # a=12 is at least as good as e=40 only: 1 of 3
    assert mid["percentile_all"] == pytest.approx(100 / 3)
    assert mid["percentile_region"] == pytest.approx(0.0)  # b=3 is better, only other in Europe


def test_only_indicators_the_city_has_and_that_are_catalogued():
    out = percentiles(VALUES, make_cities(), "c", make_indicators())
    assert list(out["indicator_id"]) == ["hubs"]  # gii_rank is missing for c
    out_a = percentiles(VALUES, make_cities(), "a", make_indicators())
    assert list(out_a["indicator_id"]) == ["hubs", "gii_rank"]  # catalogue order


def test_city_alone_has_no_percentile():
    values = make_values([("a", "solo", 2024, 1.0)])
    out = percentiles(values, make_cities(), "a", make_indicators())
    solo = row(out, "solo")
    assert math.isnan(solo["percentile_all"])
    assert solo["n_all"] == 1


def test_city_latest_year_compared_within_that_year():
    values = make_values(
        [
            ("a", "hubs", 2023, 2.0),
            ("b", "hubs", 2023, 1.0),
            ("b", "hubs", 2024, 9.0),  # a not in the 2024 edition
        ]
    )
    hubs = row(percentiles(values, make_cities(), "a", make_indicators()), "hubs")
    assert hubs["year"] == 2023
    assert hubs["percentile_all"] == pytest.approx(100.0)


def test_city_without_values():
    # "a" has no value for "solo", the only indicator in this catalogue.
    out = percentiles(VALUES, make_cities(), "a", make_indicators().iloc[2:])
    assert out.empty
    assert list(out.columns) == PERCENTILE_COLUMNS


def test_unknown_city_raises():
    with pytest.raises(KeyError):
        percentiles(VALUES, make_cities(), "atlantis", make_indicators())


def test_city_without_region_has_no_regional_comparison():
    cities = make_cities().assign(region=["Europe", "Europe", None, "Asia", "Asia"])
    hubs = row(percentiles(VALUES, cities, "c", make_indicators()), "hubs")
    assert hubs["n_region"] == 0
    assert math.isnan(hubs["percentile_region"])
    assert hubs["n_all"] == 5


def _reference(values, cities, city_id, indicators) -> dict[str, tuple]:
    """The definition in the module docstring, written as plainly as possible."""
    region_of = dict(zip(cities["city_id"], cities["region"], strict=True))
    higher = dict(zip(indicators["indicator_id"], indicators["higher_is_better"], strict=True))
    rows = values.dropna(subset=["value"])
    rows = rows[rows["city_id"].isin(region_of) & rows["indicator_id"].isin(higher)]
    out = {}
    for indicator_id, group in rows.groupby("indicator_id"):
        own = group[group["city_id"] == city_id]
        if own.empty:
            continue
        year = own["year"].max()
        mine = float(own.loc[own["year"] == year, "value"].iloc[0])
        others = group[(group["year"] == year) & (group["city_id"] != city_id)]

        up = bool(higher[indicator_id])
        same = others[others["city_id"].map(region_of) == region_of[city_id]]
        out[indicator_id] = (
            _share(others, mine, up),
            len(others) + 1,
            _share(same, mine, up),
            len(same) + 1,
        )
    return out


def _share(frame: pd.DataFrame, mine: float, higher_is_better: bool) -> float:
    if frame.empty:
        return float("nan")
    worse = frame["value"] < mine if higher_is_better else frame["value"] > mine
    ties = frame["value"] == mine
    return 100.0 * (worse.sum() + 0.5 * ties.sum()) / len(frame)


def test_matches_the_plain_definition_on_random_data():
    """The vectorised computation agrees with a loop over the definition, ties included."""
    rng = np.random.default_rng(7)
    ids = [f"c{i:02d}" for i in range(30)]
    cities = pd.DataFrame({"city_id": ids, "region": rng.choice(["Europe", "Asia", "Africa"], 30)})
    indicators = pd.DataFrame(
        {
            "indicator_id": ["up", "down"],
            "label": ["Up", "Down"],
            "unit": ["x", "rank"],
            "group": ["outputs", "outputs"],
            "higher_is_better": [True, False],
        }
    )
    rows = [
        (city, indicator, int(year), float(rng.integers(1, 8)))
        for city in ids
        for indicator in ("up", "down")
        for year in (2022, 2023)
        if rng.random() < 0.7
    ]
    values = make_values(rows)
    for city in ids[:10]:
        expected = _reference(values, cities, city, indicators)
        got = percentiles(values, cities, city, indicators).set_index("indicator_id")
        assert set(got.index) == set(expected)
        for indicator_id, (p_all, n_all, p_region, n_region) in expected.items():
            result = got.loc[indicator_id]
            assert result["n_all"] == n_all and result["n_region"] == n_region
            for ours, theirs in (
                (result["percentile_all"], p_all),
                (result["percentile_region"], p_region),
            ):
                assert (math.isnan(ours) and math.isnan(theirs)) or ours == pytest.approx(theirs)
