"""Tests for atlas.index_data: which figure each city contributes to an index, and how the
index looks once it becomes a session indicator."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from atlas.composite import PRESETS, IndexSettings, compute_index, rank_stability
from atlas.index_data import (
    INDEX_ID,
    contribution_frame,
    index_catalogue_row,
    index_inputs,
    index_value_rows,
    settings_token,
    used_rows,
)


def _values(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["city_id", "indicator_id", "year", "value", "source_id", "unit_name"]
    )
    return frame.assign(basis="published", note=pd.NA)


@pytest.fixture
def values() -> pd.DataFrame:
    return _values(
        [
            ("a", "hubs", 2026, 3.0, "s1", None),
            ("b", "hubs", 2026, 0.0, "s1", None),
            ("a", "rank", 2019, 40.0, "s2", "Metro A"),
            ("a", "rank", 2024, 12.0, "s3", "Metro A"),
            ("c", "rank", 2021, 7.0, "s2", None),
            ("z", "rank", 2024, 1.0, "s3", None),  # not in scope
        ]
    )


def test_latest_figure_per_city_and_indicator(values):
    inputs = index_inputs(values, ["a", "b", "c", "d"], ["hubs", "rank", "empty"])
    assert list(inputs.matrix.index) == ["a", "b", "c", "d"]
    assert list(inputs.matrix.columns) == ["hubs", "rank"]
    assert inputs.matrix.at["a", "rank"] == 12.0  # 2024 beats 2019
    assert inputs.matrix.at["b", "hubs"] == 0.0  # a real zero stays zero
    assert np.isnan(inputs.matrix.at["b", "rank"])  # a gap stays a gap
    assert inputs.matrix.loc["d"].isna().all()  # kept, so the index can report it
    assert inputs.empty == ("empty",)
    assert "z" not in set(inputs.rows["city_id"])
    row = inputs.rows.set_index(["city_id", "indicator_id"]).loc[("a", "rank")]
    assert (row["year"], row["source_id"], row["unit_name"]) == (2024, "s3", "Metro A")


def test_year_caps_the_figures(values):
    inputs = index_inputs(values, ["a", "b", "c"], ["hubs", "rank"], year=2022)
    assert inputs.matrix.at["a", "rank"] == 40.0  # the 2019 figure, the latest up to 2022
    assert "hubs" not in inputs.matrix.columns  # the 2026 counts are after the year
    assert inputs.empty == ("hubs",)


def test_value_rows_and_catalogue_row(values):
    inputs = index_inputs(values, ["a", "b", "c", "d"], ["hubs", "rank"])
    weights, directions = {"hubs": 1.0, "rank": 1.0}, {"hubs": True, "rank": False}
    settings = IndexSettings(min_coverage=0.5)
    result = compute_index(inputs.matrix, weights, directions, settings)
    stability = rank_stability(inputs.matrix, weights, directions, settings, draws=50)
    rows = index_value_rows(result, stability, inputs)
    assert list(rows["city_id"]) == list(result.table.index)
    assert set(rows["indicator_id"]) == {INDEX_ID}
    assert rows["value"].tolist() == pytest.approx(result.table["score"].tolist())
    by_city = rows.set_index("city_id")
    assert by_city.at["a", "year"] == 2026  # newest figure behind a's score
    assert by_city.at["c", "year"] == 2021
    assert "2 of 2 indicators (figures 2024–2026), coverage 100%" in by_city.at["a", "note"]
    assert "in 90% of 50 random weightings" in by_city.at["a", "note"]
    assert "d" not in by_city.index  # no figure at all: no score, not a 0
    assert str(rows["year"].dtype) == "Int64"
    assert set(used_rows(result, inputs)["city_id"]) <= set(result.table.index)

    cat = index_catalogue_row("Scores are ...")
    assert cat.shape == (1, 12)
    assert cat.at[0, "indicator_id"] == INDEX_ID and cat.at[0, "description"] == "Scores are ..."
    assert bool(cat.at[0, "higher_is_better"]) is True


def test_contribution_frame_uses_names(values):
    inputs = index_inputs(values, ["a", "b", "c"], ["hubs", "rank"])
    result = compute_index(inputs.matrix, {"hubs": 1, "rank": 1}, {"hubs": True, "rank": False})
    table = contribution_frame(result, {"a": "Alpha, X"}, {"hubs": "Hubs hosted"})
    assert list(table.columns[:5]) == ["city_id", "Rank", "City", "Score", "Coverage (%)"]
    assert "Hubs hosted (points)" in table.columns and "rank (points)" in table.columns
    assert table.loc[table["city_id"] == "a", "City"].item() == "Alpha, X"
    points = table[["Hubs hosted (points)", "rank (points)"]].sum(axis=1, min_count=1)
    assert points.to_numpy() == pytest.approx(table["Score"].to_numpy(), abs=0.02)


def test_settings_token_is_stable_and_sensitive():
    a = settings_token("v1", ("a", "b"), (("hubs", 50),), None, "minmax")
    assert a == settings_token("v1", ("a", "b"), (("hubs", 50),), None, "minmax")
    assert a != settings_token("v1", ("a", "b"), (("hubs", 51),), None, "minmax")
    assert len(a) == 16


def test_presets_use_indicators_of_the_curated_catalogue(curated_atlas):
    catalogue = curated_atlas.indicators
    for preset in PRESETS.values():
        assert set(preset["weights"]) <= set(catalogue.index)
