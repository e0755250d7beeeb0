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

from atlas.load import Atlas
from components.charts import figure_config
from ui.downloads import download_buttons
from ui.embed import EMBED_CHART_KEY, embedded, full_view_link, only_the_chart
from ui.facts import source_line
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
) -> None:
    """Chart and Table tabs, a 'Sources:' line and a download menu for `table`.

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
        line = source_line(atlas, ids)
    if embedded():
        # an article's iframe: this chart, its sources and a way back to the full view
        with st.container(key=EMBED_CHART_KEY):
            st.plotly_chart(fig, theme=None, config=figure_config(stem), key=f"{key}.chart")
            st.caption(line)
            full_view_link()
        only_the_chart()
    chart_tab, table_tab = st.tabs(["Chart", "Table"])
    with chart_tab:
        st.plotly_chart(fig, theme=None, config=figure_config(stem), key=f"{key}.chart")
    rows, note = table_rows(table)
    with table_tab:
        shown = (
            list(columns) if columns is not None else [c for c in table.columns if c != source_col]
        )
        if note:
            st.caption(note)
        st.dataframe(
            rows,
            hide_index=True,
            width="stretch",
            column_order=shown,
            column_config=dict(column_config or {}),
            key=f"{key}.table",
            placeholder="no data",
        )
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(line)
    with right:
        download_buttons(
            atlas, table, stem, key=f"{key}.download", source_col=source_col, meta=meta
        )
