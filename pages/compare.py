"""Compare: 2 to 6 cities side by side, a radar of indicator groups, change over editions."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from babel.lists import format_list

from atlas import terms
from atlas.citation import markdown_line
from atlas.filters import city_ids
from atlas.i18n import _, current_language, ngettext
from atlas.numbers import format_count
from atlas.text import md_text
from atlas.urlstate import MultiChoice
from atlas.views.compare import (
    BEST_MARK,
    city_names,
    missing_texts,
    normalisation,
    partial_notes,
    tidy_table,
)
from atlas.views.rankings import display_names
from ui import url
from ui.briefing import briefing_button
from ui.compare_view import comparison, radar, series, side_by_side
from ui.compare_view import peers as suggest
from ui.data import get_atlas
from ui.downloads import download_buttons
from ui.facts import city_label, city_picker_labels
from ui.filters import current_filters
from ui.views import chart_panel

atlas = get_atlas()
filters = current_filters()
SCOPE = "compare"
MAX_CITIES = 6
EXAMPLE = ("barcelona-es", "munich-de", "milan-it", "amsterdam-nl")

labels = city_label(atlas)
SPECS = [MultiChoice("cities", labels, max_items=MAX_CITIES, label=_("cities"))]
KEY = url.widget_key(SCOPE, SPECS[0])


def _list_of(names: list[str]) -> str:
    """'Barcelona, Munich, Milan and Amsterdam' joined the language's way."""
    code = current_language()
    return format_list(names, locale="en_GB" if code == "en" else code)


def _add(city_id: str) -> None:
    chosen = list(st.session_state.get(KEY, []))
    if city_id not in chosen and len(chosen) < MAX_CITIES:
        st.session_state[KEY] = [*chosen, city_id]


def _example() -> None:
    st.session_state[KEY] = [c for c in EXAMPLE if c in labels]


notes = url.bind(SPECS, SCOPE)
st.title(_("Compare cities"))
url.show_notes(st.session_state.get("_link_notes", []) + notes)
st.markdown(
    _(
        "Set 2 to 6 cities side by side: every indicator with its year, unit and source, a "
        "radar of the indicator groups, and change over editions. Missing figures read “no "
        "data” (or “not in the Atlas's copy of this ranking” where the Atlas holds part of a "
        "published table), never 0."
    )
)

allowed = city_ids(atlas, filters) if filters.active else atlas.cities.index
chosen_now = [c for c in st.session_state.get(KEY, []) if c in labels]
picker = city_picker_labels(atlas)
offered = set(allowed) | set(chosen_now)
options = [c for c in picker if c in offered]
st.multiselect(
    _("Cities (2 to {n})").format(n=MAX_CITIES),
    options,
    key=KEY,
    persist_state="session",
    format_func=picker.get,
    max_selections=MAX_CITIES,
    placeholder=_("Type a city name…"),
    help=_("The order you choose is the order of the columns and colours."),
)
chosen: list[str] = list(st.session_state[KEY])
if filters.active:
    st.caption(
        ngettext(
            "The list offers the {n} city matching the sidebar filters ({filters}).",
            "The list offers the {n} cities matching the sidebar filters ({filters}).",
            len(allowed),
        ).format(n=format_count(len(allowed)), filters=md_text(filters.describe(atlas)))
    )
up_to = filters.year
if up_to:
    st.caption(
        _("Figures up to {year}, the year set in the sidebar; each city's latest edition.").format(
            year=up_to
        )
    )

# ---------------------------------------------------------------------------- peers
if chosen:
    anchor = chosen[0]
    anchor_row = atlas.cities.loc[anchor]
    peers = suggest(
        atlas,
        anchor,
        tuple(chosen),
        tuple(allowed) if filters.active else None,
    )
    with st.container(border=True):
        st.markdown(
            _(
                "**Suggest peers** for {city}: cities of similar population in {region}, "
                "nearest first"
            ).format(
                city=md_text(anchor_row["name"]),
                region=md_text(terms.region(anchor_row["region"])),
            )
        )
        if pd.isna(anchor_row["population"]):
            st.caption(
                _(
                    "{city} has no population in the Atlas, so no peer can be suggested by "
                    "size. Add cities by name above."
                ).format(city=md_text(anchor_row["name"]))
            )
        elif not peers:
            st.caption(
                _(
                    "No other city of this region is left to suggest within the sidebar "
                    "filters. Add cities by name above."
                )
                if filters.active
                else _("No other city of this region is left to suggest. Add cities by name above.")
            )
        else:
            full = len(chosen) >= MAX_CITIES
            short = display_names(atlas)
            cols = st.columns(len(peers))
            for col, peer in zip(cols, peers, strict=True):
                row = atlas.cities.loc[peer]
                col.button(
                    f"+ {short[peer]}",
                    key=f"compare.add.{peer}",
                    on_click=_add,
                    args=(peer,),
                    disabled=full,
                    width="stretch",
                    help=_(
                        "{city}, {country}: population {population} (GeoNames, city proper)"
                    ).format(
                        city=row["name"],
                        country=row["country_name"],
                        population=format_count(int(row["population"])),
                    ),
                )
            st.caption(
                _(
                    "Reference: {city}, population {population} (GeoNames, city proper). "
                    "Similarity is the ratio of populations; the first city you chose is the "
                    "reference."
                ).format(
                    city=md_text(anchor_row["name"]),
                    population=format_count(int(anchor_row["population"])),
                )
                + (
                    " " + _("At most {n} cities: remove one to add a peer.").format(n=MAX_CITIES)
                    if full
                    else ""
                )
            )

