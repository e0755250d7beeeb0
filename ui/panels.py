"""Tables and chart panels that cite their sources, for views whose tables are built in cache.

``ui.views.chart_panel`` works out its "Sources:" line on every rerun, one lookup per source;
the City profile, Partnerships and Hubs pages cite up to a hundred sources per view, so they
build each table and its line once (cached with the view) and draw them here. Also the small
shared pieces those pages use: link columns to profiles and sources, a map view that frames
its points, and the sources line in the plain-text form plotly needs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

from atlas import wording
from atlas.i18n import _
from atlas.load import Atlas
from atlas.numbers import no_data
from atlas.wording import quantity
from ui.downloads import download_buttons
from ui.rowcap import table_rows
from ui.views import chart_panel

#: The inhabited world in a map about 800 px wide, Pacific edge to Pacific edge.
WORLD_VIEW: dict[str, float] = {"latitude": 20.0, "longitude": 12.0, "zoom": 0.6}


def sourced_table(
    atlas: Atlas,
    table: pd.DataFrame,
    *,
    key: str,
    stem: str,
    line: str,
    columns: Sequence[str] | None = None,
    column_config: Mapping[str, Any] | None = None,
    height: int | str = "auto",
    source_col: str | None = "source_id",
) -> None:
    """A table, its sources line and a download menu (the rows shown plus their source ids).

    ``table`` already has its display names; ``columns`` are the ones shown, in order (by
    default all but ``source_col``), so hidden helper columns cost no copy.
    """
    shown = list(columns) if columns is not None else [c for c in table.columns if c != source_col]
    rows, note = table_rows(table)
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        height=height,
        column_order=shown,
        column_config=dict(column_config or {}),
        key=f"{key}.table",
        placeholder=no_data(),
    )
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(line if note is None else f"{note} {line}")
    with right:
        download_buttons(atlas, table, stem, key=f"{key}.download", source_col=source_col)


def figure_panel(
    atlas: Atlas,
    fig: go.Figure,
    table: pd.DataFrame,
    *,
    key: str,
    stem: str,
    line: str,
    columns: Sequence[str] | None = None,
    column_config: Mapping[str, Any] | None = None,
    source_col: str | None = "source_id",
    summary: str | None = None,
) -> None:
    """``ui.views.chart_panel`` with the sources line given."""
    chart_panel(
        atlas,
        fig,
        table,
        key=key,
        stem=stem,
        line=line,
        columns=columns,
        column_config=column_config,
        source_col=source_col,
        summary=summary,
    )


def plain(line: str) -> str:
    """A sources line without its markdown escapes, for plotly (which shows them literally)."""
    return re.sub(r"\\(.)", r"\1", line)


plural = wording.plural  # English only: translated counts take ngettext (atlas/wording.py)


def fit_height(rows: int, cap: int = 12) -> int:
    """Pixels for a table showing all its rows up to ``cap`` (then it scrolls)."""
    return 38 + 35 * max(1, min(rows, cap))


def link_column(label: str | None = None) -> Any:
    """A column of links to sources ("Link" unless the page names it)."""
    return st.column_config.LinkColumn(label or _("Link"), display_text=_("open source"))


def profile_link_column(label: str | None = None) -> Any:
    """A column of links to city profiles ("Profile" unless the page names it)."""
    return st.column_config.LinkColumn(label or _("Profile"), display_text=_("open profile"))


def frame_view(latitudes: Sequence[float], longitudes: Sequence[float]) -> dict[str, float]:
    """A view that shows every point: the whole world when they span it, else pydeck's fit,
    never closer than a country's scale."""
    points = pd.DataFrame({"lon": list(longitudes), "lat": list(latitudes)}).dropna()
    if points.empty:
        return dict(WORLD_VIEW)
    if len(points) == 1:
        return {
            "latitude": float(points["lat"].iloc[0]),
            "longitude": float(points["lon"].iloc[0]),
            "zoom": 3.0,
        }
    if float(points["lon"].max() - points["lon"].min()) > 150:
        return dict(WORLD_VIEW)
    view = pdk.data_utils.compute_view(points[["lon", "lat"]])
    return {
        "latitude": float(view.latitude),
        "longitude": float(view.longitude),
        "zoom": float(min(max(view.zoom - 0.4, 0.6), 4.0)),
    }


def value_text(value: float, unit: object) -> str:
    """'rank 12', '41 partner cities', '1 country or body': a figure read with its unit."""
    return quantity(value, unit)
