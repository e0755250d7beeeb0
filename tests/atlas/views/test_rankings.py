"""The Rankings page's model on the five-city Atlas, without Streamlit."""

from __future__ import annotations

from atlas.filters import Filters
from atlas.views.rankings import (
    PROFILE_PATH,
    chart_table,
    display_names,
    editions,
    full_table,
    ranking,
    top_rows,
)


def test_editions_list_the_years_with_a_figure_oldest_first(small_atlas):
    assert editions(small_atlas)["gii_cluster_rank"] == [2023, 2024]


def test_display_names_are_plain_where_no_name_is_shared(small_atlas):
    names = display_names(small_atlas)
    assert names["geneva-ch"] == "Geneva"


def test_a_ranking_names_its_cities_and_links_their_profiles(small_atlas):
    result, frame = ranking(small_atlas, "gii_cluster_rank", 2024, False, Filters())
    assert result.year == 2024
    assert list(frame["city_id"]) == ["geneva-ch", "lyon-fr"]
    assert list(frame["rank"]) == [1, 2]
    assert frame["profile"].iloc[0] == f"{PROFILE_PATH}?city=geneva-ch"
    assert frame["publisher"].iloc[0] == "WIPO"


def test_the_filters_narrow_the_ranking(small_atlas):
    _, frame = ranking(small_atlas, "gii_cluster_rank", 2024, False, Filters(countries=("FR",)))
    assert list(frame["city_id"]) == ["lyon-fr"]


def test_tables_keep_the_source_out_of_sight_and_the_profile_by_the_city(small_atlas):
    result, frame = ranking(small_atlas, "gii_cluster_rank", 2024, False, Filters())
    meta = small_atlas.indicators.loc["gii_cluster_rank"]
    table, order = full_table(frame, meta, False, result.previous_year)
    assert "source_id" in table.columns and "source_id" not in order
    assert order[order.index("City") + 1] == "Profile"
    assert "Published rank" in table.columns
    shown = top_rows(frame, 1)
    assert len(chart_table(shown, meta, False)) == 1
