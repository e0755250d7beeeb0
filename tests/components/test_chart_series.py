"""Time series, small multiples and the openings timeline."""

from __future__ import annotations

import pandas as pd
import pytest

from components import (
    chart_frame,
    chart_series,
    theme,
)
from tests.components.chart_checks import (
    BOLD,
    SOURCE,
    _assert_no_raw_markup,
    _notes,
    _source,
)


def test_time_series_ranks_reverse_axis_and_say_so(series):
    fig = chart_series.time_series(
        series, title="GII cluster rank", unit="rank", source_line=SOURCE, lower_is_better=True
    )
    assert fig.layout.yaxis.autorange == "reversed"
    assert "reversed" in fig.layout.title.subtitle.text
    assert "1 = best" in fig.layout.title.subtitle.text


def test_time_series_higher_is_better_axis_not_reversed(series):
    fig = chart_series.time_series(series, title="Hubs", unit="hubs", source_line=SOURCE)
    assert fig.layout.yaxis.autorange != "reversed"


def test_time_series_markers_sorted_years_title_unit_and_span(series):
    fig = chart_series.time_series(
        series, title="GII cluster rank", unit="rank", source_line=SOURCE
    )
    assert all(t.type == "scatter" and "markers" in t.mode for t in fig.data)
    zurich = fig.data[0]
    assert list(zurich.x) == [2019, 2020, 2023]  # the NaN year 2021 is dropped, not drawn as 0
    assert list(zurich.y) == [5.0, 3.0, 2.0]
    assert "rank" in fig.layout.title.text
    assert "2019–2023" in fig.layout.title.text
    assert fig.layout.xaxis.tickformat == "d"
    assert _source(fig) == f"Source: {SOURCE}"


def test_time_series_counts_cities_without_data_and_escapes(series):
    fig = chart_series.time_series(series, title="Hubs", unit="hubs", source_line=SOURCE)
    assert [t.name for t in fig.data] == ["Zürich", "&lt;b&gt;x&lt;/b&gt;"]
    assert chart_frame.missing_count(fig) == 1
    assert fig.layout.meta["missing"] == ["nowhere-xx"]
    notes = _notes(fig)
    assert "1 city has no data" in notes
    assert "1 year without a value" in notes
    assert {t.line.color for t in fig.data} <= set(theme.CATEGORICAL)
    _assert_no_raw_markup(fig)


def test_small_multiples_one_subplot_per_indicator_with_its_unit(facets):
    fig = chart_series.small_multiples(facets, "indicator", title="Profile", source_line=SOURCE)
    layout = fig.to_dict()["layout"]
    xaxes = [k for k in layout if k.startswith("xaxis")]
    assert len(xaxes) == 4  # 3 + 1 on a 3-wide grid; the empty cells get no axes
    titles = [a.text for a in fig.layout.annotations if a.name is None]
    assert len(titles) == 4
    assert titles[0].startswith("gii_cluster_rank (rank)")
    assert "(applications (5-year total))" in titles[3]
    assert _source(fig) == f"Source: {SOURCE}"


def test_small_multiples_reverses_rank_panels_only(facets):
    fig = chart_series.small_multiples(facets, "indicator", title="Profile", source_line=SOURCE)
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.yaxis2.autorange != "reversed"


def test_small_multiples_one_legend_entry_and_colour_per_city(facets):
    fig = chart_series.small_multiples(facets, "indicator", title="Profile", source_line=SOURCE)
    shown = [t.name for t in fig.data if t.showlegend]
    assert shown == ["Zürich", "&lt;b&gt;x&lt;/b&gt;"]
    zurich_colours = {t.line.color for t in fig.data if t.name == "Zürich"}
    assert zurich_colours == {theme.CATEGORICAL[0]}
    assert chart_frame.missing_count(fig) == 1


def test_small_multiples_labels_and_missing_unit(facets):
    fig = chart_series.small_multiples(
        facets.drop(columns=["unit"]),
        "indicator",
        title="Profile",
        source_line=SOURCE,
        units={
            "gii_cluster_rank": "rank",
            "hubs_hosted": "hubs",
            "nature_share": "share",
            "pct": "applications",
        },
        facet_labels={"hubs_hosted": "Hubs hosted"},
    )
    assert any(a.text == "Hubs hosted (hubs)" for a in fig.layout.annotations)
    with pytest.raises(ValueError, match="no unit"):
        chart_series.small_multiples(
            facets.drop(columns=["unit"]), "indicator", title="P", source_line=SOURCE
        )


def test_openings_timeline_stacks_counts_per_year_by_type():
    hubs = pd.DataFrame(
        {
            "hub_id": list("abcdefg"),
            "year_opened": pd.array([2001, 2001, 2005, None, 2010, 2010, 2010], dtype="Int64"),
            "type": [
                "innovation centre",
                "landing pad",
                "innovation centre",
                "landing pad",
                BOLD,
                "landing pad",
                "innovation centre",
            ],
        }
    )
    fig = chart_series.openings_timeline(hubs, "year_opened", "type", "Hub openings", SOURCE)
    assert fig.layout.barmode == "stack"
    assert all(t.type == "bar" for t in fig.data)
    by_type = {t.name: dict(zip(t.x, t.y, strict=True)) for t in fig.data}
    assert by_type["innovation centre"] == {2001: 1, 2005: 1, 2010: 1}
    assert by_type["landing pad"] == {2001: 1, 2010: 1}  # the undated one is not in any year
    assert by_type["&lt;b&gt;x&lt;/b&gt;"] == {2010: 1}
    assert [t.marker.color for t in fig.data] == list(theme.CATEGORICAL[:3])
    assert chart_frame.missing_count(fig) == 1
    assert fig.layout.meta["missing"] == ["d"]
    assert "1 hub has no year" in _notes(fig)
    assert "2001–2010" in fig.layout.title.text
    assert _source(fig) == f"Source: {SOURCE}"
    _assert_no_raw_markup(fig)
