"""The Map page's legend rows (no browser needed)."""

from __future__ import annotations

from atlas.i18n import language
from components import map_colours, theme
from ui.mapview import legend_rows


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


def test_legend_rows_in_catalan_group_digits_and_say_no_data():
    with language("ca"):
        spec = map_colours.continuous_legend([0, 2400, None], label="H", unit="h", year=2024)
        rows = legend_rows(spec)
    assert rows[0][0] == "2.400"
    assert rows[-1][0] == "sense dades (1)"
