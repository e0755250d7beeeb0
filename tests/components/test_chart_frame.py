"""The frame every chart shares: theme layout, escaping, config and the one source line."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from components import (
    chart_bars,
    chart_frame,
    chart_intervals,
    chart_radar,
    chart_series,
    theme,
)
from tests.components.chart_checks import (
    BOLD,
    HOSTILE,
    SOURCE,
    _source,
)


def test_base_layout_uses_theme_fonts_palette_and_white_background():
    layout = chart_frame.base_layout("Hubs (hubs, 2024)")
    assert layout["font"] == {"family": theme.FONT_FAMILY, "size": theme.BASE_FONT_SIZE}
    assert layout["colorway"] == list(theme.CATEGORICAL)
    assert layout["paper_bgcolor"] == layout["plot_bgcolor"] == "white"
    assert set(layout["margin"]) >= {"l", "r", "t", "b"}
    assert layout["title"]["text"] == "Hubs (hubs, 2024)"


def test_base_layout_presentation_and_dark():
    layout = chart_frame.base_layout("T", presentation=True, dark=True, subtitle=["a", "b"])
    assert layout["font"]["size"] == theme.PRESENTATION_FONT_SIZE
    assert layout["paper_bgcolor"] == layout["plot_bgcolor"] == "rgba(0,0,0,0)"
    assert layout["template"] == "plotly_dark"
    # stacked, not run on, at presentation size
    assert layout["title"]["subtitle"]["text"] == "a<br>b"
    screen = chart_frame.base_layout("T", subtitle=["a", "b"])
    assert screen["title"]["subtitle"]["text"] == "a · b"
    assert layout["margin"]["t"] > screen["margin"]["t"]


def test_base_layout_escapes_title_and_subtitle():
    layout = chart_frame.base_layout(f"Hubs in {BOLD}", subtitle=HOSTILE)
    assert layout["title"]["text"] == "Hubs in &lt;b&gt;x&lt;/b&gt;"
    assert "<img" not in layout["title"]["subtitle"]["text"]


def test_escape_text_uses_entities_plotly_decodes():
    assert chart_frame.escape_text(HOSTILE) == "&lt;img src=x onerror=alert(1)&gt;"
    assert chart_frame.escape_text('R&D "hub"') == "R&amp;D &#34;hub&#34;"
    assert chart_frame.escape_text("l'Hospitalet") == "l&#x27;Hospitalet"
    assert chart_frame.escape_text(None) == ""
    assert chart_frame.escape_text(np.nan) == ""
    assert chart_frame.escape_text(pd.NA) == ""


def test_figure_config_png_download_at_double_scale_without_logo():
    config = chart_frame.figure_config("Hubs per city 2024 – Zürich")
    assert config["displaylogo"] is False
    image = config["toImageButtonOptions"]
    assert image["format"] == "png"
    assert image["scale"] == 2
    assert image["filename"] == "hubs-per-city-2024-zurich"


def test_source_line_is_required_and_prefixed_once():
    fig = go.Figure()
    with pytest.raises(ValueError, match="source"):
        chart_frame.add_source(fig, "  ")
    chart_frame.add_source(fig, "Source: WIPO (2024)")
    assert _source(fig) == "Source: WIPO (2024)"


def test_source_line_is_escaped():
    fig = chart_frame.add_source(go.Figure(), f"{HOSTILE} (2024)")
    assert _source(fig).startswith("Source: &lt;img")


def test_every_builder_carries_exactly_one_source_line(ranking, profile, series, stability):
    figures = [
        chart_bars.ranked_bar(ranking, "value", "name", "H", "hubs", "2024", SOURCE),
        chart_bars.count_bar(ranking, "name", "value", "H", SOURCE),
        chart_radar.radar(profile, "name", "axis", "value", "P", "min–max", SOURCE),
        chart_series.time_series(series, title="H", unit="hubs", source_line=SOURCE),
        chart_series.small_multiples(
            series.assign(ind="a", unit="u"), "ind", title="H", source_line=SOURCE
        ),
        chart_series.openings_timeline(series, "year", "name", "H", SOURCE),
        chart_intervals.interval_chart(
            stability, "name", "median_rank", "rank_p05", "rank_p95", "base_rank", "S", SOURCE
        ),
    ]
    for fig in figures:
        assert _source(fig) == f"Source: {SOURCE}"
        assert fig.layout.font.family == theme.FONT_FAMILY
        assert fig.layout.colorway == theme.CATEGORICAL
        assert fig.layout.margin.b > 60  # room for the footer below the axis


def test_a_long_subtitle_wraps_between_its_parts_not_inside_them():
    parts = ["a" * 60, "b" * 30, "c" * 50]
    layout = chart_frame.base_layout("T", subtitle=parts)
    lines = layout["title"]["subtitle"]["text"].split("<br>")
    assert lines == [f"{'a' * 60} · {'b' * 30}", "c" * 50]
    short = chart_frame.base_layout("T", subtitle=parts[1:2])
    assert layout["margin"]["t"] > short["margin"]["t"]  # room for the second line
