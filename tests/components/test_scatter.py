"""The Inputs and outputs scatter: orientation, quadrant names, log axes, escaped hovers."""

from __future__ import annotations

import pandas as pd

from atlas.inout import QUADRANTS
from components.scatter import HOVER_COLUMNS, Axis, inout_scatter, log_ticks, use_log

HOSTILE = "<img src=x onerror=alert(1)>"


def _frame() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "city_id": ["a-xx", "b-xx", "c-xx"],
            "x": [0.0, 4.0, 12.0],
            "y": [80.0, 9.0, 1.0],
        }
    )
    for col in HOVER_COLUMNS:
        frame[col] = col
    frame["label"] = [HOSTILE, "Bern, Switzerland", "Lyon, France"]
    return frame


def _figure(**kwargs):
    return inout_scatter(
        _frame(),
        Axis("Hubs hosted", "hubs", False, 4.0),
        Axis("Cluster rank", "rank", True, 9.0),
        title="Hubs hosted against Cluster rank",
        subtitle=["3 cities"],
        source_line="Source: WIPO (2024)",
        quadrants=QUADRANTS,
        **kwargs,
    )


def test_rank_axis_runs_high_to_low_and_quadrants_sit_in_their_corners():
    fig = _figure(log_y=True)
    low, high = fig.layout.yaxis.range
    assert low > high  # rank 1 at the top
    assert fig.layout.yaxis.type == "log"
    names = {a.text: (a.x, a.y) for a in fig.layout.annotations if a.name == "quadrant"}
    assert names["<i>engaged and<br>productive</i>"] == (0.99, 0.99)
    assert names["<i>less engaged,<br>less productive</i>"] == (0.01, 0.01)
    assert "1 = best" in fig.layout.yaxis.title.text


def test_highlighted_cities_are_a_labelled_trace():
    fig = _figure(highlight=["c-xx"])
    marked = [t for t in fig.data if t.name == "Highlighted"]
    assert list(marked[0].ids) == ["c-xx"] and list(marked[0].text) == ["Lyon, France"]
    assert fig.layout.showlegend


def test_data_text_is_escaped_in_hovers():
    fig = _figure()
    hovers = [row[0] for t in fig.data for row in t.customdata]
    assert HOSTILE not in hovers and "&lt;img src=x onerror=alert(1)&gt;" in hovers
    assert "%{customdata[0]}" in fig.data[0].hovertemplate


def test_source_line_is_in_the_figure():
    fig = _figure()
    assert any("WIPO (2024)" in a.text for a in fig.layout.annotations)


def test_log_only_for_positive_figures_spanning_a_wide_range():
    assert use_log(pd.Series([1.0, 50.0]))
    assert not use_log(pd.Series([0.0, 50.0]))  # a count with zeros
    assert not use_log(pd.Series([3.0, 9.0]))
    assert log_ticks(pd.Series([1.0, 100.0])) == [1, 2, 5, 10, 20, 50, 100, 200]


def test_empty_frame_says_so():
    empty = _frame().iloc[0:0]
    fig = inout_scatter(
        empty,
        Axis("Hubs hosted", "hubs", False, float("nan")),
        Axis("Cluster rank", "rank", True, float("nan")),
        title="t",
        subtitle=None,
        source_line="Source: WIPO",
        quadrants=QUADRANTS,
    )
    assert any("No city has both figures" in a.text for a in fig.layout.annotations)
