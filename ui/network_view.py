"""Streamlit glue for the Partnerships page: what is cached per filter, and the two pictures.

The graph, its measures, its layout and tables are ``atlas.views.network``'s and depend only on
the data version and the filters, so they are computed once per combination. Results are
cached as shared resources (no copy per read) and so are read-only for the page. The arc map
and the network drawing are built here with ``components``.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from atlas import mapdata
from atlas.filters import Filters
from atlas.load import Atlas
from atlas.schema import REGIONS
from atlas.views import network as model
from atlas.views.network import DERIVED_LINE, NetworkView, year_bounds
from components import map_arcs, map_colours, map_deck, map_points
from components.network_graph import network_figure
from ui.cache import atlas_cached
from ui.panels import frame_view

_build_view = atlas_cached(
    resource=True, max_entries=32, show_spinner="Measuring the partnership network…"
)(model.build_view)


def compute(
    atlas: Atlas, types: tuple[str, ...], since: int, until: int, filters: Filters
) -> NetworkView:
    """Cached per (data version, types, years, sidebar cities).

    The whole span and no sidebar filter are passed on as None, so the default view shares
    one cache entry however the page arrived at it.
    """
    lo, hi = year_bounds(atlas)
    bounded = (since, until) != (lo, hi)
    return _build_view(
        atlas,
        types,
        since if bounded else None,
        until if bounded else None,
        filters if filters.active else None,
    )


def arc_deck(atlas: Atlas, data: NetworkView) -> pdk.Deck:
    """Arcs coloured by agreement type over the offline outlines, framed on the cities."""
    shown = mapdata.cap_pairs(data.shown)
    colours = map_colours.partnership_type_colours(atlas.partnerships["type"].unique())
    ends = pd.concat([shown["city_a_id"], shown["city_b_id"]]).unique()
    dots = atlas.cities.loc[atlas.cities.index.isin(ends)]
    layers = [
        map_deck.country_layer(map_deck.load_country_outlines()),
        map_arcs.partnership_layer(shown, colours),
        map_points.city_layer(dots, None, "Partner city", "", scale=0.6),
    ]
    view = frame_view(dots["latitude"], dots["longitude"])
    view["zoom"] = min(view["zoom"], 3.0)
    return map_deck.build_deck(layers, view=view)


def graph_figure(atlas: Atlas, data: NetworkView) -> go.Figure:
    """The network drawing with its source line and what was left out of it."""
    drawn = len(data.nodes)
    subtitle = ["Size: partner cities", "colour: region", "thick line: several agreements"]
    if drawn < data.n_graph_cities:
        subtitle.append(f"the {drawn} best-connected of {data.n_graph_cities} cities")
    return network_figure(
        data.nodes,
        data.edges,
        title="Partnership network",
        source_line=DERIVED_LINE,
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
    data = compute(atlas, types, since, until, filters)
    return arc_deck(atlas, data), graph_figure(atlas, data)
