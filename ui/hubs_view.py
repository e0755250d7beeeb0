"""Streamlit glue for the Hubs page: what is cached per filter, and the four pictures.

The directory and its counts are ``atlas.views.hubs``'s; they and the pictures (map, two count
bars, timeline) depend only on the data version and the filters, so each combination is built
once, as a shared resource that the page only reads (no copy per rerun).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from atlas import mapdata, terms
from atlas.filters import Filters
from atlas.i18n import _
from atlas.load import Atlas
from atlas.schema import HUB_TYPES
from atlas.views import hubs as model
from atlas.views.hubs import HubsView
from components import chart_bars, chart_series, map_colours, map_deck, map_points
from ui.cache import atlas_cached
from ui.panels import frame_view, plain

TOP_N = 15

# Cached per (data version, choices, sidebar filters).
compute = atlas_cached(resource=True, max_entries=32)(model.hubs_view)


def hub_deck(atlas: Atlas, data: HubsView) -> pdk.Deck:
    """Hubs at their host cities, coloured by type, over the offline outlines."""
    frame = mapdata.cap_hubs(data.directory)
    cities = atlas.cities
    hubs = frame.assign(
        latitude=frame["host_city_id"].map(cities["latitude"]),
        longitude=frame["host_city_id"].map(cities["longitude"]),
        operator_country=frame["operator_country_name"],
    )
    colours = map_colours.hub_type_colours(atlas.hubs["type"])
    layers = [
        map_points.hub_layer(hubs, colours, scale=1.2),
    ]
    view = frame_view(hubs["latitude"], hubs["longitude"])
    view["zoom"] = min(view["zoom"], 3.0)
    return map_deck.build_deck(layers, view=view)


def count_figure(counts: pd.DataFrame, label: str, title: str, line: str) -> go.Figure:
    """A count bar of the top hubs' rows, cut at TOP_N so a long tail stays readable."""
    return chart_bars.count_bar(
        counts,
        label,
        "hubs",
        title,
        line,
        unit=_("hubs"),
        top_n=TOP_N,
        items=(_("row"), _("rows")),
    )


def timeline_figure(atlas: Atlas, data: HubsView) -> go.Figure:
    """Openings per year by type, each type in its map colour."""
    fig = chart_series.openings_timeline(
        data.directory,
        "year_opened",
        "type",
        _("Hubs opened each year"),
        plain(data.line),
        unit=_("openings per year"),
        items=(_("hub"), _("hubs")),
        category_order=HUB_TYPES,
    )
    colours = map_colours.hub_type_colours(atlas.hubs["type"])
    for trace in fig.data:
        colour = colours.get(str(trace.name))
        if colour:
            trace.marker.color = colour
        # the legend names the type in the reader's language; the colour was looked up first
        trace.name = terms.hub_type(trace.name)
    return fig


def type_legend(directory: pd.DataFrame) -> list[tuple[str, str]]:
    """Legend items for the hub types present, in their fixed colours, named for the reader."""
    items = map_colours.legend_items(map_colours.hub_type_colours(directory["type"]))
    return [(terms.hub_type(kind), colour) for kind, colour in items]


@atlas_cached(resource=True, max_entries=16)
def cached_deck(
    atlas: Atlas,
    types: Sequence[str],
    statuses: Sequence[str],
    operators: Sequence[str],
    filters: Filters,
    confirmed_since: int | None = None,
) -> pdk.Deck:
    """The map, built once per filter.

    Resources rather than data: they are only read once built, and building a plotly figure
    (template validation) or the outline layer is most of a rerun's cost.
    """
    return hub_deck(atlas, compute(atlas, types, statuses, operators, filters, confirmed_since))


@atlas_cached(resource=True, max_entries=16)
def cached_breakdown(
    atlas: Atlas,
    kind: str,
    types: Sequence[str],
    statuses: Sequence[str],
    operators: Sequence[str],
    filters: Filters,
    confirmed_since: int | None = None,
) -> go.Figure:
    """The one breakdown chart the page shows ("operator", "city" or "opened"), built once
    per filter and only when chosen."""
    data = compute(atlas, types, statuses, operators, filters, confirmed_since)
    if kind == "city":
        return count_figure(data.by_city, "host", _("Hubs by host city"), plain(data.line))
    if kind == "opened":
        return timeline_figure(atlas, data)
    return count_figure(
        data.by_operator, "operator_country_name", _("Hubs by operator country"), plain(data.line)
    )
