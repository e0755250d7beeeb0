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
from atlas.i18n import _
from atlas.load import Atlas
from atlas.views import rankings as model
from atlas.views.rankings import change_column, chart_table, column_labels, top_rows
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
    source = citation.line(atlas.sources, shown["source_id"])
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


def column_config(
    meta: pd.Series,
    per_million: bool,
    previous_year: int | None,
    columns: Sequence[str] = (),
) -> dict[str, Any]:
    """How the full ranking's columns read (headers, formats, help) for
    ``atlas.views.rankings.full_table``: its column ids stay English (downloads keep them),
    the headers a reader sees are in the run's language.

    Streamlit's column settings, so they stay here rather than with the table.
    """
    rank_type = is_rank(meta)
    headers = column_labels(meta, per_million, previous_year)
    config: dict[str, Any] = {
        column: st.column_config.Column(headers[column]) for column in columns if column in headers
    }
    config |= {
        "Rank": st.column_config.NumberColumn(
            headers["Rank"],
            format="%d",
            help=_("Place among the cities in this list (1 = best; ties share a place).")
            if rank_type
            else _("1 = best; ties share a rank. Cities without data are not ranked."),
        ),
        "Published rank": st.column_config.NumberColumn(
            headers["Published rank"], format="%d", help=_("The rank as published (1 = best).")
        ),
        "Year": st.column_config.NumberColumn(headers["Year"], format="%d"),
        "Geography": st.column_config.TextColumn(
            headers["Geography"],
            help=_("The unit the figure describes: city proper, metro, GII cluster, …"),
        ),
        "Population (city proper)": st.column_config.NumberColumn(
            headers["Population (city proper)"],
            format="localized",
            help=_("GeoNames, city proper: the denominator of per million."),
        ),
        "Profile": st.column_config.LinkColumn(
            headers["Profile"],
            display_text=_("Open profile"),
            help=_("The city's profile, in a new tab."),
        ),
    }
    for column in columns:
        if column.startswith(("Value (", "Per million (", "Absolute (")):
            config[column] = st.column_config.NumberColumn(headers[column], format="localized")
    if previous_year:
        config[change_column(previous_year)] = st.column_config.NumberColumn(
            headers[change_column(previous_year)],
            format="%+d",
            help=(
                _(
                    "Change in published rank since {year}: positive = moved up; empty = not "
                    "ranked then."
                )
                if rank_type
                else _(
                    "Change in rank among the cities listed here since {year}: positive = "
                    "moved up; empty = not ranked then."
                )
            ).format(year=previous_year),
        )
        config["Previous rank"] = st.column_config.NumberColumn(
            headers["Previous rank"],
            format="%d",
            help=(
                _("The published rank in {year}.") if rank_type else _("The rank in {year}.")
            ).format(year=previous_year),
        )
    return config
