"""Accepted upload rows as Atlas frames (atlas/upload/frames.py): the data model's columns and
types, `user_` ids, sources with the retrieval date, and nothing for a refused file."""

from __future__ import annotations

import pandas as pd

from atlas.upload import to_atlas_frames, validate_upload


def test_atlas_frames_follow_the_data_model(cities, fixture_bytes):
    report = validate_upload(fixture_bytes("long_comma_utf8.csv"), cities)
    data = to_atlas_frames(report, retrieved=pd.Timestamp("2025-03-01").date())
    values = data.values
    assert list(values.columns) == [
        "city_id",
        "indicator_id",
        "year",
        "value",
        "source_id",
        "unit_name",
        "basis",
        "note",
    ]
    assert values["year"].dtype == "int64"
    assert values["value"].dtype == "float64"
    assert not values.duplicated(["city_id", "indicator_id", "year"]).any()
    assert set(values["indicator_id"]) == {"user_science_attaches", "user_r_d_spending"}
    assert set(values["basis"]) == {"published"}
    assert values.loc[values["city_id"] == "geneva-ch", "note"].tolist() == ["provisional"]
    assert values["note"].isna().sum() == 5  # missing is NA, never ""
    assert set(values["source_id"]) == {"user-city-open-data", "user-statistical-office"}

    catalogue = data.indicators.set_index("indicator_id")
    assert catalogue.loc["user_science_attaches", "label"] == "Science attachés (your data)"
    assert catalogue.loc["user_science_attaches", "value_type"] == "count"
    assert catalogue.loc["user_science_attaches", "unit"] == "count"
    assert catalogue.loc["user_r_d_spending", "unit"] == "EUR million"
    assert set(catalogue["group"]) == {"user"}
    assert not catalogue["derived"].any()
    assert catalogue.loc["user_r_d_spending", "default_source_id"] == "user-statistical-office"

    sources = data.sources.set_index("source_id")
    assert sources.loc["user-city-open-data", "publisher"] == "City open data"
    assert sources.loc["user-city-open-data", "retrieved"] == "2025-03-01"
    assert sources["year"].dtype == "Int64"


def test_frames_for_a_refused_upload_are_empty(cities):
    data = to_atlas_frames(validate_upload(b"", cities))
    assert data.values.empty and data.indicators.empty and data.sources.empty
