"""Overview: what the data says, what the Atlas holds, a world map and a quick city search."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import mapdata
from atlas.filters import city_ids
from atlas.placenames import city_picker_labels
from atlas.text import md_text
from atlas.urlstate import OptionalChoice
from atlas.wording import plural
from components import map_base, map_colours
from ui import url
from ui.data import get_atlas
from ui.facts import city_label, key_facts, legend
from ui.filters import current_filters
from ui.story import show_findings
from ui.views import city_map_text
from ui.worldmap import overview_deck

atlas = get_atlas()
filters = current_filters()
labels = city_label(atlas)
SPECS = [OptionalChoice("city", labels, label="city")]
url.show_notes(st.session_state.get("_link_notes", []) + url.bind(SPECS, "overview"))

st.title("City Science Diplomacy Atlas")
st.markdown(
    "Cities as actors in science and technology diplomacy: the foreign innovation offices they "
    "host, the partnerships and city networks they join, and the innovation they produce. "
    "Every figure names its source and the geography it describes."
)

st.subheader("What the data says")
st.caption(
    "Computed from the Atlas's data each time it is loaded, over every city it holds (the "
    "sidebar filters do not apply here); each finding links to the view that shows it."
)
show_findings(atlas)

st.subheader("What the Atlas holds", anchor="holdings")

years = atlas.values.loc[
    ~atlas.values["indicator_id"].isin(atlas.indicators.index[atlas.indicators["derived"]]), "year"
]
active_hubs = int((atlas.hubs["status"] == "active").sum())
cols = st.columns(5)
cols[0].metric(
    "Cities",
    f"{len(atlas.cities):,}",
    help=f"On {plural(atlas.cities['region'].nunique(), 'continent')}, "
    f"in {plural(atlas.cities['country'].nunique(), 'country', 'countries')}",
)
cols[1].metric("Diplomacy hubs", f"{len(atlas.hubs):,}", help=f"{active_hubs:,} active")
cols[2].metric(
    "Partnerships",
    f"{len(atlas.partnerships):,}",
    help="Twinning, sister-city, friendship, cooperation and science agreements",
)
cols[3].metric(
    "City networks",
    f"{len(atlas.networks):,}",
    help=f"{len(atlas.memberships):,} memberships and roles",
)
cols[4].metric("Sources", f"{len(atlas.sources):,}", help="Every row names one")
# The span of years is a sentence, not a sixth metric: at 1,440 px a sixth column cut
# "2012–2025" to "2012–2…".
span = "no published figure yet" if years.empty else f"{int(years.min())} to {int(years.max())}"
st.caption(
    f"Published figures and ranking editions from {span}. Data as of "
    f"{atlas.data_as_of or 'unknown'}. Country outlines: Natural Earth (public domain). City "
    "positions and populations: GeoNames (CC BY 4.0)."
)

ids = city_ids(atlas, filters)
map_col, side_col = st.columns([3, 1])
with map_col:
    st.subheader("Cities and diplomacy hubs")
    if filters.active:
        st.caption(
            f"Filtered: {filters.describe(atlas)} · {len(ids)} of {len(atlas.cities)} cities shown."
        )
    if len(ids) == 0:
        st.warning("No city matches the filters in the sidebar. Remove a filter to see the map.")
    else:
        deck, cap_note = overview_deck(atlas, tuple(ids))
        st.pydeck_chart(deck, height=480, width="stretch")
        st.caption(
            "Dot size and colour: active hubs hosted (city proper). Hover a dot for its "
            "name, value, year and source. The map draws its own country outlines and "
            "works offline."
        )
        if cap_note:
            st.caption(md_text(cap_note))
        city_map_text(atlas, mapdata.city_points(atlas, ids, "hubs_hosted"), "hubs_hosted")
with side_col:
    st.subheader("Hub types")
    legend(map_colours.legend_items(map_colours.hub_type_colours(atlas.hubs["type"])), "Hub type")
    st.caption(map_base.HUB_STATUS_KEY)

st.subheader("Find a city")
choice = st.selectbox(
    "City",
    list(picker := city_picker_labels(atlas)),
    format_func=picker.get,
    placeholder="Type a city name…",
    key="overview.city",
    persist_state="session",
    label_visibility="collapsed",
)
if choice is None:
    st.caption(f"Search {len(labels):,} cities by name to see their key figures and sources.")
else:
    key_facts(atlas, choice)

st.subheader("The Atlas's tables")
# st.table, a plain HTML table: eight rows need no data grid, and the grid's scripts would be
# the only ones this page makes the browser fetch besides the map's.
holdings = pd.DataFrame(
    {
        "Dataset": [
            "Cities",
            "Hubs",
            "Partnerships",
            "Networks",
            "Memberships",
            "Values",
            "Indicators",
            "Sources",
        ],
        "Rows": [
            f"{n:,}"  # st.table prints numbers bare: 999940 reads worse than 999,940
            for n in (
                len(atlas.cities),
                len(atlas.hubs),
                len(atlas.partnerships),
                len(atlas.networks),
                len(atlas.memberships),
                int((atlas.values["basis"] != "derived").sum()),
                len(atlas.indicators),
                len(atlas.sources),
            )
        ],
        "What a row is": [
            "A city placed with GeoNames (coordinates, city-proper population)",
            "A foreign innovation office, science attaché, agency office or city initiative",
            "A city-to-city agreement with its type, year and status",
            "A transnational city network",
            "A city's membership or role in a network (some lists are incomplete)",
            "A published figure or rank for a city, indicator and year",
            "An indicator's definition, unit, direction and geography",
            "A publication a fact was read in, with its address and licence",
        ],
    }
).set_index("Dataset")
st.table(holdings)

url.remember(SPECS, "overview")
