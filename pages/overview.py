"""Overview: what the data says, what the Atlas holds, a world map and a quick city search."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import mapdata
from atlas.filters import city_ids
from atlas.i18n import _, ngettext, pgettext
from atlas.numbers import format_count, format_date
from atlas.text import md_text
from atlas.urlstate import OptionalChoice
from components import map_base, map_colours
from ui import url
from ui.data import get_atlas
from ui.facts import city_label, city_picker_labels, key_facts, legend
from ui.filters import current_filters
from ui.story import show_findings
from ui.views import city_map_text
from ui.worldmap import overview_deck

atlas = get_atlas()
filters = current_filters()
labels = city_label(atlas)
SPECS = [OptionalChoice("city", labels, label=_("city"))]
url.show_notes(st.session_state.get("_link_notes", []) + url.bind(SPECS, "overview"))

st.title(_("City Science Diplomacy Atlas"))
st.markdown(
    _(
        "Cities as actors in science and technology diplomacy: the foreign innovation offices "
        "they host, the partnerships and city networks they join, and the innovation they "
        "produce. Every figure names its source and the geography it describes."
    )
)

st.subheader(_("What the data says"))
st.caption(
    _(
        "Computed from the Atlas's data each time it is loaded, over every city it holds (the "
        "sidebar filters do not apply here); each finding links to the view that shows it."
    )
)
show_findings(atlas)

st.subheader(_("What the Atlas holds"), anchor="holdings")

years = atlas.values.loc[
    ~atlas.values["indicator_id"].isin(atlas.indicators.index[atlas.indicators["derived"]]), "year"
]
active_hubs = int((atlas.hubs["status"] == "active").sum())
n_regions = int(atlas.cities["region"].nunique())
n_countries = int(atlas.cities["country"].nunique())
cols = st.columns(5)
cols[0].metric(
    _("Cities"),
    format_count(len(atlas.cities)),
    # Translators: the help of the "Cities" figure: "On 6 continents, in 80 countries".
    help=_("On {continents}, in {countries}").format(
        continents=ngettext("{n} continent", "{n} continents", n_regions).format(
            n=format_count(n_regions)
        ),
        countries=ngettext("{n} country", "{n} countries", n_countries).format(
            n=format_count(n_countries)
        ),
    ),
)
cols[1].metric(
    _("Diplomacy hubs"),
    format_count(len(atlas.hubs)),
    help=ngettext("{n} active", "{n} active", active_hubs).format(n=format_count(active_hubs)),
)
cols[2].metric(
    _("Partnerships"),
    format_count(len(atlas.partnerships)),
    help=_("Twinning, sister-city, friendship, cooperation and science agreements"),
)
cols[3].metric(
    _("City networks"),
    format_count(len(atlas.networks)),
    help=ngettext(
        "{n} membership or role", "{n} memberships and roles", len(atlas.memberships)
    ).format(n=format_count(len(atlas.memberships))),
)
cols[4].metric(_("Sources"), format_count(len(atlas.sources)), help=_("Every row names one"))
# The span of years is a sentence, not a sixth metric: at 1,440 px a sixth column cut
# "2012–2025" to "2012–2…".
as_of = format_date(atlas.data_as_of) if atlas.data_as_of else _("unknown")
credits = _(
    "Country outlines: Natural Earth (public domain). City positions and populations: "
    "GeoNames (CC BY 4.0)."
)
if years.empty:
    span = _("No published figure yet. Data as of {date}.").format(date=as_of)
else:
    span = _("Published figures and ranking editions from {first} to {last}. Data as of {date}.")
    span = span.format(first=int(years.min()), last=int(years.max()), date=as_of)
st.caption(f"{span} {credits}")

ids = city_ids(atlas, filters)
map_col, side_col = st.columns([3, 1])
with map_col:
    st.subheader(_("Cities and diplomacy hubs"))
    if filters.active:
        st.caption(
            ngettext(
                "Filtered: {filters} · {n} of {total} city shown.",
                "Filtered: {filters} · {n} of {total} cities shown.",
                len(atlas.cities),
            ).format(
                filters=filters.describe(atlas),
                n=format_count(len(ids)),
                total=format_count(len(atlas.cities)),
            )
        )
    if len(ids) == 0:
        st.warning(_("No city matches the filters in the sidebar. Remove a filter to see the map."))
    else:
        deck, cap_note = overview_deck(atlas, tuple(ids))
        st.pydeck_chart(deck, height=480, width="stretch")
        st.caption(
            _(
                "Dot size and colour: active hubs hosted (city proper). Hover a dot for its "
                "name, value, year and source. The map draws its own country outlines and "
                "works offline."
            )
        )
        if cap_note:
            st.caption(md_text(cap_note))
        city_map_text(
            atlas,
            mapdata.city_points(atlas, ids, "hubs_hosted"),
            "hubs_hosted",
            key="overview.map_text",
        )
with side_col:
    st.subheader(_("Hub types"))
    legend(
        map_colours.legend_items(map_colours.hub_type_colours(atlas.hubs["type"])), _("Hub type")
    )
    st.caption(map_base.hub_status_key())

st.subheader(_("Find a city"))
choice = st.selectbox(
    _("City"),
    list(picker := city_picker_labels(atlas)),
    format_func=picker.get,
    placeholder=_("Type a city name…"),
    key="overview.city",
    persist_state="session",
    label_visibility="collapsed",
)
if choice is None:
    st.caption(
        ngettext(
            "Search {n} city by name to see its key figures and sources.",
            "Search {n} cities by name to see their key figures and sources.",
            len(labels),
        ).format(n=format_count(len(labels)))
    )
else:
    key_facts(atlas, choice)

st.subheader(_("The Atlas's tables"))
# st.table, a plain HTML table: eight rows need no data grid, and the grid's scripts would be
# the only ones this page makes the browser fetch besides the map's.
DATASET, ROWS, ROW_IS = _("Dataset"), _("Rows"), _("What a row is")
holdings = pd.DataFrame(
    {
        # the tables' names, not the pages' ("Partnerships" is a page's name too)
        DATASET: [
            pgettext("dataset", "Cities"),
            pgettext("dataset", "Hubs"),
            pgettext("dataset", "Partnerships"),
            pgettext("dataset", "Networks"),
            pgettext("dataset", "Memberships"),
            pgettext("dataset", "Values"),
            pgettext("dataset", "Indicators"),
            pgettext("dataset", "Sources"),
        ],
        ROWS: [
            format_count(n)  # st.table prints numbers bare: 999940 reads worse than 999,940
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
        ROW_IS: [
            _("A city placed with GeoNames (coordinates, city-proper population)"),
            _("A foreign innovation office, science attaché, agency office or city initiative"),
            _("A city-to-city agreement with its type, year and status"),
            _("A transnational city network"),
            _("A city's membership or role in a network (some lists are incomplete)"),
            _("A published figure or rank for a city, indicator and year"),
            _("An indicator's definition, unit, direction and geography"),
            _("A publication a fact was read in, with its address and licence"),
        ],
    }
).set_index(DATASET)
st.table(holdings)

url.remember(SPECS, "overview")
