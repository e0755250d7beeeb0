"""Horizontal bars: ranked values, published ranks as dots, counts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from components import (
    chart_bars,
    chart_frame,
    theme,
)
from tests.components.chart_checks import (
    BOLD,
    HOSTILE,
    SOURCE,
    _annotations,
    _assert_no_raw_markup,
    _bar,
    _notes,
    _source,
)


def test_ranked_bar_orders_best_first_with_rank_in_label(ranking):
    fig = chart_bars.ranked_bar(
        ranking, "value", "name", "Science hubs hosted", "hubs", "2024", SOURCE
    )
    bar = _bar(fig)
    assert bar.orientation == "h"
    assert list(bar.y) == [
        "1. Zürich",
        "2= &lt;img src=x onerror=alert(1)&gt;",
        "2= São Paulo",
        "4. Paris",
        "5. Lyon",
    ]
    assert list(bar.x) == [10.0, 8.0, 8.0, 5.0, 0.0]
    # first category drawn at the top
    assert fig.layout.yaxis.autorange == "reversed"
    assert "tied ranks marked =" in fig.layout.title.subtitle.text


def test_ranked_bar_lower_is_better_computes_ascending_ranks(ranking):
    frame = ranking.drop(columns=["rank"]).assign(value=[3.0, 1.0, 2.0, np.nan, 7.0, 5.0])
    fig = chart_bars.ranked_bar(
        frame, "value", "name", "GII cluster rank", "rank", "2024", SOURCE, higher_is_better=False
    )
    labels = list(_bar(fig).y)
    assert labels[0] == "1. São Paulo"
    assert labels[-1] == "5. Paris"
    assert "lower is better" in fig.layout.title.subtitle.text


def test_ranked_bar_title_has_unit_and_year_and_source_annotation(ranking):
    fig = chart_bars.ranked_bar(
        ranking, "value", "name", "Science hubs hosted", "hubs", "2024", SOURCE
    )
    assert "hubs" in fig.layout.title.text
    assert "2024" in fig.layout.title.text
    assert _source(fig) == f"Source: {SOURCE}"
    assert "hubs" in fig.layout.xaxis.title.text


def test_ranked_bar_drops_nan_counts_it_and_keeps_real_zero(ranking):
    fig = chart_bars.ranked_bar(ranking, "value", "name", "Hubs", "hubs", "2024", SOURCE)
    bar = _bar(fig)
    assert not any("Tokyo" in label for label in bar.y)
    assert all(v is not None and not np.isnan(v) for v in bar.x)
    assert 0.0 in list(bar.x)  # Lyon's published 0 is data, Tokyo's gap is not
    assert chart_frame.missing_count(fig) == 1
    assert fig.layout.meta["missing"] == ["tokyo-jp"]
    assert "1 city has no data" in _notes(fig)


def test_ranked_bar_colours_from_theme_with_highlight(ranking):
    fig = chart_bars.ranked_bar(
        ranking, "value", "name", "Hubs", "hubs", "2024", SOURCE, highlight={"paris-fr", "Lyon"}
    )
    bar = _bar(fig)
    colours = list(bar.marker.color)
    assert set(colours) <= set(theme.CATEGORICAL)
    by_label = dict(zip(bar.y, colours, strict=True))
    assert by_label["<b>4. Paris</b>"] == theme.CATEGORICAL[1]
    assert by_label["<b>5. Lyon</b>"] == theme.CATEGORICAL[1]
    assert by_label["1. Zürich"] == theme.CATEGORICAL[0]
    assert fig.layout.colorway == theme.CATEGORICAL


def test_ranked_bar_escapes_hostile_names_everywhere(ranking):
    frame = ranking.copy()
    frame.loc[0, "name"] = BOLD
    fig = chart_bars.ranked_bar(frame, "value", "name", "Hubs", "hubs", "2024", SOURCE)
    bar = _bar(fig)
    names = [row[0] for row in bar.customdata]
    assert "&lt;b&gt;x&lt;/b&gt;" in names
    assert "&lt;img src=x onerror=alert(1)&gt;" in names
    # names reach the hover only through customdata, never pasted into the template
    assert "Zürich" not in bar.hovertemplate
    _assert_no_raw_markup(fig)


def test_ranked_bar_top_n_keeps_ties_at_the_cut(ranking):
    fig = chart_bars.ranked_bar(ranking, "value", "name", "Hubs", "hubs", "2024", SOURCE, top_n=2)
    assert len(_bar(fig).y) == 3  # rank 1 plus both cities tied at 2
    assert "top 3 of 5 ranked" in fig.layout.title.subtitle.text


def test_ranked_bar_keeps_two_cities_with_the_same_name_apart():
    frame = pd.DataFrame(
        {
            "city_id": ["valencia-es", "valencia-ve"],
            "name": ["Valencia", "Valencia"],
            "value": [3.0, 3.0],
            "rank": [1, 1],
        }
    )
    fig = chart_bars.ranked_bar(frame, "value", "name", "Hubs", "hubs", "2024", SOURCE)
    assert len(set(_bar(fig).y)) == 2


def test_ranked_bar_empty_selection_says_so():
    frame = pd.DataFrame({"city_id": ["a"], "name": ["A"], "value": [np.nan], "rank": [pd.NA]})
    fig = chart_bars.ranked_bar(frame, "value", "name", "Hubs", "hubs", "2024", SOURCE)
    assert _annotations(fig, chart_frame.NO_DATA_ANNOTATION_NAME)
    assert chart_frame.missing_count(fig) == 1


def test_ranked_bar_height_grows_with_rows():
    def frame(n: int) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "city_id": [f"c{i}" for i in range(n)],
                "name": [f"C{i}" for i in range(n)],
                "value": np.arange(n, 0, -1, dtype=float),
            }
        )

    short = chart_bars.ranked_bar(frame(5), "value", "name", "H", "hubs", "2024", SOURCE)
    long = chart_bars.ranked_bar(frame(40), "value", "name", "H", "hubs", "2024", SOURCE)
    assert long.layout.height > short.layout.height


def test_count_bar_largest_first_and_nan_dropped():
    frame = pd.DataFrame(
        {
            "type": ["twinning", "sister city", "science partnership", HOSTILE],
            "n": [12, 30, np.nan, 1],
        }
    )
    fig = chart_bars.count_bar(
        frame,
        "type",
        "n",
        "Partnerships by type",
        SOURCE,
        unit="partnerships",
        year_label="2025",
        items=("type", "types"),
    )
    bar = _bar(fig)
    assert list(bar.y) == ["sister city", "twinning", "&lt;img src=x onerror=alert(1)&gt;"]
    assert list(bar.x) == [30, 12, 1]
    assert fig.layout.yaxis.autorange == "reversed"
    assert "partnerships" in fig.layout.title.text and "2025" in fig.layout.title.text
    assert "1 type has no data" in _notes(fig)
    assert _source(fig) == f"Source: {SOURCE}"
    _assert_no_raw_markup(fig)


def test_rank_dots_draws_published_ranks_as_positions_best_first(published):
    fig = chart_bars.rank_dots(published, "rank", "name", "GII cluster rank", "2024", SOURCE)
    dots = fig.data[0]
    assert dots.type == "scatter" and "markers" in dots.mode
    assert list(dots.x) == [1, 4, 4, 12, 95]  # the number as published, gaps kept
    assert dots.y[0] == "1. Tokyo"
    assert dots.y[1] == "4= &lt;img src=x onerror=alert(1)&gt;"  # tie marked, name escaped
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.title.text == "GII cluster rank (rank, 2024)"
    subtitle = fig.layout.title.subtitle.text
    assert "lower is better" in subtitle and "Atlas does not list" in subtitle
    assert "tied ranks marked =" in subtitle
    assert fig.layout.xaxis.range[0] == 0
    assert _source(fig) == f"Source: {SOURCE}"
    _assert_no_raw_markup(fig)


def test_rank_dots_missing_rank_counted_not_drawn(published):
    fig = chart_bars.rank_dots(published, "rank", "name", "R", "2024", SOURCE)
    assert chart_frame.missing_count(fig) == 1
    assert fig.layout.meta["missing"] == ["nowhere-xx"]
    assert "1 city has no rank" in _notes(fig)
    assert "Nowhere" not in " ".join(fig.data[0].y)


def test_rank_dots_top_n_keeps_ties_and_highlight(published):
    fig = chart_bars.rank_dots(
        published, "rank", "name", "R", "2024", SOURCE, top_n=2, highlight={"seoul-kr"}
    )
    assert len(fig.data[0].x) == 3  # both cities tied at the cut-off stay
    assert fig.data[0].y[2] == "<b>4= Seoul</b>"  # ties in name order; "<img" sorts first
    assert list(fig.data[0].marker.color) == [
        theme.CATEGORICAL[0],
        theme.CATEGORICAL[0],
        theme.CATEGORICAL[1],
    ]
    assert "top 3 of 5 ranked" in fig.layout.title.subtitle.text


def test_rank_dots_without_gaps_does_not_mention_them():
    frame = pd.DataFrame({"city_id": ["a", "b"], "name": ["A", "B"], "rank": [1, 2]})
    fig = chart_bars.rank_dots(frame, "rank", "name", "R", "2024", SOURCE)
    assert "does not list" not in fig.layout.title.subtitle.text


def test_rank_dots_empty_says_so():
    frame = pd.DataFrame({"city_id": ["a"], "name": ["A"], "rank": [np.nan]})
    fig = chart_bars.rank_dots(frame, "rank", "name", "R", "2024", SOURCE)
    assert _annotations(fig, chart_frame.NO_DATA_ANNOTATION_NAME)


def test_hover_detail_line_is_escaped(published):
    fig = chart_bars.rank_dots(
        published, "rank", "name", "R", "2024", SOURCE, detail_col="geography"
    )
    assert "%{customdata[3]}" in fig.data[0].hovertemplate
    assert fig.data[0].customdata[0][3] == "GII cluster: Tokyo–Yokohama"
    bars = chart_bars.ranked_bar(
        published.assign(value=[5.0, 3, 3, 1, np.nan, 0]),
        "value",
        "name",
        "Hubs",
        "hubs",
        "2024",
        SOURCE,
        detail_col="geography",
    )
    assert "%{customdata[4]}" in _bar(bars).hovertemplate
    assert [c[4] for c in _bar(bars).customdata if "lt;b" in c[4]] == ["&lt;b&gt;x&lt;/b&gt;"]
    _assert_no_raw_markup(bars)


def test_rank_dots_in_catalan_and_french_translate_the_frame_and_group_the_digits(ranking):
    from atlas.i18n import language

    with language("ca"):
        fig = chart_bars.rank_dots(ranking, "value", "name", "Posició del clúster", "2024", SOURCE)
    assert fig.layout.xaxis.title.text == "Posició publicada (2024)"
    assert fig.layout.title.text.startswith("Posició del clúster (posició, 2024)")
    assert "Millor primer" in fig.layout.title.subtitle.text
    assert fig.layout.separators == ",."
    assert "Posició publicada" in fig.data[0].hovertemplate
    assert _source(fig) == f"Font: {SOURCE}"
    with language("fr"):
        thousands = ranking.assign(value=ranking["value"] * 1000)
        fig = chart_bars.ranked_bar(thousands, *("value", "name", "Hubs", "hubs", "2024"), SOURCE)
    assert fig.layout.separators == ",\u202f"
    assert "10\u202f000" in list(_bar(fig).text)  # bar labels grouped the French way
    assert "Rang" in fig.data[0].hovertemplate
    assert _source(fig) == f"Source\u00a0: {SOURCE}"
