"""What the Hubs page computes and draws, cached per filter.

The directory, its counts and the four pictures (map, two count bars, timeline) depend only on
the data version and the filters, so each combination is built once, as a shared resource that
the page only reads (no copy per rerun).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from atlas import hubs as hub_data
from atlas import mapdata
from atlas.citation import markdown_line
from atlas.filters import Filters, city_ids
from atlas.load import Atlas
from atlas.schema import HUB_TYPES
from atlas.views.links import profile_url
from components import chart_bars, chart_series, map_colours, map_deck, map_points
from ui.cache import atlas_cached
from ui.panels import frame_view, plain

TOP_N = 15


@dataclass
class HubsView:
    """The hubs passing the filters, in directory form, with the counts the page charts."""

    directory: pd.DataFrame
    by_operator: pd.DataFrame
    by_city: pd.DataFrame
    undated_left_out: int
    line: str  # "Sources: …" of the hubs listed (computed once, cached)
    # display tables (names as shown, plus source_id where rows have one)
    directory_table: pd.DataFrame
    operator_table: pd.DataFrame
    city_table: pd.DataFrame


DIRECTORY_NAMES = {
    "name": "Hub",
    "status": "Status",
    "last_confirmed": "Last confirmed",
    "year_closed": "Closed",
    "type": "Type",
    "operator": "Operator",
    "operator_country_name": "Operator country",
    "host_city": "Host city",
    "host_country_name": "Host country",
    "year_opened": "Opened",
    "source": "Source",
    "source_url": "Link",
    "profile": "City profile",
    "source_id": "source_id",
}


@atlas_cached(resource=True, max_entries=32)
def compute(
    atlas: Atlas,
    types: Sequence[str],
    statuses: Sequence[str],
    operators: Sequence[str],
    filters: Filters,
    confirmed_since: int | None = None,
) -> HubsView:
    """Cached per (data version, choices, sidebar filters)."""
    hosts = city_ids(atlas, filters) if filters.active else None
    chosen = hub_data.select_hubs(
        atlas.hubs,
        types=types,
        statuses=statuses,
        operators=operators,
        host_city_ids=hosts,
        confirmed_since=confirmed_since,
    )
    undated = 0
    if filters.year is not None:
        undated = int(chosen["year_opened"].isna().sum())
        chosen = hub_data.select_hubs(chosen, opened_by=filters.year)
    directory = hub_data.directory(chosen, atlas.cities, atlas.sources)
    directory["host"] = directory["host_city"] + ", " + directory["host_country_name"]
    directory["profile"] = directory["host_city_id"].map(profile_url)
    by_operator = hub_data.counts_by(directory, "operator_country", "operator_country_name")
    by_city = hub_data.counts_by(directory, "host_city_id", "host")
    return HubsView(
        directory=directory,
        by_operator=by_operator,
        by_city=by_city,
        undated_left_out=undated,
        line=markdown_line(atlas.sources, list(directory["source_id"])),
        directory_table=directory[list(DIRECTORY_NAMES)].rename(columns=DIRECTORY_NAMES),
        operator_table=by_operator.rename(
            columns={
                "operator_country_name": "Operator country",
                "operator_country": "Code",
                "hubs": "Hubs",
                "sources": "Sources",
            }
        )[["Operator country", "Code", "Hubs", "Sources"]],
        city_table=by_city.rename(
            columns={"host": "Host city", "hubs": "Hubs", "sources": "Sources"}
        )[["Host city", "Hubs", "Sources"]],
    )


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
        map_deck.country_layer(map_deck.load_country_outlines()),
        map_points.hub_layer(hubs, colours, scale=1.2),
    ]
    view = frame_view(hubs["latitude"], hubs["longitude"])
    view["zoom"] = min(view["zoom"], 3.0)
    return map_deck.build_deck(layers, view=view)


def map_note(data: HubsView) -> str | None:
    """What the map leaves undrawn to stay light (None when it draws every hub)."""
    total = len(data.directory)
    return mapdata.cap_note({"hubs": (min(total, mapdata.MAX_HUB_DOTS), total)})


def count_figure(counts: pd.DataFrame, label: str, title: str, line: str) -> go.Figure:
    return chart_bars.count_bar(
        counts,
        label,
        "hubs",
        title,
        line,
        unit="hubs",
        top_n=TOP_N,
        items=("row", "rows"),
    )


def timeline_figure(atlas: Atlas, data: HubsView) -> go.Figure:
    """Openings per year by type, each type in its map colour."""
    fig = chart_series.openings_timeline(
        data.directory,
        "year_opened",
        "type",
        "Hubs opened each year",
        plain(data.line),
        category_order=HUB_TYPES,
    )
    colours = map_colours.hub_type_colours(atlas.hubs["type"])
    for trace in fig.data:
        colour = colours.get(str(trace.name))
        if colour:
            trace.marker.color = colour
    return fig


@atlas_cached(resource=True, max_entries=16)
def cached_pictures(
    atlas: Atlas,
    types: Sequence[str],
    statuses: Sequence[str],
    operators: Sequence[str],
    filters: Filters,
    confirmed_since: int | None = None,
) -> tuple[pdk.Deck, go.Figure, go.Figure, go.Figure]:
    """Map, the two count bars and the timeline, built once per filter.

    Resources rather than data: they are only read once built, and building a plotly figure
    (template validation) or the outline layer is most of a rerun's cost.
    """
    data = compute(atlas, types, statuses, operators, filters, confirmed_since)
    return (
        hub_deck(atlas, data),
        count_figure(
            data.by_operator,
            "operator_country_name",
            "Hubs by operator country",
            plain(data.line),
        ),
        count_figure(data.by_city, "host", "Hubs by host city", plain(data.line)),
        timeline_figure(atlas, data),
    )
