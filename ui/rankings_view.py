"""Streamlit glue for the Rankings page: what is cached, the figure and the table's columns.

The page's model (the ranking within the filters, its tables) is ``atlas.views.rankings``; this
module caches it so a widget change reruns in well under the page budget, draws the top-N
figure with ``components.chart_bars`` and says how the full table's columns read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from atlas import catalogue, citation
from atlas.catalogue import higher_is_better, is_rank, unit_label
from atlas.filters import Filters
from atlas.load import Atlas
from atlas.views import rankings as model
from atlas.views.rankings import change_column, chart_table, top_rows
from components import chart_bars
from ui.cache import atlas_cached

# Cached per data: the page reads the editions on every rerun and ranks on every choice.
editions = atlas_cached(max_entries=8)(model.editions)
ranking = atlas_cached(max_entries=256)(model.ranking)


@atlas_cached(resource=True, max_entries=128)
def chart(
    atlas: Atlas,
    indicator_id: str,
    edition: int | None,
    per_million: bool,
    filters: Filters,
    top_n: int,
    highlight: Sequence[str],
) -> tuple[go.Figure, pd.DataFrame]:
    """The top-N figure of :func:`ranking` and the rows it draws (for its Table tab and
    downloads).

    Building a plotly figure takes longer than the page's rerun budget, and a figure is never
    changed once built, so it is kept per ranking, top N and highlights. It takes the ranking's
    own arguments, so its cache key cannot miss one of them.
    """
    result, frame = ranking(atlas, indicator_id, edition, per_million, filters)
    meta = atlas.indicators.loc[indicator_id]
    label = catalogue.labels(atlas.indicators)[indicator_id]
    year = int(result.year)
    shown = top_rows(frame, top_n)
    source = citation.line(atlas.sources, list(shown["source_id"]))
    if is_rank(meta):
        fig = chart_bars.rank_dots(
            frame,
            "value",
            "label",
            label,
            str(year),
            source,
            highlight=set(highlight),
            top_n=top_n,
            detail_col="geography",
        )
    else:
        fig = chart_bars.ranked_bar(
            frame,
            "value",
            "label",
            label,
            unit_label(meta, per_million),
            str(year),
            source,
            higher_is_better=higher_is_better(meta),
            highlight=set(highlight),
            top_n=top_n,
            detail_col="geography",
        )
    return fig, chart_table(shown, meta, per_million)


def column_config(meta: pd.Series, per_million: bool, previous_year: int | None) -> dict[str, Any]:
    """How the full ranking's columns read (formats, help) for ``atlas.views.rankings.full_table``.

    Streamlit's column settings, so they stay here rather than with the table.
    """
    rank_type = is_rank(meta)
    kind = "published rank" if rank_type else "rank among the cities listed here"
    config: dict[str, Any] = {
        "Rank": st.column_config.NumberColumn(
            "Place here" if rank_type else "Rank",
            format="%d",
            help="Place among the cities in this list (1 = best; ties share a place)."
            if rank_type
            else "1 = best; ties share a rank. Cities without data are not ranked.",
        ),
        "Published rank": st.column_config.NumberColumn(
            format="%d", help="The rank as published (1 = best)."
        ),
        "Year": st.column_config.NumberColumn(format="%d"),
        "Geography": st.column_config.TextColumn(
            help="The unit the figure describes: city proper, metro, GII cluster, …"
        ),
        "Population (city proper)": st.column_config.NumberColumn(
            format="localized", help="GeoNames, city proper: the denominator of per million."
        ),
        "Profile": st.column_config.LinkColumn(
            "Profile", display_text="Open profile", help="The city's profile, in a new tab."
        ),
    }
    if previous_year:
        config[change_column(previous_year)] = st.column_config.NumberColumn(
            format="%+d",
            help=f"Change in {kind} since {previous_year}: positive = moved up; "
            "empty = not ranked then.",
        )
        config["Previous rank"] = st.column_config.NumberColumn(
            format="%d",
            help=f"The {'published rank' if rank_type else 'rank'} in {previous_year}.",
        )
    return config
