"""The Inputs and outputs page's model on the five-city Atlas, without Streamlit."""

from __future__ import annotations

from atlas.filters import Filters
from atlas.views.inout import inout_view, measure_labels


def test_a_view_pairs_every_city_with_both_figures(small_atlas):
    inputs, outputs = measure_labels(small_atlas)
    assert inputs and outputs and not set(inputs) & set(outputs)
    x_id, y_id = next(iter(inputs)), next(iter(outputs))
    view = inout_view(small_atlas, x_id, y_id, Filters())
    assert len(view.table) == len(view.points) == view.pairing.n
    assert list(view.table.columns[-2:]) == ["source_id", "city_id"]
    assert view.table["Profile"].str.startswith("profile?city=").all()
    assert isinstance(view.reading, str) and view.reading
