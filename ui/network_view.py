"""Streamlit glue for the Partnerships page: what is cached per filter, and the two pictures.

The graph, its measures, its layout and tables are ``atlas.views.network``'s and depend only on
the data version and the filters, so they are computed once per combination. Results are
cached as shared resources (no copy per read) and so are read-only for the page. The arc map
and the network drawing are built here with ``components``.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from atlas import mapdata, terms
from atlas.filters import Filters
from atlas.i18n import _, ngettext
from atlas.load import Atlas
from atlas.numbers import format_count
from atlas.schema import REGIONS
from atlas.views import network as model
from atlas.views.network import DERIVED_SOURCE, BridgesView, NetworkView, year_bounds
from components import map_arcs, map_colours, map_deck, map_points
from components.network_graph import network_figure
from ui.cache import atlas_cached
from ui.panels import frame_view

_build_view = atlas_cached(resource=True, max_entries=32)(model.build_view)


def compute(
    atlas: Atlas, types: tuple[str, ...], since: int, until: int, filters: Filters
) -> NetworkView:
    """Cached per (data version, types, years, sidebar cities).

    The whole span and no sidebar filter are passed on as None, so the default view shares
    one cache entry however the page arrived at it.
    """
    # said here, in the run's language: a cache's own spinner text is fixed at import
    with _progress(_("Measuring the partnership network…")):
        return _view(atlas, types, since, until, filters)


def _view(
    atlas: Atlas, types: tuple[str, ...], since: int, until: int, filters: Filters
) -> NetworkView:
    lo, hi = year_bounds(atlas)
    bounded = (since, until) != (lo, hi)
    return _build_view(
        atlas,
        types,
        since if bounded else None,
        until if bounded else None,
        filters if filters.active else None,
    )


def _progress(text: str) -> AbstractContextManager[object]:
    """A spinner in a script run; nothing in the warm-up thread, which has no page to show it."""
    if get_script_run_ctx() is None:
        return nullcontext()
    return st.spinner(text)


def arc_deck(atlas: Atlas, data: NetworkView) -> pdk.Deck:
    """Arcs coloured by agreement type over the offline outlines, framed on the cities."""
    shown = mapdata.cap_pairs(data.shown)
    colours = map_colours.partnership_type_colours(atlas.partnerships["type"].unique())
    ends = pd.concat([shown["city_a_id"], shown["city_b_id"]]).unique()
    dots = atlas.cities.loc[atlas.cities.index.isin(ends)]
    layers = [
        map_arcs.partnership_layer(shown, colours),
        map_points.city_layer(dots, None, _("Partner city"), "", scale=0.6),
    ]
    view = frame_view(dots["latitude"], dots["longitude"])
    view["zoom"] = min(view["zoom"], 3.0)
    return map_deck.build_deck(layers, view=view)


def type_legend(shown: pd.DataFrame) -> list[tuple[str, str]]:
    """Legend items for the agreement types drawn, in their fixed colours, named for the
    reader."""
    items = map_colours.legend_items(map_colours.partnership_type_colours(shown["type"]))
    return [(terms.partnership_type(kind), colour) for kind, colour in items]


def graph_figure(atlas: Atlas, data: NetworkView) -> go.Figure:
    """The network drawing with its source line and what was left out of it."""
    drawn = len(data.nodes)
    subtitle = [_("Size: partner cities"), _("colour: region"), _("thick line: several agreements")]
    if drawn < data.n_graph_cities:
        subtitle.append(
            ngettext(
                "the {drawn} best-connected of {n} city",
                "the {drawn} best-connected of {n} cities",
                data.n_graph_cities,
            ).format(drawn=format_count(drawn), n=format_count(data.n_graph_cities))
        )
    return network_figure(
        data.nodes,
        data.edges,
        title=_("Partnership network"),
        source_line=_(DERIVED_SOURCE),
        region_order=REGIONS,
        subtitle=subtitle,
    )


@atlas_cached(resource=True, max_entries=16)
def cached_pictures(
    atlas: Atlas, types: tuple[str, ...], since: int, until: int, filters: Filters
) -> tuple[pdk.Deck, go.Figure]:
    """Arc map and network drawing, built once per filter.

    Resources rather than data: both are only read once built, and building a plotly figure
    (template validation) or the outline layer is most of a rerun's cost.
    """
    data = _view(atlas, types, since, until, filters)
    return arc_deck(atlas, data), graph_figure(atlas, data)


@atlas_cached(resource=True, max_entries=16)
def bridges(
    atlas: Atlas, types: tuple[str, ...], since: int, until: int, filters: Filters
) -> BridgesView:
    """The ties between regions, built once per filter and only when their table is open."""
    return model.build_bridges(atlas, _view(atlas, types, since, until, filters))
