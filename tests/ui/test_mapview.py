"""The Map page's legend rows and click handling (no browser needed)."""

from __future__ import annotations

from types import SimpleNamespace

from components import maps, theme
from ui.mapview import legend_rows, picked_city


def test_legend_rows_best_first_with_the_layer_colours():
    spec = maps.continuous_legend(
        [1, 5, 9, None], label="Rank", unit="rank", year=2024, higher_is_better=False
    )
    rows = legend_rows(spec)
    assert rows[0] == ("1", theme.sequential_colour(1.0))  # rank 1 is the brightest
    assert rows[4] == ("9", theme.sequential_colour(0.0))
    assert rows[-1] == ("no data (1)", theme.NO_DATA_COLOUR)


def test_legend_rows_without_values_say_no_data():
    spec = maps.continuous_legend([None], label="X", unit="u", year=2024)
    assert legend_rows(spec) == [("no data", theme.NO_DATA_COLOUR)]


def _event(objects):
    return SimpleNamespace(selection=SimpleNamespace(objects=objects))


def test_a_click_on_a_city_hub_or_ring_selects_the_city():
    assert picked_city(_event({"cities": [{"city_id": "geneva-ch"}]})) == "geneva-ch"
    assert picked_city(_event({"hubs": [{"hub_id": "h", "city_id": "bern-ch"}]})) == "bern-ch"
    assert picked_city(_event({"partnerships": [{"partnership_id": "p"}]})) is None
    assert picked_city(_event({})) is None
    assert picked_city(None) is None
