"""Partnerships: the city-to-city agreements on a map and as a network, with each city's
connectivity (partner cities, agreements, bridging position) and the ties between regions.
"""

from __future__ import annotations

import streamlit as st

from atlas import terms
from atlas.i18n import N_, _, ngettext
from atlas.numbers import format_count
from atlas.schema import PARTNERSHIP_TYPES
from atlas.text import md_text
from atlas.urlstate import Choice, MultiChoice
from atlas.views import network as model
from ui import network_view as view
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
SCOPE = "partnerships"
present = set(atlas.partnerships["type"].dropna())
type_options = [t for t in PARTNERSHIP_TYPES if t in present] + sorted(
    present - set(PARTNERSHIP_TYPES)
)
first, last = model.year_bounds(atlas)
# One table at a time, chosen with a switch kept in the link: three data grids one under the
# other were drawn on every view, most of them below the fold.
TABLES = {
    "cities": N_("Most connected cities"),
    "regions": N_("Ties between regions"),
    "agreements": N_("The agreements"),
}
SPECS = [
    MultiChoice("types", type_options, label=N_("agreement types")),
    model.YearSpan("signed", first, last, label=N_("years signed")),
    Choice("table", TABLES, default="cities", label=N_("table")),
]
notes = url.bind(SPECS, SCOPE)
url.show_notes(st.session_state.get("_link_notes", []) + notes)

st.title(_("Partnerships"))
st.markdown(
    _(
        "Twinning, sister-city, friendship, cooperation and science agreements between cities: "
        "where they reach on the map, how they knit cities into one network, and which cities "
        "hold that network together."
    )
)
left, right = st.columns([1, 1])
types = left.multiselect(
    _("Agreement types"),
    type_options,
    key=url.widget_key(SCOPE, SPECS[0]),
    persist_state="session",
    format_func=terms.partnership_type,
    placeholder=_("All types"),
    help=_("Leave empty for every type."),
)
since, until = right.slider(
    _("Years signed"),
    min_value=first,
    max_value=last,
    key=url.widget_key(SCOPE, SPECS[1]),
    persist_state="session",
    help=_("Agreements signed in these years. Narrowing them leaves out undated agreements."),
)
url.remember(SPECS, SCOPE)
if filters.year and filters.year < until:
    until = filters.year  # before `since` this selects nothing, and the page says so
    st.caption(
        _("Sidebar year {year}: agreements signed up to {until}.").format(
            year=filters.year, until=until
        )
    )

chosen = tuple(types)
data = view.compute(atlas, chosen, since, until, filters)
shown = data.shown
scope_text = filters.describe(atlas) if filters.active else _("all cities")
notes_line = [
    _(
        "Active agreements only (ended, suspended and planned ones are history or intent, not "
        "current ties)."
    )
]
if data.undated_left_out:
    notes_line.append(
        ngettext(
            "{n} active agreement without a year is left out of a year span.",
            "{n} active agreements without a year are left out of a year span.",
            data.undated_left_out,
        ).format(n=format_count(data.undated_left_out))
    )
notes_line.append(_("Cities: {cities}.").format(cities=scope_text))
st.caption(" ".join(notes_line))

if shown.empty:
    st.warning(
        _(
            "No active agreement matches these choices. Widen the years, choose more types or "
            "remove a sidebar filter."
        ),
        icon=":material/filter_alt_off:",
    )
else:
    cols = st.columns(4)
    cols[0].metric(_("Agreements"), format_count(len(shown)))
    cols[1].metric(_("Cities linked"), format_count(data.n_cities_linked))
    cols[2].metric(
        _("Cities measured"),
        format_count(len(data.measures)),
        help=_("Cities of the sidebar selection with at least one such agreement"),
    )
    cols[3].metric(
        _("Pairs bridging regions"),
        format_count(data.n_bridging_pairs),
        help=_("Partner pairs whose cities lie in different world regions"),
    )

    deck, figure = view.cached_pictures(atlas, chosen, since, until, filters)
    st.subheader(_("On the map"), anchor=False)
    map_col, legend_col = st.columns([4, 1])
    with map_col:
        st.pydeck_chart(deck, height=480, width="stretch")
    with legend_col:
        legend(view.type_legend(shown), _("Agreement type"))
    st.caption(
        _(
            "Great-circle arcs between partner cities. Hover an arc for its type, year, status "
            "and source."
        )
        + " "
        + data.agreements_line
    )
    map_note = model.map_note(data)
    if map_note:
        st.caption(md_text(map_note))
    counted_map_text(
        _("agreement type"),
        _("partnership arcs"),
        {
            terms.partnership_type(kind): n
            for kind, n in shown["type"].astype(str).value_counts().items()
        },
        data.agreements_table[["Cities", "Type", "Year", "Status", "Source"]],
        key="partnerships.map_text",
    )

    st.subheader(_("As a network"), anchor=False)
    betweenness = st.column_config.NumberColumn(format="%.3f")
    figure_panel(
        atlas,
        figure,
        data.nodes_table,
        key="partnerships.graph",
        stem="partnership-network",
        line=_(model.DERIVED_LINE),
        summary=model.network_summary(data),
        column_config=translated_headers(
            data.nodes_table.columns, {"Bridging (betweenness)": betweenness}
        ),
    )

    st.subheader(_("Cities, ties and agreements"), anchor=False)
    table = view_switch(_("Table"), TABLES, url.widget_key(SCOPE, SPECS[2]))
    if table == "regions":
        st.caption(
            _(
                "Partner pairs in different world regions, best-connected pairs first (sum of "
                "both cities' partner cities)."
            )
        )
        bridges = view.bridges(atlas, chosen, since, until, filters)
        if bridges.table.empty:
            st.caption(_("No agreement here links two regions."))
        else:
            sourced_table(
                atlas,
                bridges.table,
                key="partnerships.bridging",
                stem="partnerships-between-regions",
                line=bridges.line,
                column_config=translated_headers(bridges.table.columns, {"Link": link_column()}),
                height=360,
            )
    elif table == "agreements":
        sourced_table(
            atlas,
            data.agreements_table[["Cities", "Type", "Year", "Status", "Source"]],
            key="partnerships.list",
            stem="partnerships",
            line=data.agreements_line,
            column_config=translated_headers(
                data.agreements_table.columns,
                {"Year": st.column_config.NumberColumn(format="%d"), "Link": link_column()},
            ),
            height=360,
        )
    else:
        explained = [
            _(
                "Every city of the sidebar selection with such an agreement, most partner "
                "cities first. Partner cities: distinct cities with such an agreement (degree). "
                "Agreements: the agreements themselves, two with one city counting twice "
                "(weighted degree). Bridging: share of shortest paths between other cities that "
                "pass through the city (normalised betweenness, 0 to 1), measured over the whole "
                "selected network."
            )
        ]
        if not data.betweenness_exact:
            explained.append(_("Betweenness is estimated from sampled cities."))
        explained.append(
            _("Partner cities and bridging are also indicators on Rankings and the Index builder.")
        )
        st.caption(" ".join(explained))
        sourced_table(
            atlas,
            keep_language(data.measures_table, "Profile"),
            key="partnerships.measures",
            stem="partnership-connectivity",
            line=_(model.DERIVED_LINE),
            column_config=translated_headers(
                data.measures_table.columns,
                {"Bridging (betweenness)": betweenness, "Profile": profile_link_column()},
            ),
            height=360,
        )
