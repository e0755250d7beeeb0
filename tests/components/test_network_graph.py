"""The network drawing: sizes by degree, colours by region, escaped hover text, sources."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from components import theme
from components.chart_frame import SOURCE_ANNOTATION_NAME
from components.network_graph import (
    MAX_NODE_PX,
    MIN_NODE_PX,
    UNKNOWN_REGION,
    network_figure,
    node_sizes,
    region_colours,
    spread_out,
)

REGIONS = ("Africa", "Asia", "Europe")


def _nodes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city_id": ["a", "b", "c", "d"],
            "name": ["Alpha", "<b>Beta</b>", "Gamma", "Delta"],
            "country_name": ["X", "Y", "Z", None],
            "region": ["Europe", "Asia", "Europe", None],
            "x": [0.0, 1.0, -1.0, 0.5],
            "y": [0.0, 0.5, -0.5, 1.0],
            "degree": [4, 1, 1, 0],
            "weighted_degree": [5, 1, 1, 0],
            "betweenness": [0.5, 0.0, 0.0, None],
        }
    )


def _edges() -> pd.DataFrame:
    return pd.DataFrame({"city_a_id": ["a", "a"], "city_b_id": ["b", "c"], "weight": [1, 3]})


def _figure(**kwargs) -> object:
    return network_figure(
        _nodes(), _edges(), title="Net", source_line="Source: Test (2024)", **kwargs
    )


def test_node_sizes_grow_with_the_square_root_of_degree():
    sizes = node_sizes(pd.Series([0, 1, 4]))
    assert sizes.iloc[0] == MIN_NODE_PX
    assert sizes.iloc[2] == pytest.approx(MAX_NODE_PX)
    assert sizes.iloc[1] == pytest.approx(MIN_NODE_PX + (MAX_NODE_PX - MIN_NODE_PX) * 0.5)
    assert (node_sizes(pd.Series([0, 0])) == MIN_NODE_PX).all()


def test_region_colours_follow_the_given_order():
    assert region_colours(REGIONS) == {
        "Africa": theme.CATEGORICAL[0],
        "Asia": theme.CATEGORICAL[1],
        "Europe": theme.CATEGORICAL[2],
    }


def test_one_trace_per_region_with_palette_colours():
    fig = _figure(region_order=REGIONS)
    nodes = [t for t in fig.data if t.mode == "markers+text"]
    assert [t.name for t in nodes] == ["Asia", "Europe", UNKNOWN_REGION]
    colours = {t.name: t.marker.color for t in nodes}
    assert colours["Europe"] == theme.CATEGORICAL[2]
    assert colours[UNKNOWN_REGION] == theme.NO_DATA_COLOUR


def test_edges_split_by_weight():
    fig = _figure(region_order=REGIONS)
    lines = [t for t in fig.data if t.mode == "lines"]
    assert len(lines) == 2
    thin, thick = lines
    assert thin.line.width < thick.line.width
    assert sum(v is None for v in thin.x) == 1 and sum(v is None for v in thick.x) == 1
    assert fig.layout.meta["n_nodes"] == 4 and fig.layout.meta["n_edges"] == 2


def test_hover_text_is_escaped_and_missing_is_no_data():
    fig = _figure(region_order=REGIONS)
    asia = next(t for t in fig.data if t.name == "Asia")
    assert asia.customdata[0][0] == "&lt;b&gt;Beta&lt;/b&gt;"
    unknown = next(t for t in fig.data if t.name == UNKNOWN_REGION)
    assert unknown.customdata[0][4] == "no data"
    assert "%{customdata[0]}" in asia.hovertemplate


def test_source_line_is_in_the_figure():
    fig = _figure(region_order=REGIONS)
    names = [a.name for a in fig.layout.annotations]
    assert SOURCE_ANNOTATION_NAME in names


def test_best_connected_nodes_are_labelled():
    fig = _figure(region_order=REGIONS)
    europe = next(t for t in fig.data if t.name == "Europe")
    assert "Alpha" in europe.text


def test_spread_out_keeps_direction_and_the_farthest_node():
    x = pd.Series([0.0, 0.1, 0.0, -1.0])
    y = pd.Series([0.0, 0.0, 0.2, 0.0])
    sx, sy = spread_out(x, y, power=0.5)
    cx, cy = x.mean(), y.mean()
    for i in range(4):
        before = math.atan2(y[i] - cy, x[i] - cx)
        after = math.atan2(sy[i] - cy, sx[i] - cx)
        assert before == pytest.approx(after)
    r_before = ((x - cx) ** 2 + (y - cy) ** 2) ** 0.5
    r_after = ((sx - cx) ** 2 + (sy - cy) ** 2) ** 0.5
    assert r_after.max() == pytest.approx(r_before.max())
    assert (r_after[r_before < r_before.max()] > r_before[r_before < r_before.max()]).all()


def test_empty_network_says_so():
    fig = network_figure(
        _nodes().iloc[0:0], _edges().iloc[0:0], title="Net", source_line="Source: Test"
    )
    assert any("No partnership" in a.text for a in fig.layout.annotations)


def test_missing_columns_raise_a_clear_error():
    with pytest.raises(ValueError, match="degree"):
        network_figure(_nodes().drop(columns="degree"), _edges(), title="t", source_line="s")


def test_hover_legend_and_numbers_in_the_run_language():
    from atlas.i18n import language

    with language("fr"):
        fig = _figure()
    nodes = [t for t in fig.data if t.mode == "markers+text"]
    assert fig.layout.legend.title.text == "Région"
    assert "Villes partenaires\u00a0: %{customdata[2]}" in nodes[0].hovertemplate
    assert fig.layout.separators == ",\u202f"
    unknown = next(t for t in nodes if t.name == "région inconnue")
    assert unknown.customdata[0][4] == "pas de données"  # betweenness missing: no data
