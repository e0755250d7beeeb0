"""Partnerships: the city-to-city agreements on a map and as a network, with each city's
connectivity (partner cities, agreements, bridging position) and the ties between regions.
"""

from __future__ import annotations

import streamlit as st

from atlas.schema import PARTNERSHIP_TYPES
from atlas.text import md_text
from atlas.urlstate import MultiChoice
from atlas.views import network as model
from components import map_colours
from ui import network_view as view
from ui import url
from ui.data import get_atlas
from ui.facts import legend
from ui.filters import current_filters
from ui.panels import figure_panel, link_column, profile_link_column, sourced_table
from ui.views import counted_map_text

atlas = get_atlas()
filters = current_filters()
SCOPE = "partnerships"
present = set(atlas.partnerships["type"].dropna())
type_options = [t for t in PARTNERSHIP_TYPES if t in present] + sorted(
    present - set(PARTNERSHIP_TYPES)
)
first, last = model.year_bounds(atlas)
SPECS = [
    MultiChoice("types", type_options, label="agreement types"),
    model.YearSpan("signed", first, last, label="years signed"),
]
notes = url.bind(SPECS, SCOPE)
url.show_notes(st.session_state.get("_link_notes", []) + notes)

st.title("Partnerships")
st.markdown(
    "Twinning, sister-city, friendship, cooperation and science agreements between cities: "
    "where they reach on the map, how they knit cities into one network, and which cities "
    "hold that network together."
)
left, right = st.columns([1, 1])
types = left.multiselect(
    "Agreement types",
    type_options,
    key=url.widget_key(SCOPE, SPECS[0]),
    persist_state="session",
    placeholder="All types",
    help="Leave empty for every type.",
)
since, until = right.slider(
    "Years signed",
    min_value=first,
    max_value=last,
    key=url.widget_key(SCOPE, SPECS[1]),
    persist_state="session",
    help="Agreements signed in these years. Narrowing them leaves out undated agreements.",
)
url.remember(SPECS, SCOPE)
if filters.year and filters.year < until:
    until = filters.year  # before `since` this selects nothing, and the page says so
    st.caption(f"Sidebar year {filters.year}: agreements signed up to {until}.")

chosen = tuple(types)
data = view.compute(atlas, chosen, since, until, filters)
shown = data.shown
scope_text = filters.describe(atlas) if filters.active else "all cities"
notes_line = [
    "Active agreements only (ended, suspended and planned ones are history or intent, not "
    "current ties)"
]
if data.undated_left_out:
    notes_line.append(
        f"{data.undated_left_out} active agreements without a year are left out of a year span"
    )
st.caption(". ".join(notes_line) + f". Cities: {scope_text}.")

if shown.empty:
    st.warning(
        "No active agreement matches these choices. Widen the years, choose more types or "
        "remove a sidebar filter.",
        icon=":material/filter_alt_off:",
    )
else:
    cols = st.columns(4)
    cols[0].metric("Agreements", f"{len(shown):,}")
    ends = set(shown["city_a_id"]) | set(shown["city_b_id"])
    cols[1].metric("Cities linked", f"{len(ends):,}")
    cols[2].metric(
        "Cities measured",
        f"{len(data.measures):,}",
        help="Cities of the sidebar selection with at least one such agreement",
    )
    cols[3].metric(
        "Pairs bridging regions",
        f"{len(data.bridging):,}",
        help="Partner pairs whose cities lie in different world regions",
    )

    deck, figure = view.cached_pictures(atlas, chosen, since, until, filters)
    st.subheader("On the map", anchor=False)
    map_col, legend_col = st.columns([4, 1])
    with map_col:
        st.pydeck_chart(deck, height=480, width="stretch")
    with legend_col:
        legend(
            map_colours.legend_items(map_colours.partnership_type_colours(shown["type"])),
            "Agreement type",
        )
    st.caption(
        "Great-circle arcs between partner cities. Hover an arc for its type, year, status "
        "and source. " + data.agreements_line
    )
    map_note = model.map_note(data)
    if map_note:
        st.caption(md_text(map_note))
    counted_map_text(
        "agreement type",
        "partnership arcs",
        shown["type"].astype(str).value_counts().to_dict(),
        data.agreements_table[["Cities", "Type", "Year", "Status", "Source"]],
    )

    st.subheader("As a network", anchor=False)
    betweenness = st.column_config.NumberColumn(format="%.3f")
    figure_panel(
        atlas,
        figure,
        data.nodes_table,
        key="partnerships.graph",
        stem="partnership-network",
        line=model.DERIVED_LINE,
        column_config={"Bridging (betweenness)": betweenness},
    )

    st.subheader("Most connected cities", anchor=False)
    exact = "" if data.betweenness_exact else " Betweenness is estimated from sampled cities."
    st.caption(
        "Every city of the sidebar selection with such an agreement, most partner cities "
        "first. Partner cities: distinct cities with such an agreement (degree). Agreements: the "
        "agreements themselves, two with one city counting twice (weighted degree). Bridging: "
        "share of shortest paths between other cities that pass through the city "
        "(normalised betweenness, 0 to 1), measured over the whole selected network."
        + exact
        + " Partner cities and bridging are also indicators on Rankings and the Index builder."
    )
    sourced_table(
        atlas,
        data.measures_table,
        key="partnerships.measures",
        stem="partnership-connectivity",
        line=model.DERIVED_LINE,
        column_config={"Bridging (betweenness)": betweenness, "Profile": profile_link_column()},
        height=360,
    )

    st.subheader("Ties between regions", anchor=False)
    st.caption(
        "Partner pairs in different world regions, best-connected pairs first (sum of "
        "both cities' partner cities)."
    )
    if data.bridging_table.empty:
        st.caption("No agreement here links two regions.")
    else:
        sourced_table(
            atlas,
            data.bridging_table,
            key="partnerships.bridging",
            stem="partnerships-between-regions",
            line=data.bridging_line,
            column_config={"Link": link_column()},
            height=360,
        )

    st.subheader("The agreements", anchor=False)
    sourced_table(
        atlas,
        data.agreements_table[["Cities", "Type", "Year", "Status", "Source"]],
        key="partnerships.list",
        stem="partnerships",
        line=data.agreements_line,
        column_config={
            "Year": st.column_config.NumberColumn(format="%d"),
            "Link": link_column(),
        },
        height=360,
    )
