"""The Hubs page's model: the hubs passing the filters in directory form and the counts the
page charts; no Streamlit.

These depend only on the data version and the filters, so ui/hubs_view.py caches
:func:`hubs_view` once per combination, as a shared resource the page only reads (no copy per
rerun), and draws the map, the two count bars and the timeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from atlas import hubs as hub_data
from atlas import mapdata
from atlas.citation import markdown_line
from atlas.filters import Filters, city_ids
from atlas.load import Atlas
from atlas.views.links import profile_url


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


def hubs_view(
    atlas: Atlas,
    types: Sequence[str],
    statuses: Sequence[str],
    operators: Sequence[str],
    filters: Filters,
    confirmed_since: int | None = None,
) -> HubsView:
    """The hubs of these types, statuses and operators hosted in the sidebar's cities (and
    open by its year, the undated ones counted as left out), with their counts."""
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


def map_note(data: HubsView) -> str | None:
    """What the map leaves undrawn to stay light (None when it draws every hub)."""
    total = len(data.directory)
    return mapdata.cap_note({"hubs": (min(total, mapdata.MAX_HUB_DOTS), total)})
