"""Chart builders are checked through their figure dicts: what a reader would see (order,
colours, titles, the source line, gap notes) must hold without rendering anything."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from components import charts, theme

HOSTILE = "<img src=x onerror=alert(1)>"
BOLD = "<b>x</b>"
SOURCE = "Atlas compilation (2024)"


def _annotations(fig: go.Figure, name: str) -> list[str]:
    return [a.text for a in fig.layout.annotations if a.name == name]


def _source(fig: go.Figure) -> str:
    texts = _annotations(fig, charts.SOURCE_ANNOTATION_NAME)
    assert len(texts) == 1, "exactly one source line per figure"
    return texts[0]


def _notes(fig: go.Figure) -> str:
    return " ".join(_annotations(fig, charts.MISSING_ANNOTATION_NAME))


def _raw_json(fig: go.Figure) -> str:
    """The figure as sent to the browser, with JSON's own escapes undone."""
    return json.dumps(json.loads(fig.to_json()), ensure_ascii=False)


def _assert_no_raw_markup(fig: go.Figure) -> None:
    raw = _raw_json(fig)
    assert HOSTILE not in raw
    assert BOLD not in raw


@pytest.fixture
def ranking() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "city_id": ["zurich-ch", "sao-paulo-br", "evil-xx", "tokyo-jp", "paris-fr", "lyon-fr"],
            "name": ["Zürich", "São Paulo", HOSTILE, "Tokyo", "Paris", "Lyon"],
            "value": [10.0, 8.0, 8.0, np.nan, 5.0, 0.0],
            "rank": [1, 2, 2, pd.NA, 4, 5],
        }
    )
    frame["rank"] = frame["rank"].astype("Int64")
    return frame


def _bar(fig: go.Figure) -> go.Bar:
    bars = [t for t in fig.data if t.type == "bar"]
    assert len(bars) == 1
    return bars[0]


# --------------------------------------------------------------------------------------------
# Layout and config
# --------------------------------------------------------------------------------------------


def test_base_layout_uses_theme_fonts_palette_and_white_background():
    layout = charts.base_layout("Hubs (hubs, 2024)")
    assert layout["font"] == {"family": theme.FONT_FAMILY, "size": theme.BASE_FONT_SIZE}
    assert layout["colorway"] == list(theme.CATEGORICAL)
    assert layout["paper_bgcolor"] == layout["plot_bgcolor"] == "white"
    assert set(layout["margin"]) >= {"l", "r", "t", "b"}
    assert layout["title"]["text"] == "Hubs (hubs, 2024)"


def test_base_layout_presentation_and_dark():
    layout = charts.base_layout("T", presentation=True, dark=True, subtitle=["a", "b"])
    assert layout["font"]["size"] == theme.PRESENTATION_FONT_SIZE
    assert layout["paper_bgcolor"] == layout["plot_bgcolor"] == "rgba(0,0,0,0)"
    assert layout["template"] == "plotly_dark"
    # stacked, not run on, at presentation size
    assert layout["title"]["subtitle"]["text"] == "a<br>b"
    screen = charts.base_layout("T", subtitle=["a", "b"])
    assert screen["title"]["subtitle"]["text"] == "a · b"
    assert layout["margin"]["t"] > screen["margin"]["t"]


def test_base_layout_escapes_title_and_subtitle():
    layout = charts.base_layout(f"Hubs in {BOLD}", subtitle=HOSTILE)
    assert layout["title"]["text"] == "Hubs in &lt;b&gt;x&lt;/b&gt;"
    assert "<img" not in layout["title"]["subtitle"]["text"]


def test_escape_text_uses_entities_plotly_decodes():
    assert charts.escape_text(HOSTILE) == "&lt;img src=x onerror=alert(1)&gt;"
    assert charts.escape_text('R&D "hub"') == "R&amp;D &#34;hub&#34;"
    assert charts.escape_text("l'Hospitalet") == "l&#x27;Hospitalet"
    assert charts.escape_text(None) == ""
    assert charts.escape_text(np.nan) == ""
    assert charts.escape_text(pd.NA) == ""


def test_figure_config_png_download_at_double_scale_without_logo():
    config = charts.figure_config("Hubs per city 2024 – Zürich")
    assert config["displaylogo"] is False
    image = config["toImageButtonOptions"]
    assert image["format"] == "png"
    assert image["scale"] == 2
    assert image["filename"] == "hubs-per-city-2024-zurich"


