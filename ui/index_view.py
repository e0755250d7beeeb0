"""Streamlit glue for the Index builder: what is cached, what is registered for the session,
and the tables, figure and map the page draws. The page's model (settings, words, one run of
the index) is ``atlas.views.index``; the method is ``atlas.composite``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

from atlas import citation, mapdata
from atlas.editions import holdings_summary
from atlas.extend import ORIGIN_INDEX
from atlas.i18n import _
from atlas.index_data import (
    INDEX_LABEL,
    INDEX_SOURCE,
    INDEX_UNIT,
    contribution_frame,
    index_catalogue_row,
    index_value_rows,
    used_rows,
)
from atlas.load import Atlas
from atlas.numbers import format_count
from atlas.views import index as ix
from atlas.views.index import DEFAULT_SPREAD, DRAWS, SPREADS, IndexRun, indicator_choices
from atlas.views.rankings import basis_name
from components import map_colours, map_deck, map_points
from components.chart_intervals import interval_chart
from ui.cache import atlas_cached
from ui.data import SessionExtra, session_extras, set_session_extra, version_without
from ui.facts import city_label

EXTRA_NAME = "index"
# Whole-world view framed like the Overview map.
WORLD_VIEW = {"latitude": 22.0, "longitude": 15.0, "zoom": 0.55}


def inputs_version(atlas: Atlas) -> str:
    """Cache key for the data an index is built from: the Atlas's version without the session's
    own index, so registering an index does not invalidate the cache it was computed from."""
    return version_without(atlas, EXTRA_NAME)


def _run_token(run: IndexRun) -> str:
    return run.token


# The index is keyed on the data it is built from (not on the session's own index, which it
# registers itself) and a run on its settings token.
_index_cached = partial(atlas_cached, hash_funcs={Atlas: inputs_version, IndexRun: _run_token})


_run_index = _index_cached(max_entries=64)(ix.run_index)

#: "GII S&T cluster rank 2024: 32 of 100 clusters" for the index's partial rankings: it scans
#: the values per indicator (29 ms, 44 % of the page's server time per view, py-spy).
partial_holdings = _index_cached(max_entries=64)(holdings_summary)


def compute(
    atlas: Atlas,
    cities: Sequence[str],
    weights: Mapping[str, int],
    year: int | None,
    normalisation: str,
    aggregation: str,
    missing: str,
    coverage: int,
    spread: str,
) -> IndexRun:
    """The index and its rank stability for these choices, computed once per combination."""
    concentration = SPREADS.get(spread, SPREADS[DEFAULT_SPREAD])[1]
    with st.spinner(
        _("Recomputing the index for {n} random weightings…").format(n=format_count(DRAWS))
    ):
        return _run_index(
            atlas,
            inputs_version(atlas),
            tuple(cities),
            tuple((k, int(v)) for k, v in weights.items()),
            year,
            normalisation,
            aggregation,
            missing,
            int(coverage),
            float(concentration),
        )


@_index_cached(max_entries=64)
def _extra_tables(run: IndexRun, description: str) -> tuple[pd.DataFrame, ...]:
    assert run.result is not None and run.stability is not None
    values = index_value_rows(run.result, run.stability, run.inputs)
    return index_catalogue_row(description), values


def register(run: IndexRun, description: str) -> bool:
    """Make the index an indicator the other pages can use, for this browser session only.

    Returns True when the session's copy changed. Re-registering the same index is skipped,
    because a new token makes every page rebuild its merged Atlas.
    """
    if run.result is None or run.stability is None:
        return False
    current = session_extras().get(EXTRA_NAME)
    if current is not None and current.token == run.token:
        return False
    catalogue, values = _extra_tables(run, description)
    set_session_extra(
        EXTRA_NAME,
        SessionExtra(token=run.token, origin=ORIGIN_INDEX, indicators=catalogue, values=values),
    )
    return True


def _footer(atlas: Atlas, source_ids: Sequence[object]) -> str:
    """The figure footer: the scores are the Atlas's, computed from the cited publications."""
    inputs = [s for s in source_ids if s != INDEX_SOURCE]
    text, count = citation.credits(atlas.sources, inputs)
    return (
        _("Sources: computed by the Atlas from {sources}").format(sources=text)
        if count
        else _("Source: computed by the Atlas")
    )


@dataclass(frozen=True, eq=False)
class IndexViews:
    """What the page draws for one index, built once and reused on every rerun."""

    ranking: pd.DataFrame  # one row per ranked city: rank, score, interval
    figure: go.Figure
    deck: pdk.Deck
    legend: dict
    contributions: pd.DataFrame
    figures: pd.DataFrame  # the input figures, one row per city and indicator
    source_ids: list[str]
    year_label: str
    dropped: pd.DataFrame
    map_note: str | None = None  # what the map left undrawn (None: every city is drawn)
    map_points: pd.DataFrame | None = None  # cities in scope with their score, for the map's text


