"""The Hubs page's model on the five-city Atlas, without Streamlit."""

from __future__ import annotations

from atlas.filters import Filters
from atlas.views.hubs import hubs_view, map_note


def test_the_directory_counts_hubs_by_operator_and_host(small_atlas):
    view = hubs_view(small_atlas, (), (), (), Filters())
    assert len(view.directory) == len(view.directory_table) > 0
    assert view.directory_table["City profile"].str.startswith("profile?city=").all()
    assert view.by_city["hubs"].sum() == len(view.directory)
    assert list(view.city_table.columns) == ["Host city", "Hubs", "Sources"]
    assert view.line and map_note(view) is None


def test_a_filter_keeps_the_hubs_its_cities_host(small_atlas):
    view = hubs_view(small_atlas, (), (), (), Filters(countries=("PT",)))
    assert set(view.directory["host_city_id"]) == {"porto-pt"}