def test_source_line_is_required_and_prefixed_once():
    fig = go.Figure()
    with pytest.raises(ValueError, match="source"):
        charts.add_source(fig, "  ")
    charts.add_source(fig, "Source: WIPO (2024)")
    assert _source(fig) == "Source: WIPO (2024)"


def test_source_line_is_escaped():
    fig = charts.add_source(go.Figure(), f"{HOSTILE} (2024)")
    assert _source(fig).startswith("Source: &lt;img")


# --------------------------------------------------------------------------------------------
# ranked_bar
# --------------------------------------------------------------------------------------------


def test_ranked_bar_orders_best_first_with_rank_in_label(ranking):
    fig = charts.ranked_bar(ranking, "value", "name", "Science hubs hosted", "hubs", "2024", SOURCE)
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
    fig = charts.ranked_bar(
        frame, "value", "name", "GII cluster rank", "rank", "2024", SOURCE, higher_is_better=False
    )
    labels = list(_bar(fig).y)
    assert labels[0] == "1. São Paulo"
    assert labels[-1] == "5. Paris"
    assert "lower is better" in fig.layout.title.subtitle.text


def test_ranked_bar_title_has_unit_and_year_and_source_annotation(ranking):
    fig = charts.ranked_bar(ranking, "value", "name", "Science hubs hosted", "hubs", "2024", SOURCE)
    assert "hubs" in fig.layout.title.text
    assert "2024" in fig.layout.title.text
    assert _source(fig) == f"Source: {SOURCE}"
    assert "hubs" in fig.layout.xaxis.title.text


def test_ranked_bar_drops_nan_counts_it_and_keeps_real_zero(ranking):
    fig = charts.ranked_bar(ranking, "value", "name", "Hubs", "hubs", "2024", SOURCE)
    bar = _bar(fig)
    assert not any("Tokyo" in label for label in bar.y)
    assert all(v is not None and not np.isnan(v) for v in bar.x)
    assert 0.0 in list(bar.x)  # Lyon's published 0 is data, Tokyo's gap is not
    assert charts.missing_count(fig) == 1
    assert fig.layout.meta["missing"] == ["tokyo-jp"]
    assert "1 city has no data" in _notes(fig)


def test_ranked_bar_colours_from_theme_with_highlight(ranking):
    fig = charts.ranked_bar(
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
    fig = charts.ranked_bar(frame, "value", "name", "Hubs", "hubs", "2024", SOURCE)
    bar = _bar(fig)
    names = [row[0] for row in bar.customdata]
    assert "&lt;b&gt;x&lt;/b&gt;" in names
    assert "&lt;img src=x onerror=alert(1)&gt;" in names
    # names reach the hover only through customdata, never pasted into the template
    assert "Zürich" not in bar.hovertemplate
    _assert_no_raw_markup(fig)


def test_ranked_bar_top_n_keeps_ties_at_the_cut(ranking):
    fig = charts.ranked_bar(ranking, "value", "name", "Hubs", "hubs", "2024", SOURCE, top_n=2)
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
    fig = charts.ranked_bar(frame, "value", "name", "Hubs", "hubs", "2024", SOURCE)
    assert len(set(_bar(fig).y)) == 2


def test_ranked_bar_empty_selection_says_so():
    frame = pd.DataFrame({"city_id": ["a"], "name": ["A"], "value": [np.nan], "rank": [pd.NA]})
    fig = charts.ranked_bar(frame, "value", "name", "Hubs", "hubs", "2024", SOURCE)
    assert _annotations(fig, charts.NO_DATA_ANNOTATION_NAME)
    assert charts.missing_count(fig) == 1


def test_ranked_bar_height_grows_with_rows():
    def frame(n: int) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "city_id": [f"c{i}" for i in range(n)],
                "name": [f"C{i}" for i in range(n)],
                "value": np.arange(n, 0, -1, dtype=float),
            }
        )

    short = charts.ranked_bar(frame(5), "value", "name", "H", "hubs", "2024", SOURCE)
    long = charts.ranked_bar(frame(40), "value", "name", "H", "hubs", "2024", SOURCE)
    assert long.layout.height > short.layout.height


