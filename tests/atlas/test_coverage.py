"""Coverage matrix: latest year per city and indicator, "—" where there is no figure."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from atlas.coverage import (
    NO_DATA,
    city_indicator_years,
    coverage_matrix,
    coverage_summary,
    years_text,
)

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def atlas(curated_atlas):
    return curated_atlas


@pytest.mark.parametrize(
    ("years", "text"),
    [
        ([], NO_DATA),
        ([2024], "2024"),
        ([2021, 2019, 2020, 2023], "2019–2021, 2023"),
        ([2020, 2020, 2022, 2024, 2025], "2020, 2022, 2024–2025"),
    ],
)
def test_years_text(years, text):
    assert years_text(years) == text


def test_matrix_cells_are_latest_year_or_no_data(atlas):
    ids = ["barcelona-es", "tokyo-jp", "accra-gh"]
    indicators = ["gii_cluster_rank", "hubs_hosted", "nature_index_rank"]
    matrix = coverage_matrix(atlas, ids, indicators)
    assert list(matrix.columns) == ["city_id", "City", "Country", "Region", *indicators]
    assert matrix["City"].tolist() == sorted(matrix["City"])
    values = atlas.values
    for row in matrix.itertuples(index=False):
        for indicator in indicators:
            mine = values.loc[
                (values["city_id"] == row.city_id)
                & (values["indicator_id"] == indicator)
                & values["value"].notna(),
                "year",
            ]
            expected = NO_DATA if mine.empty else str(int(mine.max()))
            assert getattr(row, indicator) == expected
    # a count the Atlas computes exists for every city (0 is a true count there)
    assert (matrix["hubs_hosted"] != NO_DATA).all()
    assert not matrix.isna().any().any()


def test_matrix_never_shows_a_missing_value_as_a_year(atlas):
    tokyo = atlas.values.loc[atlas.values["city_id"] == "tokyo-jp"].copy()
    fake = tokyo.iloc[[0]].assign(indicator_id="gpci_rank", year=1999, value=float("nan"))
    atlas2 = atlas.__class__(**{**atlas.__dict__, "values": pd.concat([atlas.values, fake])})
    with_nan = coverage_matrix(atlas2, ["tokyo-jp"], ["gpci_rank"])
    without = coverage_matrix(atlas, ["tokyo-jp"], ["gpci_rank"])
    assert with_nan["gpci_rank"].tolist() == without["gpci_rank"].tolist()


def test_summary_counts_cities_with_data(atlas):
    ids = list(atlas.cities.index[atlas.cities["region"] == "Europe"])
    summary = coverage_summary(atlas, ids, ["gii_cluster_rank", "population"]).set_index(
        "indicator_id"
    )
    years = city_indicator_years(atlas, ids)
    gii = years.loc[years["indicator_id"] == "gii_cluster_rank"]
    assert summary.at["gii_cluster_rank", "Cities with data"] == gii["city_id"].nunique()
    assert summary.at["gii_cluster_rank", "Of cities"] == len(ids)
    assert summary.at["gii_cluster_rank", "Geographic unit"] == "GII cluster"
    gii_years = atlas.values.loc[
        (atlas.values["indicator_id"] == "gii_cluster_rank") & atlas.values["city_id"].isin(ids),
        "year",
    ]
    assert summary.at["gii_cluster_rank", "Years available"] == years_text(gii_years)
    assert 0 < summary.at["gii_cluster_rank", "Share with data (%)"] < 100


def test_empty_city_selection(atlas):
    assert coverage_matrix(atlas, [], ["hubs_hosted"]).empty
    summary = coverage_summary(atlas, [], ["hubs_hosted"])
    assert summary["Cities with data"].tolist() == [0]
    assert summary["Years available"].tolist() == [NO_DATA]


def test_year_filter_shows_coverage_as_it_stood(atlas):
    ids = list(atlas.cities.index)
    values = atlas.values
    gii = values.loc[values["indicator_id"] == "gii_cluster_rank"]
    cutoff = int(gii["year"].min())
    matrix = coverage_matrix(atlas, ids, ["gii_cluster_rank"], max_year=cutoff)
    with_data = set(matrix.loc[matrix["gii_cluster_rank"] != NO_DATA, "city_id"])
    assert with_data == set(gii.loc[gii["year"] <= cutoff, "city_id"])
    assert set(matrix["gii_cluster_rank"]) <= {NO_DATA, str(cutoff)}
    summary = coverage_summary(atlas, ids, ["gii_cluster_rank"], max_year=cutoff)
    assert summary["Years available"].tolist() == [str(cutoff)]