@_index_cached(resource=True, max_entries=32)
def views(atlas: Atlas, run: IndexRun, top_n: int) -> IndexViews:
    """Tables, figure and map for a computed index (cached per index and chart length)."""
    assert run.result is not None and run.stability is not None
    result, stab = run.result, run.stability
    names = city_label(atlas)
    labels = indicator_choices(atlas)
    used = used_rows(result, run.inputs)
    first, last = int(used["year"].min()), int(used["year"].max())
    year_label = (
        _("figures {year}").format(year=first)
        if first == last
        else _("figures {first}–{last}").format(first=first, last=last)
    )
    source_ids = list(dict.fromkeys([INDEX_SOURCE, *used["source_id"].astype(str)]))
    index_label, index_unit = _(INDEX_LABEL), _(INDEX_UNIT)

    # the table's headers are the reader's; the chart finds its columns by the same names
    col = {
        "city": _("City"),
        "rank": _("Rank"),
        "median": _("Median rank"),
        "p05": _("Rank, 5th percentile"),
        "p95": _("Rank, 95th percentile"),
    }
    ranking = pd.DataFrame(
        {
            "city_id": stab.index.astype(str),
            col["city"]: [names.get(c, c) for c in stab.index],
            col["rank"]: stab["base_rank"].to_numpy(dtype="int64"),
            _("Score"): result.table["score"].reindex(stab.index).round(2).to_numpy(),
            col["median"]: stab["median_rank"].to_numpy(),
            col["p05"]: stab["rank_p05"].to_numpy(dtype="int64"),
            col["p95"]: stab["rank_p95"].to_numpy(dtype="int64"),
            _("Share of draws at this rank (%)"): (100 * stab["share_base_rank"]).round(1),
            "source_id": INDEX_SOURCE,
        }
    )
    figure = interval_chart(
        ranking,
        name_col=col["city"],
        median_col=col["median"],
        low_col=col["p05"],
        high_col=col["p95"],
        base_rank_col=col["rank"],
        title=index_label,
        source_line=_footer(atlas, source_ids),
        year_label=year_label,
        interval_label=_("5th–95th percentile"),
        top_n=top_n,
    )
    # Start title and key at the panel's left edge, not after the city names, so the key
    # ("Dot = median rank, …") fits in a two-thirds-wide column.
    figure.update_layout(title={"xref": "container", "x": 0.01})

    scope = list(run.inputs.matrix.index)
    cities = atlas.cities.loc[scope]
    cities = cities.assign(score=result.table["score"].reindex(cities.index).round(1))
    dots = mapdata.cap_cities(cities, value_col="score")
    layers = [
        map_points.city_layer(
            dots,
            "score",
            index_label,
            index_unit,
            year=year_label,
            source=_("Index builder (computed by the Atlas)"),
            scale=0.7,
        ),
    ]
    legend = map_colours.continuous_legend(
        cities["score"], label=index_label, unit=index_unit, year=year_label
    )
    deck = map_deck.build_deck(layers, view=WORLD_VIEW)

    catalogue = atlas.indicators
    geo = catalogue["geo_unit"].astype(str).to_dict()
    unit_names = used["unit_name"].astype("string").fillna("")
    geo_text = used["indicator_id"].map(geo)
    figures = pd.DataFrame(
        {
            _("City"): used["city_id"].map(names).to_numpy(),
            _("Indicator"): used["indicator_id"].map(labels).to_numpy(),
            _("Value"): used["value"].to_numpy(),
            _("Unit"): used["indicator_id"].map(catalogue["unit"].astype(str)).to_numpy(),
            _("Year"): used["year"].to_numpy(),
            _("Geography"): geo_text.where(unit_names == "", geo_text + ": " + unit_names)
            .astype(str)
            .to_numpy(),
            _("Basis"): used["basis"].map(basis_name).to_numpy(),
            _("Source"): citation.label(atlas.sources, used["source_id"]).to_numpy(),
            _("Note"): used["note"].to_numpy(),
            "source_id": used["source_id"].to_numpy(),
        }
    )
    dropped = pd.DataFrame(
        {
            _("City"): [names.get(c, c) for c in result.dropped],
            _("Coverage (%)"): [round(100 * result.coverage[c]) for c in result.dropped],
            _("Why"): [
                _("no figure for any chosen indicator")
                if result.coverage[c] == 0
                else _("below the minimum coverage")
                for c in result.dropped
            ],
        }
    )
    return IndexViews(
        ranking=ranking,
        figure=figure,
        deck=deck,
        legend=legend,
        contributions=contribution_frame(result, names, labels),
        figures=figures,
        source_ids=source_ids,
        year_label=year_label,
        dropped=dropped,
        map_note=mapdata.cap_note({"cities": (len(dots), len(cities))}),
        map_points=cities[["name", "country_name", "score"]],
    )