# --------------------------------------------------------------------------------------------
# ranking_table_spec
# --------------------------------------------------------------------------------------------


def test_ranking_table_spec_is_plain_dataframe_kwargs(ranking):
    spec = charts.ranking_table_spec(
        ranking, ["rank", "name", "value"], "hubs", "2024", source_line=SOURCE
    )
    assert set(spec) == {"data", "column_config", "column_order", "hide_index"}
    assert spec["column_order"] == ["rank", "name", "value"]
    assert spec["hide_index"] is True
    config = spec["column_config"]
    assert config["rank"]["label"] == "Rank"
    assert config["rank"]["type_config"] == {"type": "number", "format": "%d"}
    assert config["name"]["type_config"]["type"] == "text"
    assert config["value"]["label"] == "Value (hubs)"
    assert "hubs" in config["value"]["help"] and "2024" in config["value"]["help"]
    assert SOURCE in config["value"]["help"]
    json.dumps(config)  # plain data only, no Streamlit objects


def test_ranking_table_spec_keeps_missing_rows_last_not_zero(ranking):
    data = charts.ranking_table_spec(ranking, ["rank", "name", "value"], "hubs", "2024")["data"]
    assert list(data["name"].iloc[:2]) == ["Zürich", "São Paulo"]
    assert data["name"].iloc[-1] == "Tokyo"
    assert pd.isna(data["value"].iloc[-1])
    assert list(data.columns) == ["rank", "name", "value"]


def test_ranking_table_spec_overrides_and_formats():
    frame = pd.DataFrame(
        {"name": ["A", "B"], "year": [2023, 2024], "value": [0.125, 0.5], "population": [10, 2000]}
    )
    spec = charts.ranking_table_spec(
        frame,
        ["name", "year", "value", "population"],
        "share",
        labels={"value": "Share of output"},
        formats={"population": "%,d people"},
        help_texts={"name": "GeoNames name"},
    )
    config = spec["column_config"]
    assert config["year"]["type_config"]["format"] == "%d"  # never 2,024
    assert config["value"]["type_config"]["format"] == "%.3f"
    assert config["value"]["label"] == "Share of output"
    assert config["population"]["type_config"]["format"] == "%,d people"
    assert config["name"]["help"] == "GeoNames name"


def test_ranking_table_spec_rejects_unknown_column(ranking):
    with pytest.raises(ValueError, match="nope"):
        charts.ranking_table_spec(ranking, ["name", "nope"], "hubs")


# --------------------------------------------------------------------------------------------
# radar
# --------------------------------------------------------------------------------------------


@pytest.fixture
def profile() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Zürich"] * 4 + [HOSTILE] * 4 + ["Nowhere"] * 4,
            "axis": ["Hubs", "Partnerships", "Networks", "Outputs"] * 3,
            "value": [0.2, 0.5, np.nan, 0.4, 0.8, 0.1, 0.3, 0.6] + [np.nan] * 4,
        }
    )


def test_radar_one_closed_scatterpolar_per_city_with_note(profile):
    note = "Min–max scaled across the 80 cities (0 = lowest, 1 = highest)"
    fig = charts.radar(profile, "name", "axis", "value", "Profile", note, SOURCE, year_label="2024")
    assert fig.layout.title.text == "Profile (0–1 scale, 2024)"
    assert [t.type for t in fig.data] == ["scatterpolar", "scatterpolar"]
    first = fig.data[0]
    assert first.theta[0] == first.theta[-1] == "Hubs"
    assert len(first.r) == 5
    assert fig.layout.title.subtitle.text == note
    assert list(fig.layout.polar.radialaxis.range) == [0, 1.0]
    assert _source(fig) == f"Source: {SOURCE}"
    assert [t.line.color for t in fig.data] == list(theme.CATEGORICAL[:2])


def test_radar_missing_axis_is_a_gap_not_zero(profile):
    fig = charts.radar(profile, "name", "axis", "value", "Profile", "min–max", SOURCE)
    zurich = fig.data[0]
    assert zurich.r[2] is None
    assert 0 not in zurich.r
    assert zurich.fill == "none"  # a fill would close the gap through the centre
    assert fig.data[1].fill == "toself"
    assert charts.missing_count(fig) == 1  # Nowhere: no value at all
    assert fig.layout.meta["missing"] == ["Nowhere"]
    assert "Nowhere" not in [t.name for t in fig.data]
    assert "gaps in the outline" in _notes(fig)


