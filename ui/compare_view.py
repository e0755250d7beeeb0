"""Streamlit glue for the Compare page: what is cached, and the radar and time-series figures.

The page's model (the side-by-side table, the rows behind each figure) is
``atlas.views.compare``; this module caches it and draws with ``components.chart_*``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from atlas import citation
from atlas.i18n import _
from atlas.load import Atlas
from atlas.peers import GROUPS
from atlas.views import compare as model
from atlas.views.compare import group_label
from components import chart_radar, chart_series
from ui.cache import atlas_cached

# Cached per data version and choice: each is read on every rerun of the page.
_percentiles = atlas_cached(max_entries=4)(model.percentiles)
peers = atlas_cached(max_entries=64)(model.peers)
comparison = atlas_cached(max_entries=64)(model.comparison)
side_by_side = atlas_cached(max_entries=64)(model.side_by_side)


@atlas_cached(resource=True, max_entries=64)
def radar(
    atlas: Atlas, ids: Sequence[str], names: Mapping[str, str], up_to_year: int | None
) -> tuple[go.Figure, pd.DataFrame]:
    """Radar of group scores, and the table behind it: one row per city and indicator with
    the percentile that went into its group's score. Cached: plotly figures take longer to
    build than the page budget allows, and they are never changed after building."""
    frame, table = model.radar_rows(atlas, ids, names, up_to_year, _percentiles(atlas))
    year_label = _("up to {year}").format(year=up_to_year) if up_to_year else _("latest editions")
    fig = chart_radar.radar(
        frame,
        "name",
        "axis",
        "score",
        _("Indicator groups, percentile rank"),
        _("Average percentile rank among all cities with data (100 = best)"),
        citation.line(atlas.sources, table["source_id"]),
        axis_order=[group_label(g) for g in GROUPS],
        scale=100,
        year_label=year_label,
    )
    # the radial scale along the upper-left diagonal, clear of the four axis labels
    fig.update_layout(height=540, polar={"radialaxis": {"angle": 135, "tickangle": 135}})
    return fig, table


@atlas_cached(resource=True, max_entries=64)
def series(
    atlas: Atlas, ids: Sequence[str], names: Mapping[str, str], up_to_year: int | None
) -> tuple[go.Figure | None, pd.DataFrame]:
    """Small multiples for indicators with several editions, or None when there are none."""
    rows, table, ranks = model.series_rows(atlas, ids, names, up_to_year)
    if rows.empty:
        return None, rows
    fig = chart_series.small_multiples(
        rows,
        "indicator",
        title=_("Change over editions"),
        source_line=citation.line(atlas.sources, rows["source_id"]),
        lower_is_better=ranks,
        columns=2,
    )
    return fig, table