# ---------------------------------------------------------------------------- guidance
if len(chosen) < 2:
    if not chosen:
        st.info(
            _(
                "Choose at least two cities to compare: type a name in the box above, then use "
                "“Suggest peers” to add cities of similar size in the same region."
            ),
            icon=":material/compare:",
        )
        st.button(
            _("Try an example: {cities}").format(
                cities=_list_of([str(atlas.cities.loc[c, "name"]) for c in EXAMPLE if c in labels])
            ),
            on_click=_example,
            icon=":material/lightbulb:",
        )
    else:
        st.info(
            _(
                "Add at least one more city to compare with {city}: type a name above or press "
                "one of the suggested peers."
            ).format(city=md_text(labels[chosen[0]])),
            icon=":material/compare:",
        )
else:
    names = city_names(atlas, chosen)
    with st.spinner(_("Comparing the cities…")):
        long = comparison(atlas, tuple(chosen), up_to)
    briefing_button(atlas, chosen, key="compare.briefing")

    st.subheader(_("Side by side"))
    wide = side_by_side(long, names, missing_texts(atlas, long))
    have = long.groupby("indicator_id")["value"].apply(lambda v: v.notna().any())
    st.caption(
        _(
            "{mark} marks the best value of a row among the cities shown (lowest for ranks). "
            "Profile figures are context and not rated. Where the years differ, the row says so."
        ).format(mark=BEST_MARK.strip())
        + " "
        + ngettext(
            "{n} of {total} indicator has no figure for any of these cities.",
            "{n} of {total} indicators have no figure for any of these cities.",
            len(have),
        ).format(n=format_count(int((~have).sum())), total=format_count(len(have)))
    )
    for note in partial_notes(atlas, long):
        st.caption(md_text(note))
    tab_wide, tab_long = st.tabs([_("Side by side"), _("One row per figure")])
    tidy = tidy_table(atlas, long, names)
    with tab_wide:
        st.dataframe(
            wide,
            hide_index=True,
            width="stretch",
            height=min(36 * (len(wide) + 1) + 4, 1000),
            column_config={
                _("Group"): st.column_config.TextColumn(pinned=True, width=150),
                _("Indicator"): st.column_config.TextColumn(pinned=True),
            },
            key="compare.table",
        )
    with tab_long:
        st.dataframe(
            tidy.drop(columns="source_id"),
            hide_index=True,
            width="stretch",
            column_config={
                _("Value"): st.column_config.NumberColumn(format="localized"),
                _("Year"): st.column_config.NumberColumn(format="%d"),
            },
            key="compare.tidy",
        )
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(markdown_line(atlas.sources, tidy["source_id"]))
    with right:
        download_buttons(
            atlas,
            tidy,
            "comparison-" + "-".join(chosen),
            key="compare.download",
            meta={"cities": ",".join(chosen), "up_to_year": up_to},
        )

    st.subheader(_("Indicator groups"))
    st.caption(_("How the radar is normalised: {method}").format(method=normalisation()))
    fig, table = radar(atlas, chosen, names, up_to)
    chart_panel(
        atlas,
        fig,
        table,
        key="compare.radar",
        stem="comparison-radar",
        column_config={"source_id": None},
    )

    st.subheader(_("Change over editions"))
    series_fig, series_table = series(atlas, chosen, names, up_to)
    if series_fig is None:
        st.caption(
            (
                _(
                    "None of these cities has an indicator with more than one edition up to "
                    "{year}: the table above shows each figure once. Add a city that appears in "
                    "several editions of a ranking (for example GII clusters) to see change "
                    "over time."
                )
                if up_to
                else _(
                    "None of these cities has an indicator with more than one edition: the "
                    "table above shows each figure once. Add a city that appears in several "
                    "editions of a ranking (for example GII clusters) to see change over time."
                )
            ).format(year=up_to)
        )
    else:
        st.caption(
            _(
                "Indicators where at least one of the cities has two or more editions. Each "
                "panel has its own scale; rank panels are reversed so that up means better."
            )
        )
        chart_panel(atlas, series_fig, series_table, key="compare.series", stem="comparison-series")

url.remember(SPECS, SCOPE)