def test_radar_scale_0_100_and_escaping(profile):
    frame = profile.assign(value=profile["value"] * 100)
    fig = charts.radar(frame, "name", "axis", "value", "Profile", "0–100 index", SOURCE)
    assert list(fig.layout.polar.radialaxis.range) == [0, 100.0]
    assert fig.data[1].name == "&lt;img src=x onerror=alert(1)&gt;"
    _assert_no_raw_markup(fig)


def test_radar_rejects_unnormalised_values_and_too_few_axes(profile):
    with pytest.raises(ValueError, match="normalised"):
        charts.radar(
            profile.assign(value=profile["value"] * 1000), "name", "axis", "value", "P", "n", SOURCE
        )
    two_axes = profile.loc[profile["axis"].isin(["Hubs", "Outputs"])]
    with pytest.raises(ValueError, match="3 axes"):
        charts.radar(two_axes, "name", "axis", "value", "P", "n", SOURCE)
    with pytest.raises(ValueError, match="normalisation_note"):
        charts.radar(profile, "name", "axis", "value", "P", "", SOURCE)


# --------------------------------------------------------------------------------------------
# time_series and small_multiples
# --------------------------------------------------------------------------------------------


@pytest.fixture
def series() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city_id": ["zurich-ch"] * 4 + ["evil-xx"] * 3 + ["nowhere-xx"],
            "name": ["Zürich"] * 4 + [BOLD] * 3 + ["Nowhere"],
            "year": [2023, 2019, 2020, 2021, 2019, 2021, 2023, 2021],
            "value": [2.0, 5.0, 3.0, np.nan, 10.0, 9.0, 8.0, np.nan],
        }
    )


def test_time_series_ranks_reverse_axis_and_say_so(series):
    fig = charts.time_series(
        series, title="GII cluster rank", unit="rank", source_line=SOURCE, lower_is_better=True
    )
    assert fig.layout.yaxis.autorange == "reversed"
    assert "reversed" in fig.layout.title.subtitle.text
    assert "1 = best" in fig.layout.title.subtitle.text


def test_time_series_higher_is_better_axis_not_reversed(series):
    fig = charts.time_series(series, title="Hubs", unit="hubs", source_line=SOURCE)
    assert fig.layout.yaxis.autorange != "reversed"


def test_time_series_markers_sorted_years_title_unit_and_span(series):
    fig = charts.time_series(series, title="GII cluster rank", unit="rank", source_line=SOURCE)
    assert all(t.type == "scatter" and "markers" in t.mode for t in fig.data)
    zurich = fig.data[0]
    assert list(zurich.x) == [2019, 2020, 2023]  # the NaN year 2021 is dropped, not drawn as 0
    assert list(zurich.y) == [5.0, 3.0, 2.0]
    assert "rank" in fig.layout.title.text
    assert "2019–2023" in fig.layout.title.text
    assert fig.layout.xaxis.tickformat == "d"
    assert _source(fig) == f"Source: {SOURCE}"


def test_time_series_counts_cities_without_data_and_escapes(series):
    fig = charts.time_series(series, title="Hubs", unit="hubs", source_line=SOURCE)
    assert [t.name for t in fig.data] == ["Zürich", "&lt;b&gt;x&lt;/b&gt;"]
    assert charts.missing_count(fig) == 1
    assert fig.layout.meta["missing"] == ["nowhere-xx"]
    notes = _notes(fig)
    assert "1 city has no data" in notes
    assert "1 year without a value" in notes
    assert {t.line.color for t in fig.data} <= set(theme.CATEGORICAL)
    _assert_no_raw_markup(fig)


@pytest.fixture
def facets(series) -> pd.DataFrame:
    return pd.concat(
        [
            series.assign(indicator="gii_cluster_rank", unit="rank"),
            series.assign(indicator="hubs_hosted", unit="hubs"),
            series.assign(indicator="nature_share", unit="share", value=series["value"] / 20),
            series.assign(indicator="pct", unit="applications (5-year total)"),
        ],
        ignore_index=True,
    )


