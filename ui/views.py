"""The frame every chart sits in: chart, its table one click away, sources and downloads.

OWID's Grapher puts chart, table and sources on tabs of one panel; the Atlas does the same so a
reader can always check the numbers behind a picture and take them away.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from atlas.citation import markdown_line
from atlas.i18n import N_, _
from atlas.load import Atlas
from atlas.numbers import no_data
from atlas.text import md_text
from components.chart_frame import figure_config
from components.describe import count_summary, figure_summary, map_summary, plain_table
from ui.downloads import download_buttons
from ui.embed import EMBED_CHART_KEY, embedded, full_view_link, only_the_chart
from ui.rowcap import table_rows


def chart_panel(
    atlas: Atlas,
    fig: go.Figure,
    table: pd.DataFrame,
    *,
    key: str,
    stem: str,
    source_ids: Sequence[object] | None = None,
    source_col: str | None = "source_id",
    column_config: Mapping[str, Any] | None = None,
    meta: Mapping[str, Any] | None = None,
    line: str | None = None,
    columns: Sequence[str] | None = None,
    summary: str | None = None,
) -> None:
    """Chart and Table tabs, a 'Sources:' line and a download menu for `table`.

    Under the chart, its text alternative: one sentence (`summary`, by default generated from
    the figure's own data) and the data as a plain HTML table one click away.

    `table` is the data drawn (one row per mark); `source_col` holds its source ids. A page
    that has already worked out the sources line passes it as `line`; `columns` orders (and
    limits) the table's visible columns. In embed mode the first chart drawn is all the page
    shows.
    """
    if line is None:
        ids = (
            list(source_ids)
            if source_ids is not None
            else (list(table[source_col]) if source_col and source_col in table.columns else [])
        )
        line = markdown_line(atlas.sources, ids)
    if summary is None:
        summary = figure_summary(fig)
    shown = list(columns) if columns is not None else [c for c in table.columns if c != source_col]
    if embedded():
        # an article's iframe: this chart, its sources and a way back to the full view
        with st.container(key=EMBED_CHART_KEY):
            st.plotly_chart(fig, theme=None, config=figure_config(stem), key=f"{key}.chart")
            st.caption(md_text(summary))
            st.caption(line)
            full_view_link()
        only_the_chart()
    # Lazy tabs: only the open tab's content is built and sent (a hidden grid used to cost the
    # first view its bytes and drawing time); opening the other tab reruns the page.
    chart_tab, table_tab = st.tabs([_("Chart"), _("Table")], key=f"{key}.tabs", on_change="rerun")
    with chart_tab:
        if chart_tab.open:
            st.plotly_chart(fig, theme=None, config=figure_config(stem), key=f"{key}.chart")
            text_alternative(summary, table, shown, column_config, key=f"{key}.text")
    with table_tab:
        if table_tab.open:
            rows, note = table_rows(table)
            if note:
                st.caption(note)
            st.dataframe(
                rows,
                hide_index=True,
                width="stretch",
                column_order=shown,
                column_config=dict(column_config or {}),
                key=f"{key}.table",
                placeholder=no_data(),
            )
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(line)
    with right:
        download_buttons(
            atlas, table, stem, key=f"{key}.download", source_col=source_col, meta=meta
        )


def view_switch(label: str, options: Mapping[str, str], key: str) -> str:
    """One of several views of a kind (charts, tables, sections), chosen with a row of buttons.

    `options` maps each id to its untranslated label; `key` is the widget's, bound to the
    link by the page (`ui.url`), so a shared link opens the same view. Only the chosen view is
    built: each plotly chart or data grid costs a page view its drawing time even below the
    fold. Returns the chosen id (never None: one is always chosen).
    """
    return st.segmented_control(
        label,
        list(options),
        format_func=lambda option: _(options[option]),
        required=True,
        key=key,
        persist_state="session",
        label_visibility="collapsed",
    )


def text_alternative(
    summary: str,
    table: pd.DataFrame,
    columns: Sequence[str] | None = None,
    column_config: Mapping[str, Any] | None = None,
    *,
    key: str,
) -> None:
    """What a chart or map shows, in words, and its data as a plain HTML table one click away.

    The sentence is visible to everyone (a projector audience reads it too); the table is an
    st.table, real <table> markup a screen reader can walk, unlike the canvas data grid. The
    table is built only when its expander is opened (`key` is the expander's): up to 50 rows
    of hidden markup under every chart and map slowed every page's first view.
    """
    st.caption(md_text(summary))
    box = st.expander(
        _("Read the data as a table"), icon=":material/table_view:", key=key, on_change="rerun"
    )
    with box:
        if not box.open:
            return
        rows, note = plain_table(table, columns, column_config)
        if note:
            st.caption(note)
        if rows.empty:
            st.caption(_("No data to list."))
        else:
            st.table(rows, hide_index=True)


#: Column headers of a city map's table (translated where shown).
CITY_MAP_COLUMNS = {
    "name": N_("City"),
    "country_name": N_("Country"),
    "value": N_("Value"),
    "year": N_("Year"),
    "geography": N_("Geography"),
    "source": N_("Source"),
}


def city_map_text(atlas: Atlas, points: pd.DataFrame, indicator_id: str, *, key: str) -> None:
    """The text alternative of a map of cities sized and coloured by a catalogue indicator.

    `points` has one row per drawn city (name, country_name, value, and where known year,
    geography and source).
    """
    cat = atlas.indicators.loc[indicator_id]
    scored_map_text(
        points,
        label=str(cat["label"]),
        unit=str(cat["unit"]),
        higher_is_better=bool(cat["higher_is_better"]),
        key=key,
    )


def scored_map_text(
    points: pd.DataFrame,
    *,
    label: str,
    unit: str,
    higher_is_better: bool = True,
    value_col: str = "value",
    key: str,
) -> None:
    """The text alternative of a map of cities sized and coloured by `value_col`; the table
    lists them best first, cities without data last."""
    summary = map_summary(
        "cities",
        points["name"].tolist(),
        points[value_col].tolist(),
        measure=label,
        unit=unit,
        higher_is_better=higher_is_better,
    )
    ordered = points.sort_values(value_col, ascending=not higher_is_better, na_position="last")
    labels = {
        **{col: _(header) for col, header in CITY_MAP_COLUMNS.items()},
        value_col: f"{label} ({unit})",
    }
    text_alternative(summary, ordered, [c for c in labels if c in ordered.columns], labels, key=key)


def counted_map_text(
    what: str,
    noun: str,
    counts: Mapping[str, int],
    table: pd.DataFrame,
    *,
    key: str,
    column_config: Mapping[str, Any] | None = None,
) -> None:
    """The text alternative of a map of categorised marks (hubs by type, arcs by agreement).

    `column_config` is the page's own for `table` (translated headers, year columns)."""
    text_alternative(
        count_summary(what, counts, total_noun=noun), table, None, column_config, key=key
    )
