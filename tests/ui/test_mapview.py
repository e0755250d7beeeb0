"""The Map page's legend rows and click handling (no browser needed)."""

from __future__ import annotations

from types import SimpleNamespace

from components import map_colours, theme
from ui.mapview import (
    REGION_VIEWS,
    legend_rows,
    picked_city,
    region_camera,
    ties_caption,
    timeline_caption,
)


def test_legend_rows_best_first_with_the_layer_colours():
    spec = map_colours.continuous_legend(
        [1, 5, 9, None], label="Rank", unit="rank", year=2024, higher_is_better=False
    )
    rows = legend_rows(spec)
    assert rows[0] == ("1", theme.sequential_colour(1.0))  # rank 1 is the brightest
    assert rows[4] == ("9", theme.sequential_colour(0.0))
    assert rows[-1] == ("no data (1)", theme.NO_DATA_COLOUR)


def test_legend_rows_without_values_say_no_data():
    spec = map_colours.continuous_legend([None], label="X", unit="u", year=2024)
    assert legend_rows(spec) == [("no data", theme.NO_DATA_COLOUR)]


def _event(objects):
    return SimpleNamespace(selection=SimpleNamespace(objects=objects))


def test_a_click_on_a_city_hub_or_ring_selects_the_city():
    assert picked_city(_event({"cities": [{"city_id": "geneva-ch"}]})) == "geneva-ch"
    assert picked_city(_event({"hubs": [{"hub_id": "h", "city_id": "bern-ch"}]})) == "bern-ch"
    assert picked_city(_event({"partnerships": [{"partnership_id": "p"}]})) is None
    assert picked_city(_event({})) is None
    assert picked_city(None) is None


def test_count_legend_steps_are_whole_numbers_coloured_where_they_fall():
    spec = map_colours.continuous_legend([0, 3, 18, None], label="Hubs", unit="hubs", year=2024)
    rows = legend_rows(spec)
    labels = [label for label, _ in rows]
    assert labels == ["18", "14", "9", "4", "0", "no data (1)"]  # never "13.5"
    assert rows[1][1] == theme.sequential_colour(14 / 18)
    small = legend_rows(map_colours.continuous_legend([0, 1, 2], label="N", unit="n", year=2024))
    assert [label for label, _ in small] == ["2", "1", "0"]  # repeated steps merged


def test_fractional_indicators_keep_fractional_steps():
    spec = map_colours.continuous_legend([0.5, 1.25], label="Share", unit="%", year=2024)
    assert legend_rows(spec)[1][0] == "1.06"


def test_region_cameras_frame_regions_closer_than_the_world():
    world = region_camera("world")
    for region in REGION_VIEWS:
        camera = region_camera(region)
        assert region == "world" or camera["zoom"] > world["zoom"]
        assert region_camera(region, presentation=True)["zoom"] > camera["zoom"]
    assert region_camera("nowhere") == world


def test_timeline_caption_states_what_is_left_out():
    counts = {
        "hubs": 20,
        "partnerships": 144,
        "undated_hubs": 168,
        "undated_partnerships": 134,
        "closed_hubs_undated": 1,
    }
    text = timeline_caption(counts, 1995)
    assert text.startswith("In 1995: 20 hubs open and 144 agreements signed.")
    assert "168 hubs and 134 agreements" in text and "1 closed hub has" in text
    assert timeline_caption({"hubs": 273, "partnerships": 396}, None).startswith("Today: 273")


def test_ties_caption_counts_what_is_not_drawn():
    counts = {"ties": 392, "ties_drawn": 50, "ties_selected": 0, "partnerships": 396}
    assert ties_caption(counts) == (
        "partnership arcs: the 50 strongest of 392 pairs of partner cities (396 agreements; "
        "342 more pairs counted, not drawn)"
    )
    counts = {"ties": 392, "ties_drawn": 65, "ties_selected": 15, "partnerships": 396}
    text = ties_caption(counts)
    assert "selected city's 15 partner cities highlighted" in text
    assert "the 50 strongest of 377 other pairs" in text and "327 more" in text