def test_small_multiples_one_subplot_per_indicator_with_its_unit(facets):
    fig = charts.small_multiples(facets, "indicator", title="Profile", source_line=SOURCE)
    layout = fig.to_dict()["layout"]
    xaxes = [k for k in layout if k.startswith("xaxis")]
    assert len(xaxes) == 4  # 3 + 1 on a 3-wide grid; the empty cells get no axes
    titles = [a.text for a in fig.layout.annotations if a.name is None]
    assert len(titles) == 4
    assert titles[0].startswith("gii_cluster_rank (rank)")
    assert "(applications (5-year total))" in titles[3]
    assert _source(fig) == f"Source: {SOURCE}"


def test_small_multiples_reverses_rank_panels_only(facets):
    fig = charts.small_multiples(facets, "indicator", title="Profile", source_line=SOURCE)
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.yaxis2.autorange != "reversed"


def test_small_multiples_one_legend_entry_and_colour_per_city(facets):
    fig = charts.small_multiples(facets, "indicator", title="Profile", source_line=SOURCE)
    shown = [t.name for t in fig.data if t.showlegend]
    assert shown == ["Zürich", "&lt;b&gt;x&lt;/b&gt;"]
    zurich_colours = {t.line.color for t in fig.data if t.name == "Zürich"}
    assert zurich_colours == {theme.CATEGORICAL[0]}
    assert charts.missing_count(fig) == 1


def test_small_multiples_labels_and_missing_unit(facets):
    fig = charts.small_multiples(
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
        charts.small_multiples(
            facets.drop(columns=["unit"]), "indicator", title="P", source_line=SOURCE
        )


# --------------------------------------------------------------------------------------------
# openings_timeline and count_bar
# --------------------------------------------------------------------------------------------


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
    fig = charts.openings_timeline(hubs, "year_opened", "type", "Hub openings", SOURCE)
    assert fig.layout.barmode == "stack"
    assert all(t.type == "bar" for t in fig.data)
    by_type = {t.name: dict(zip(t.x, t.y, strict=True)) for t in fig.data}
    assert by_type["innovation centre"] == {2001: 1, 2005: 1, 2010: 1}
    assert by_type["landing pad"] == {2001: 1, 2010: 1}  # the undated one is not in any year
    assert by_type["&lt;b&gt;x&lt;/b&gt;"] == {2010: 1}
    assert [t.marker.color for t in fig.data] == list(theme.CATEGORICAL[:3])
    assert charts.missing_count(fig) == 1
    assert fig.layout.meta["missing"] == ["d"]
    assert "1 hub has no year" in _notes(fig)
    assert "2001–2010" in fig.layout.title.text
    assert _source(fig) == f"Source: {SOURCE}"
    _assert_no_raw_markup(fig)


def test_count_bar_largest_first_and_nan_dropped():
    frame = pd.DataFrame(
        {
            "type": ["twinning", "sister city", "science partnership", HOSTILE],
            "n": [12, 30, np.nan, 1],
        }
    )
    fig = charts.count_bar(
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


# --------------------------------------------------------------------------------------------
# interval_chart
# --------------------------------------------------------------------------------------------


@pytest.fixture
def stability() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city_id": ["tokyo-jp", "zurich-ch", "paris-fr", "evil-xx", "gap-xx"],
            "name": ["Tokyo", "Zürich", "Paris", HOSTILE, "Gap"],
            "base_rank": [3, 1, 2, 4, 5],
            "median_rank": [2.5, 1.0, 3.0, 4.0, np.nan],
            "rank_p05": [1, 1, 1, 3, np.nan],
            "rank_p95": [4, 2, 5, 4, np.nan],
        }
    )


def test_interval_chart_error_bars_span_5th_to_95th(stability):
    fig = charts.interval_chart(
        stability,
        "name",
        "median_rank",
        "rank_p05",
        "rank_p95",
        "base_rank",
        "Rank stability",
        SOURCE,
        year_label="2024",
    )
    median = fig.data[0]
    assert median.type == "scatter"
    assert list(median.y[:3]) == ["1. Zürich", "2. Paris", "3. Tokyo"]  # base-rank order
    assert list(median.x) == [1.0, 3.0, 2.5, 4.0]
    err = median.error_x
    assert err.type == "data" and err.symmetric is False
    assert list(err.array) == [1.0, 2.0, 1.5, 0.0]  # p95 - median
    assert list(err.arrayminus) == [0.0, 2.0, 1.5, 1.0]  # median - p05
    assert list(fig.data[1].x) == [1, 2, 3, 4]  # base rank markers
    assert fig.layout.yaxis.autorange == "reversed"
    assert "rank" in fig.layout.title.text and "2024" in fig.layout.title.text
    assert "5th–95th percentile" in fig.layout.title.subtitle.text
    assert charts.missing_count(fig) == 1
    assert _source(fig) == f"Source: {SOURCE}"
    _assert_no_raw_markup(fig)


