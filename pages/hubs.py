"""Hubs: the directory and map of science and innovation diplomacy hubs, who runs them, where,
and since when."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from atlas import hubs as hub_data
from atlas.schema import HUB_STATUSES, HUB_TYPES
from atlas.text import md_text
from atlas.urlstate import MultiChoice, OptionalChoice
from atlas.views import hubs as model
from components import map_base, map_colours
from ui import hubs_view as view
from ui import url
from ui.data import get_atlas
from ui.facts import legend
from ui.filters import current_filters
from ui.panels import figure_panel, link_column, profile_link_column, sourced_table
from ui.views import counted_map_text

atlas = get_atlas()
filters = current_filters()
SCOPE = "hubs"
present_types = set(atlas.hubs["type"].dropna())
type_options = [t for t in HUB_TYPES if t in present_types] + sorted(present_types - set(HUB_TYPES))
present_status = set(atlas.hubs["status"].dropna())
status_options = [s for s in HUB_STATUSES if s in present_status]
operator_labels = hub_data.operator_names(atlas.hubs["operator_country"].dropna())
# "last confirmed" thresholds: a reader can keep only hubs a recent source still shows
CONFIRMED_OPTIONS = {str(y): f"{y} or later" for y in (2024, 2020, 2015, 2010, 2000)}
SPECS = [
    MultiChoice("types", type_options, label="hub types"),
    MultiChoice("status", status_options, label="status"),
    MultiChoice("operators", operator_labels, label="operator countries"),
    OptionalChoice("confirmed", CONFIRMED_OPTIONS, label="last confirmed"),
]
notes = url.bind(SPECS, SCOPE)
url.show_notes(st.session_state.get("_link_notes", []) + notes)

st.title("Diplomacy hubs")
st.markdown(
    "Innovation centres, science attaché offices, agency offices, landing pads, international "
    "science organisations and city initiatives: where countries and cities set up shop to do "
    "science and technology diplomacy, and who runs them."
)
cols = st.columns([1, 1, 1, 1])
types = cols[0].multiselect(
    "Hub type",
    type_options,
    key=url.widget_key(SCOPE, SPECS[0]),
    persist_state="session",
    placeholder="All types",
)
statuses = cols[1].multiselect(
    "Status",
    status_options,
    key=url.widget_key(SCOPE, SPECS[1]),
    persist_state="session",
    placeholder="Any status",
)
operators = cols[2].multiselect(
    "Operator country",
    list(operator_labels),
    key=url.widget_key(SCOPE, SPECS[2]),
    persist_state="session",
    format_func=lambda code: operator_labels.get(code, code),
    placeholder="All operators",
    help="The country (or multilateral body) that runs the hub.",
)
confirmed = cols[3].selectbox(
    "Last confirmed",
    list(CONFIRMED_OPTIONS),
    index=None,
    key=url.widget_key(SCOPE, SPECS[3]),
    persist_state="session",
    format_func=lambda year: CONFIRMED_OPTIONS[year],
    placeholder="Any year",
    help="Keep hubs whose newest source (the page's date, the opening year or a dated "
    "statement about the hub) is from this year or later. Hubs with undated sources are "
    "left out when a year is chosen.",
)
confirmed_since = int(confirmed) if confirmed else None
url.remember(SPECS, SCOPE)

data = view.compute(atlas, types, statuses, operators, filters, confirmed_since)
directory = data.directory
scope = []
if filters.regions or filters.countries or filters.networks:
    places = replace(filters, year=None).describe(atlas)
    scope.append(f"Hubs in the cities of the sidebar selection ({places})")
if filters.year:
    scope.append(
        f"opened by {filters.year} (sidebar year"
        + (
            f"; {data.undated_left_out} hubs with no known opening year left out)"
            if data.undated_left_out
            else ")"
        )
    )
if confirmed_since:
    scope.append(f"confirmed by a source from {confirmed_since} or later")
if scope:
    st.caption("; ".join(scope) + ".")

if directory.empty:
    st.warning(
        "No hub matches these choices. Remove a type, status or operator, or a sidebar filter.",
        icon=":material/filter_alt_off:",
    )
else:
    metrics = st.columns(4)
    metrics[0].metric("Hubs", f"{len(directory):,}")
    closed = int((directory["status"] == "closed").sum())
    metrics[1].metric(
        "Active",
        f"{int((directory['status'] == 'active').sum()):,}",
        help=f"Open as listed by their newest source; {closed:,} closed, the rest announced",
    )
    metrics[2].metric("Operators", f"{directory['operator_country'].nunique():,}")
    metrics[3].metric("Host cities", f"{directory['host_city_id'].nunique():,}")

    deck, by_operator, by_city, timeline = view.cached_pictures(
        atlas, types, statuses, operators, filters, confirmed_since
    )
    st.subheader("Where they are", anchor=False)
    map_col, legend_col = st.columns([3, 1])
    with map_col:
        st.pydeck_chart(deck, height=480, width="stretch")
    with legend_col:
        legend(
            map_colours.legend_items(map_colours.hub_type_colours(directory["type"])), "Hub type"
        )
        st.caption(map_base.HUB_STATUS_KEY)
    st.caption(
        "One dot per hub at its host city (several hubs in one city overlap: the directory "
        "lists them all). Active hubs are filled dots; closed and announced hubs are hollow "
        "rings. Hover a dot for its operator, opening year, status, the year its newest source "
        "confirms it and the source. An 'active' hub is active in its newest source, which may "
        "be old: see 'Last confirmed'. " + data.line
    )
    map_note = model.map_note(data)
    if map_note:
        st.caption(md_text(map_note))
    counted_map_text(
        "type",
        "hubs",
        directory["type"].astype(str).value_counts().to_dict(),
        data.directory_table[["Hub", "Type", "Host city", "Host country", "Opened", "Status"]],
    )

    st.subheader("Directory", anchor=False)
    st.caption("Search the table with the magnifier in its toolbar; sort by any column.")
    year = st.column_config.NumberColumn(format="%d", width="small")
    sourced_table(
        atlas,
        data.directory_table,
        key="hubs.directory",
        stem="diplomacy-hubs",
        line=data.line,
        column_config={
            "Hub": st.column_config.TextColumn(width="medium"),
            "Operator": st.column_config.TextColumn(width="medium"),
            "Opened": year,
            "Closed": year,
            "Last confirmed": st.column_config.NumberColumn(
                format="%d",
                width="small",
                help="Year of the newest source that confirms the hub; empty: source undated",
            ),
            "Link": link_column(),
            "City profile": profile_link_column("City profile"),
        },
        height=420,
    )

    st.subheader("By operator country", anchor=False)
    figure_panel(
        atlas,
        by_operator,
        data.operator_table,
        key="hubs.by_operator",
        stem="hubs-by-operator-country",
        line=data.line,
        source_col=None,
    )

    st.subheader("By host city", anchor=False)
    figure_panel(
        atlas,
        by_city,
        data.city_table,
        key="hubs.by_city",
        stem="hubs-by-host-city",
        line=data.line,
        source_col=None,
    )

    st.subheader("Openings over time", anchor=False)
    figure_panel(
        atlas,
        timeline,
        data.directory_table,
        key="hubs.timeline",
        stem="hub-openings",
        line=data.line,
        columns=["Hub", "Type", "Operator country", "Host city", "Opened", "Status", "Source"],
        column_config={"Opened": year},
    )
