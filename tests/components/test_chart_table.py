"""The ranking table spec beside a chart."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from components import (
    chart_table,
)
from tests.components.chart_checks import (
    SOURCE,
)


def test_ranking_table_spec_is_plain_dataframe_kwargs(ranking):
    spec = chart_table.ranking_table_spec(
        ranking, ["rank", "name", "value"], "hubs", "2024", source_line=SOURCE
    )
    assert set(spec) == {"data", "column_config", "column_order", "hide_index"}
    assert spec["column_order"] == ["rank", "name", "value"]
    assert spec["hide_index"] is True
    config = spec["column_config"]
    assert config["rank"]["label"] == "Rank"
    assert config["rank"]["type_config"] == {"type": "number", "format": "%d"}
    assert config["name"]["type_config"]["type"] == "text"
    assert config["value"]["label"] == "Value (hubs)"
    assert "hubs" in config["value"]["help"] and "2024" in config["value"]["help"]
    assert SOURCE in config["value"]["help"]
    json.dumps(config)  # plain data only, no Streamlit objects


def test_ranking_table_spec_keeps_missing_rows_last_not_zero(ranking):
    data = chart_table.ranking_table_spec(ranking, ["rank", "name", "value"], "hubs", "2024")[
        "data"
    ]
    assert list(data["name"].iloc[:2]) == ["Zürich", "São Paulo"]
    assert data["name"].iloc[-1] == "Tokyo"
    assert pd.isna(data["value"].iloc[-1])
    assert list(data.columns) == ["rank", "name", "value"]


def test_ranking_table_spec_overrides_and_formats():
    frame = pd.DataFrame(
        {"name": ["A", "B"], "year": [2023, 2024], "value": [0.125, 0.5], "population": [10, 2000]}
    )
    spec = chart_table.ranking_table_spec(
        frame,
        ["name", "year", "value", "population"],
        "share",
        labels={"value": "Share of output"},
        formats={"population": "%,d people"},
        help_texts={"name": "GeoNames name"},
    )
    config = spec["column_config"]
    assert config["year"]["type_config"]["format"] == "%d"  # never 2,024
    assert config["value"]["type_config"]["format"] == "%.3f"
    assert config["value"]["label"] == "Share of output"
    assert config["population"]["type_config"]["format"] == "%,d people"
    assert config["name"]["help"] == "GeoNames name"


def test_ranking_table_spec_rejects_unknown_column(ranking):
    with pytest.raises(ValueError, match="nope"):
        chart_table.ranking_table_spec(ranking, ["name", "nope"], "hubs")
