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
from atlas import mapdata, terms
from atlas.citation import markdown_line
from atlas.filters import Filters, city_ids
from atlas.i18n import N_
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
    "name": N_("Hub"),
    "status": N_("Status"),
    "last_confirmed": N_("Last confirmed"),
    "year_closed": N_("Closed"),
    "type": N_("Type"),
    "operator": N_("Operator"),
    "operator_country_name": N_("Operator country"),
    "host_city": N_("Host city"),
    "host_country_name": N_("Host country"),
    "year_opened": N_("Opened"),
    "source": N_("Source"),
    "source_url": N_("Link"),
    "profile": N_("City profile"),
    "source_id": "source_id",
}

OPERATOR_NAMES = {
    "operator_country_name": N_("Operator country"),
    "operator_country": N_("Code"),
    "hubs": N_("Hubs"),
    "sources": N_("Sources"),
}
CITY_NAMES = {"host": N_("Host city"), "hubs": N_("Hubs"), "sources": N_("Sources")}


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
        line=markdown_line(atlas.sources, directory["source_id"]),
        directory_table=directory.assign(
            # the reader's names for types and statuses; `directory` keeps the schema's values
            type=directory["type"].map(terms.hub_type, na_action="ignore"),
            status=directory["status"].map(terms.hub_status, na_action="ignore"),
        )[list(DIRECTORY_NAMES)].rename(columns=DIRECTORY_NAMES),
        operator_table=by_operator.rename(columns=OPERATOR_NAMES)[[*OPERATOR_NAMES.values()]],
        city_table=by_city.rename(columns=CITY_NAMES)[[*CITY_NAMES.values()]],
    )


def map_note(data: HubsView) -> str | None:
    """What the map leaves undrawn to stay light (None when it draws every hub)."""
    total = len(data.directory)
    return mapdata.cap_note({"hubs": (min(total, mapdata.MAX_HUB_DOTS), total)})
