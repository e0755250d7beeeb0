"""Map: cities sized and coloured by any indicator, hubs, partnership arcs and network rings.

Made for a projector in a room with poor Wi-Fi: the map draws its own country outlines, and a
presentation mode hides everything but the map, its legend and the selected city.
"""

from __future__ import annotations

import streamlit as st

from atlas.cityfacts import latest_figures, population_basis
from atlas.filters import city_ids
from atlas.urlstate import BoolParam, Choice, MultiChoice, OptionalChoice
from components.maps import NO_DATA, format_number
from ui import url
from ui.briefing import briefing_button, svg_button
from ui.data import get_atlas
from ui.downloads import download_buttons
from ui.embed import embed_snippet, embedded, full_view_link
from ui.facts import city_label, legend, md_text, source_line
from ui.filters import current_filters
from ui.mapview import (
    DEFAULT_LAYERS,
    LAYERS,
    build_view,
    indicator_label,
    indicator_options,
    legend_rows,
    picked_city,
    view_svg,
)
from ui.presentation import presentation_style
from ui.rowcap import capped_dataframe

SCOPE = "map"
# Separate keys per mode, so entering presentation mode starts from its own framing of the
# world instead of keeping the smaller map's zoom.
DECK_KEYS = {False: "map_deck", True: "map_deck_present"}
LAST_PICK = "_map_last_pick"

atlas = get_atlas()
filters = current_filters()
indicators = indicator_options(atlas)
cities = city_label(atlas)
SPECS = [
    MultiChoice("layers", LAYERS, default=DEFAULT_LAYERS, label="layers"),
    Choice("indicator", indicators, default="hubs_hosted", label="indicator"),
    OptionalChoice("city", cities, label="city"),
    BoolParam("present", default=False, label="presentation mode"),
    BoolParam("tiles", default=False, label="online basemap"),
]
notes = url.bind(SPECS, SCOPE)


def key(name: str) -> str:
    return f"{SCOPE}.{name}"


# A click on a city dot (reported by the previous run's chart) selects that city.
present = bool(st.session_state.get(key("present")))
pick = picked_city(st.session_state.get(DECK_KEYS[present]))
if pick is not None and pick != st.session_state.get(LAST_PICK) and pick in cities:
    st.session_state[key("city")] = pick
st.session_state[LAST_PICK] = pick

embed = embedded()
if present and not embed:
    presentation_style()

if embed:
    # an iframe shows the view the link describes, without controls
    layers = list(st.session_state.get(key("layers")) or [])
    indicator = st.session_state.get(key("indicator")) or "hubs_hosted"
    tiles = bool(st.session_state.get(key("tiles")))
    url.show_notes(st.session_state.get("_link_notes", []) + notes)
else:
    title_col, toggle_col = st.columns([4, 1], vertical_alignment="bottom")
    with title_col:
        st.title("Map of science diplomacy")
    with toggle_col:
        st.toggle(
            "Presentation mode",
            key=key("present"),
            help="Hides the sidebar and menus, enlarges type and legends and lets the map fill "
            "the screen. Switch it off to get the normal view back.",
        )
    url.show_notes(st.session_state.get("_link_notes", []) + notes)

    settings = st.expander("Layers and indicator", expanded=False) if present else st.container()
    with settings:
        layer_col, indicator_col, tiles_col = st.columns([5, 3, 2], vertical_alignment="bottom")
        with layer_col:
            layers = st.pills(
                "Layers",
                list(LAYERS),
                selection_mode="multi",
                format_func=LAYERS.get,
                key=key("layers"),
            )
        with indicator_col:
            indicator = st.selectbox(
                "Size and colour cities by",
                list(indicators),
                format_func=indicators.get,
                key=key("indicator"),
                help="Any indicator in the catalogue. Grey dots: no data for that city.",
            )
        with tiles_col:
            tiles = st.toggle(
                "Online basemap",
                key=key("tiles"),
                help="Adds street-map tiles when the internet is available. The map is complete "
                "without them: country outlines are bundled with the Atlas.",
            )

ids = city_ids(atlas, filters)
dark = getattr(st.context.theme, "type", None) == "dark"
if filters.active:
    st.caption(f"Filtered: {filters.describe(atlas)} · {len(ids)} of {len(atlas.cities)} cities.")

if len(ids) == 0:
    st.warning(
        "No city matches the filters in the sidebar, so the map is empty. Remove a region, "
        "country or network filter to see cities again.",
        icon=":material/filter_alt_off:",
    )
    st.stop()
if not layers:
    st.info(
        "No layer is switched on: choose Cities, Diplomacy hubs, Partnership arcs or City "
        "networks above.",
        icon=":material/layers:",
    )

view = build_view(
    atlas,
    atlas.version,
    tuple(ids),
    indicator,
    filters.year,
    tuple(layers),
    filters.networks,
    dark,
    present,
    tiles,
)

