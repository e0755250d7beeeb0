"""Legend figures: one swatch per item in the given colours, labels escaped, type scales."""

from __future__ import annotations

from components.legend import legend_figure
from components.theme import CATEGORICAL, PRESENTATION_FONT_SIZE

HOSTILE = "<img src=x onerror=alert(1)>"


def test_one_swatch_per_item_in_its_colour():
    fig = legend_figure([("a", CATEGORICAL[0]), ("b", CATEGORICAL[1])], "Hub type")
    trace = fig.data[0]
    assert list(trace.marker.color) == [CATEGORICAL[0], CATEGORICAL[1]]
    assert list(trace.text) == ["a", "b"]
    assert "Hub type" in fig.layout.title.text


def test_labels_and_title_are_escaped():
    fig = legend_figure([(HOSTILE, CATEGORICAL[0])], HOSTILE)
    assert "<img" not in fig.data[0].text[0] and "&lt;img" in fig.data[0].text[0]
    assert "<img" not in fig.layout.title.text


def test_presentation_mode_enlarges_type_and_rows():
    small = legend_figure([("a", CATEGORICAL[0])], "T")
    big = legend_figure([("a", CATEGORICAL[0])], "T", presentation=True)
    assert big.data[0].textfont.size == PRESENTATION_FONT_SIZE > small.data[0].textfont.size
    assert big.layout.height > small.layout.height
