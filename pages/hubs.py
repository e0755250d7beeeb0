"""Hubs: the directory and map of science and innovation diplomacy hubs, who runs them, where,
and since when."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from atlas import hubs as hub_data
from atlas import terms
from atlas.i18n import N_, _, ngettext
from atlas.numbers import format_count
from atlas.schema import HUB_STATUSES, HUB_TYPES
from atlas.text import md_text
from atlas.urlstate import Choice, MultiChoice, OptionalChoice
from atlas.views import hubs as model
from components import map_base
from ui import hubs_view as view
from ui import url
from ui.data import get_atlas
from ui.facts import legend
from ui.filters import current_filters
from ui.headers import translated_headers
from ui.panels import figure_panel, link_column, profile_link_column, sourced_table
from ui.profile_links import keep_language
from ui.views import counted_map_text, view_switch

atlas = get_atlas()
filters = current_filters()
SCOPE = "hubs"
present_types = set(atlas.hubs["type"].dropna())
type_options = [t for t in HUB_TYPES if t in present_types] + sorted(present_types - set(HUB_TYPES))
present_status = set(atlas.hubs["status"].dropna())
status_options = [s for s in HUB_STATUSES if s in present_status]
operator_labels = hub_data.operator_names(atlas.hubs["operator_country"].dropna())
# "last confirmed" thresholds: a reader can keep only hubs a recent source still shows
#: the directory's columns the map's text alternative lists
MAP_TEXT_COLUMNS = ["Hub", "Type", "Host city", "Host country", "Opened", "Status"]
CONFIRMED_OPTIONS = {
    str(y): _("{year} or later").format(year=y) for y in (2024, 2020, 2015, 2010, 2000)
}
# One breakdown chart at a time, chosen with a switch kept in the link: three plotly charts
# drawn one under the other cost the page's first view about half a second of drawing.
BREAKDOWNS = {
    "operator": N_("By operator country"),
    "city": N_("By host city"),
    "opened": N_("Openings over time"),
}
SPECS = [
    MultiChoice("types", type_options, label=N_("hub types")),
    MultiChoice("status", status_options, label=N_("status")),
    MultiChoice("operators", operator_labels, label=N_("operator countries")),
    OptionalChoice("confirmed", CONFIRMED_OPTIONS, label=N_("last confirmed")),
    Choice("breakdown", BREAKDOWNS, default="operator", label=N_("breakdown")),
]
notes = url.bind(SPECS, SCOPE)
url.show_notes(st.session_state.get("_link_notes", []) + notes)

st.title(_("Diplomacy hubs"))
st.markdown(
    _(
        "Innovation centres, science attaché offices, agency offices, landing pads, "
        "international science organisations and city initiatives: where countries and cities "
        "set up shop to do science and technology diplomacy, and who runs them."
    )
)
cols = st.columns([1, 1, 1, 1])
types = cols[0].multiselect(
    _("Hub type"),
    type_options,
    key=url.widget_key(SCOPE, SPECS[0]),
    persist_state="session",
    format_func=terms.hub_type,
    placeholder=_("All types"),
)
statuses = cols[1].multiselect(
    _("Status"),
    status_options,
    key=url.widget_key(SCOPE, SPECS[1]),
    persist_state="session",
    format_func=terms.hub_status,
    placeholder=_("Any status"),
)
operators = cols[2].multiselect(
    _("Operator country"),
    list(operator_labels),
    key=url.widget_key(SCOPE, SPECS[2]),
    persist_state="session",
    format_func=lambda code: operator_labels.get(code, code),
    placeholder=_("All operators"),
    help=_("The country (or multilateral body) that runs the hub."),
)
confirmed = cols[3].selectbox(
    _("Last confirmed"),
    list(CONFIRMED_OPTIONS),
    index=None,
    key=url.widget_key(SCOPE, SPECS[3]),
    persist_state="session",
    format_func=lambda year: CONFIRMED_OPTIONS[year],
    placeholder=_("Any year"),
    help=_(
        "Keep hubs whose newest source (the page's date, the opening year or a dated "
        "statement about the hub) is from this year or later. Hubs with undated sources are "
        "left out when a year is chosen."
    ),
)
confirmed_since = int(confirmed) if confirmed else None
url.remember(SPECS, SCOPE)

data = view.compute(atlas, types, statuses, operators, filters, confirmed_since)
directory = data.directory
scope = []
if filters.regions or filters.countries or filters.networks:
    places = replace(filters, year=None).describe(atlas)
    scope.append(_("Hubs in the cities of the sidebar selection ({places})").format(places=places))
# the clauses of one sentence, joined with semicolons (each a whole clause in every language)
if filters.year:
    undated = data.undated_left_out
    scope.append(
        ngettext(
            "opened by {year} (sidebar year; {n} hub with no known opening year left out)",
            "opened by {year} (sidebar year; {n} hubs with no known opening year left out)",
            undated,
        ).format(year=filters.year, n=format_count(undated))
        if undated
        else _("opened by {year} (sidebar year)").format(year=filters.year)
    )
if confirmed_since:
    scope.append(_("confirmed by a source from {year} or later").format(year=confirmed_since))
if scope:
    st.caption("; ".join(scope) + ".")

if directory.empty:
    st.warning(
        _("No hub matches these choices. Remove a type, status or operator, or a sidebar filter."),
        icon=":material/filter_alt_off:",
    )
else:
    metrics = st.columns(4)
    metrics[0].metric(_("Hubs"), format_count(len(directory)))
    closed = int((directory["status"] == "closed").sum())
    metrics[1].metric(
        # Translators: a count of hubs that are active
        _("Active"),
        format_count(int((directory["status"] == "active").sum())),
        help=ngettext(
            "Open as listed by their newest source; {n} closed, the rest announced",
            "Open as listed by their newest source; {n} closed, the rest announced",
            closed,
        ).format(n=format_count(closed)),
    )
    metrics[2].metric(_("Operators"), format_count(directory["operator_country"].nunique()))
    metrics[3].metric(_("Host cities"), format_count(directory["host_city_id"].nunique()))

    year = st.column_config.NumberColumn(format="%d", width="small")
    chosen = (types, statuses, operators, filters, confirmed_since)
    deck = view.cached_deck(atlas, *chosen)
    st.subheader(_("Where they are"), anchor=False)
    map_col, legend_col = st.columns([3, 1])
    with map_col:
        st.pydeck_chart(deck, height=480, width="stretch")
    with legend_col:
        legend(view.type_legend(directory), _("Hub type"))
        st.caption(map_base.hub_status_key())
    st.caption(
        _(
            "One dot per hub at its host city (several hubs in one city overlap: the directory "
            "lists them all). Active hubs are filled dots; closed and announced hubs are hollow "
            "rings. Hover a dot for its operator, opening year, status, the year its newest "
            "source confirms it and the source. An 'active' hub is active in its newest source, "
            "which may be old: see 'Last confirmed'."
        )
        + " "
        + data.line
    )
    map_note = model.map_note(data)
    if map_note:
        st.caption(md_text(map_note))
    counted_map_text(
        # Translators: what the map's dots are counted by (hub type)
        _("type"),
        _("hubs"),
        {terms.hub_type(k): n for k, n in directory["type"].astype(str).value_counts().items()},
        data.directory_table[MAP_TEXT_COLUMNS],
        key="hubs.map_text",
        # "Opened" is a year: 2019, not 2,019
        column_config=translated_headers(MAP_TEXT_COLUMNS, {"Opened": year}),
    )

    st.subheader(_("Directory"), anchor=False)
    st.caption(_("Search the table with the magnifier in its toolbar; sort by any column."))
    sourced_table(
        atlas,
        keep_language(data.directory_table, "City profile"),
        key="hubs.directory",
        stem="diplomacy-hubs",
        line=data.line,
        column_config=translated_headers(
            data.directory_table.columns,
            {
                "Hub": st.column_config.TextColumn(width="medium"),
                "Operator": st.column_config.TextColumn(width="medium"),
                "Opened": year,
                "Closed": year,
                "Last confirmed": st.column_config.NumberColumn(
                    format="%d",
                    width="small",
                    help=_(
                        "Year of the newest source that confirms the hub; empty: source undated"
                    ),
                ),
                "Link": link_column(),
                "City profile": profile_link_column("City profile"),
            },
        ),
        height=420,
    )

    st.subheader(_("Who runs them, where, and since when"), anchor=False)
    breakdown = view_switch(_("Breakdown"), BREAKDOWNS, url.widget_key(SCOPE, SPECS[4]))
    # the breakdown's panel key, table, file name and column settings
    key, table, stem, columns, extra = {
        "operator": ("by_operator", data.operator_table, "hubs-by-operator-country", None, {}),
        "city": ("by_city", data.city_table, "hubs-by-host-city", None, {}),
        "opened": (
            "timeline",
            data.directory_table,
            "hub-openings",
            ["Hub", "Type", "Operator country", "Host city", "Opened", "Status", "Source"],
            {"Opened": year},
        ),
    }[breakdown]
    figure_panel(
        atlas,
        view.cached_breakdown(atlas, breakdown, *chosen),
        table,
        key=f"hubs.{key}",
        stem=stem,
        line=data.line,
        columns=columns,
        source_col="source_id" if breakdown == "opened" else None,
        column_config=translated_headers(table.columns, extra),
    )