def test_interval_chart_rejects_interval_not_containing_median(stability):
    broken = stability.assign(rank_p05=[3, 1, 1, 3, np.nan])  # Tokyo: p05 3 > median 2.5
    with pytest.raises(ValueError, match="low <= median <= high"):
        charts.interval_chart(
            broken,
            "name",
            "median_rank",
            "rank_p05",
            "rank_p95",
            "base_rank",
            "Rank stability",
            SOURCE,
        )


def test_every_builder_carries_exactly_one_source_line(ranking, profile, series, stability):
    figures = [
        charts.ranked_bar(ranking, "value", "name", "H", "hubs", "2024", SOURCE),
        charts.count_bar(ranking, "name", "value", "H", SOURCE),
        charts.radar(profile, "name", "axis", "value", "P", "min–max", SOURCE),
        charts.time_series(series, title="H", unit="hubs", source_line=SOURCE),
        charts.small_multiples(
            series.assign(ind="a", unit="u"), "ind", title="H", source_line=SOURCE
        ),
        charts.openings_timeline(series, "year", "name", "H", SOURCE),
        charts.interval_chart(
            stability, "name", "median_rank", "rank_p05", "rank_p95", "base_rank", "S", SOURCE
        ),
    ]
    for fig in figures:
        assert _source(fig) == f"Source: {SOURCE}"
        assert fig.layout.font.family == theme.FONT_FAMILY
        assert fig.layout.colorway == theme.CATEGORICAL
        assert fig.layout.margin.b > 60  # room for the footer below the axis


# --------------------------------------------------------------------------------------------
# rank_dots (published ranks) and hover details
# --------------------------------------------------------------------------------------------


@pytest.fixture
def published() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city_id": ["tokyo-jp", "seoul-kr", "evil-xx", "paris-fr", "nowhere-xx", "cairo-eg"],
            "name": ["Tokyo", "Seoul", HOSTILE, "Paris", "Nowhere", "Cairo"],
            "rank": [1, 4, 4, 12, np.nan, 95],
            "geography": ["GII cluster: Tokyo–Yokohama", "GII cluster: Seoul", BOLD, "", "", ""],
        }
    )


def test_rank_dots_draws_published_ranks_as_positions_best_first(published):
    fig = charts.rank_dots(published, "rank", "name", "GII cluster rank", "2024", SOURCE)
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
    fig = charts.rank_dots(published, "rank", "name", "R", "2024", SOURCE)
    assert charts.missing_count(fig) == 1
    assert fig.layout.meta["missing"] == ["nowhere-xx"]
    assert "1 city has no rank" in _notes(fig)
    assert "Nowhere" not in " ".join(fig.data[0].y)


def test_rank_dots_top_n_keeps_ties_and_highlight(published):
    fig = charts.rank_dots(
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
    fig = charts.rank_dots(frame, "rank", "name", "R", "2024", SOURCE)
    assert "does not list" not in fig.layout.title.subtitle.text


def test_rank_dots_empty_says_so():
    frame = pd.DataFrame({"city_id": ["a"], "name": ["A"], "rank": [np.nan]})
    fig = charts.rank_dots(frame, "rank", "name", "R", "2024", SOURCE)
    assert _annotations(fig, charts.NO_DATA_ANNOTATION_NAME)


def test_hover_detail_line_is_escaped(published):
    fig = charts.rank_dots(published, "rank", "name", "R", "2024", SOURCE, detail_col="geography")
    assert "%{customdata[3]}" in fig.data[0].hovertemplate
    assert fig.data[0].customdata[0][3] == "GII cluster: Tokyo–Yokohama"
    bars = charts.ranked_bar(
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