map_col, side_col = st.columns([4, 1] if present else [3, 1])
with map_col:
    st.pydeck_chart(
        view.deck,
        height=760 if present else 560,
        on_select="rerun",
        selection_mode="single-object",
        key=DECK_KEYS[present],
        alt="World map of the Atlas's cities, diplomacy hubs, partnerships and networks",
    )
    shown = []
    if "cities" in layers:
        shown.append(
            f"{view.counts['cities']:,} cities ({view.counts['cities_with_data']:,} with data "
            f"for {indicator_label(atlas, indicator)})"
        )
    if "hubs" in layers:
        shown.append(f"{view.counts['hubs']:,} hubs")
    if "partnerships" in layers:
        shown.append(f"{view.counts['partnerships']:,} partnership arcs")
    if "networks" in layers:
        shown.append(f"{view.counts['memberships']:,} network memberships")
    if shown:
        st.caption(
            "In this view: " + ", ".join(shown) + ". Hover a dot or arc for its value, unit, year "
            "and source; click a city to see its key facts."
        )
    if view.cap_note:
        st.caption(md_text(view.cap_note))
    if "cities" in layers:
        st.caption(source_line(atlas, view.cities["source_id"].dropna().tolist()))
    svg_button(
        lambda: view_svg(
            view, f"City Science Diplomacy Atlas: {indicator_label(atlas, indicator)}"
        ),
        f"atlas-map-{indicator}",
        key="map.svg",
    )
    if tiles:
        st.caption(
            "Online basemap on: tiles come from Carto when the internet is available; the "
            "bundled country outlines stay on top in case they do not."
        )

with side_col:
    if not embed:
        selected = st.selectbox(
            "Selected city",
            list(cities),
            format_func=cities.get,
            key=key("city"),
            placeholder="Click a city or type a name",
        )
        if selected is None:
            st.caption("Click a city on the map, or type its name, to see its key facts here.")
        else:
            city = atlas.cities.loc[selected]
            st.markdown(f"**{md_text(city['name'])}**, {md_text(city['country_name'])}")
            row = view.cities.loc[selected] if selected in view.cities.index else None
            unit = str(atlas.indicators.at[indicator, "unit"])
            if row is None:
                st.caption("Outside the current filters.")
            elif row["value"] != row["value"]:  # NaN: no figure for this city
                st.metric(indicator_label(atlas, indicator), NO_DATA)
            else:
                st.metric(
                    indicator_label(atlas, indicator),
                    f"{format_number(row['value'])} {unit}",
                    help=f"{row['geography']} · {int(row['year'])} · {row['source']}",
                )
                st.caption(f"{md_text(row['geography'])}, {int(row['year'])}")
            population = city["population"]
            st.caption(
                "Population: "
                + (
                    NO_DATA
                    if population != population
                    else f"{int(population):,} ({population_basis(atlas, selected)})"
                )
            )
            reach = latest_figures(atlas, selected).set_index("indicator_id")["value"]
            counts = [
                f"{format_number(reach.get(ind, 0))} {label}"
                for ind, label in (
                    ("hubs_hosted", "hubs hosted"),
                    ("partnerships", "partnerships"),
                    ("network_memberships", "networks"),
                )
            ]
            st.caption(" · ".join(counts) + " (active, as listed in the Atlas)")
            st.page_link(
                "pages/profile.py",
                label="Open the city profile",
                icon=":material/location_city:",
                query_params={"city": selected},
            )
            briefing_button(atlas, [selected], key="map.briefing")
    if "cities" in layers and view.legend is not None:
        legend(
            legend_rows(view.legend),
            f"Cities: {view.legend['unit']}",
            presentation=present,
        )
        st.caption(md_text(view.legend["caption"]))
    if view.hub_types:
        legend(view.hub_types, "Hub type", presentation=present)
    if view.partnership_types:
        legend(
            view.partnership_types,
            "Partnership type",
            presentation=present,
        )
    if view.networks:
        legend(view.networks, "City network", presentation=present)

if embed:
    full_view_link("pages/map.py")
elif not present:
    with st.expander("Embed this map in an article"):
        st.caption(
            "Paste this into your page and replace the address with the Atlas's. The map "
            "shows exactly this view, without the Atlas's menus."
        )
        # a text box rather than st.code: st.code makes every Map visitor's browser fetch a
        # 1.5 MB syntax highlighter for a snippet a few of them copy
        st.text_area(
            "Embed code (HTML)",
            embed_snippet("map", url.view_query(SPECS, SCOPE)),
            height=110,
            help="Click in the box, select all (Ctrl+A or Cmd+A) and copy.",
        )

if not present and not embed and "cities" in layers:
    unit_of_indicator = str(atlas.indicators.at[indicator, "unit"])
    table = view.cities.loc[
        view.cities["value"].notna(),
        ["name", "country_name", "value", "year", "geography", "source", "source_id"],
    ].sort_values("value", ascending=not bool(atlas.indicators.at[indicator, "higher_is_better"]))
    # The grid is drawn on request: it is the only data grid on the page, and drawing it
    # makes every visitor's browser load the grid's scripts for a table most never open.
    show = st.toggle(
        f"Show the data behind the city layer ({len(table):,} cities with data)",
        key="map.show_table",
    )
    if show:
        capped_dataframe(
            table.drop(columns="source_id"),
            hide_index=True,
            width="stretch",
            column_config={
                "name": "City",
                "country_name": "Country",
                "value": st.column_config.NumberColumn(
                    f"{indicator_label(atlas, indicator)} ({unit_of_indicator})"
                ),
                "year": st.column_config.NumberColumn("Year", format="%d"),
                "geography": "Geography",
                "source": "Source",
            },
        )
    download_buttons(
        atlas,
        table,
        f"atlas-map-{indicator}",
        key="map.download",
        meta={"indicator": indicator, "filters": filters.describe(atlas)},
    )

url.remember(SPECS, SCOPE)
