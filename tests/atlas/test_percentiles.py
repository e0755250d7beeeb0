"""Percentiles against all cities and the city's region, direction-aware."""

from __future__ import annotations

import math

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


def test_ties_count_as_at_least_as_good():
    out = percentiles(VALUES, make_cities(), "b", make_indicators())
    hubs = row(out, "hubs")
    # b=3: at least as good as c (tie) and e -> 2 of 4
    assert hubs["percentile_all"] == pytest.approx(50.0)
    assert hubs["percentile_region"] == pytest.approx(50.0)


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
