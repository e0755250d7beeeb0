"""Map: cities sized and coloured by any indicator, hubs, partnership arcs and network rings.

Made for a projector in a room with poor Wi-Fi: the map draws its own country outlines, and a
presentation mode hides everything but the map, its legend and the selected city.
"""

from __future__ import annotations

import streamlit as st

from atlas import mapdata
from atlas.citation import markdown_line
from atlas.cityfacts import latest_figures, population_basis
from atlas.filters import city_ids
from atlas.i18n import _, ngettext
from atlas.numbers import format_count, format_number, no_data
from atlas.text import md_text
from atlas.urlstate import BoolParam, Choice, MultiChoice, OptionalChoice
from atlas.views.map import (
    DEFAULT_LAYERS,
    indicator_label,
    indicator_options,
    layer_names,
    picked_city,
    region_names,
    ties_caption,
    timeline_caption,
)
from components.map_base import hub_status_key
from ui import url
from ui.briefing import briefing_button, svg_button
from ui.data import get_atlas
from ui.downloads import download_buttons
from ui.embed import embed_snippet, embedded, full_view_link
from ui.facts import city_label, city_picker_labels, legend
from ui.filters import current_filters
from ui.mapview import build_view, legend_rows, view_svg
from ui.presentation import presentation_style
from ui.rowcap import capped_dataframe
from ui.timeline import (
    NOW,
    apply_pending,
    chosen_year,
    keep_playing,
    pause,
    play_button,
    year_options,
)
from ui.views import city_map_text

SCOPE = "map"
# Separate keys per mode, so entering presentation mode starts from its own framing of the
# world instead of keeping the smaller map's zoom.
# Separate keys per region view too, so a region button moves the camera to that region.
DECK_KEYS = {False: "map_deck", True: "map_deck_present"}
LAST_PICK = "_map_last_pick"

atlas = get_atlas()
filters = current_filters()
indicators = indicator_options(atlas)
cities = city_label(atlas)
years = year_options(atlas)
layers_named = layer_names()
regions = region_names()
tie_limits = mapdata.tie_limit_names()
# the labels name a link's parameters in the notes about values it could not use
SPECS = [
    MultiChoice("layers", layers_named, default=DEFAULT_LAYERS, label=_("layers")),
    Choice("indicator", indicators, default="hubs_hosted", label=_("indicator")),
    OptionalChoice("city", cities, label=_("city")),
    Choice("view", regions, default="world", label=_("region view")),
    Choice("upto", years, default=NOW, label=_("map year")),
    Choice("ties", tie_limits, default=mapdata.DEFAULT_TIE_LIMIT, label=_("ties drawn")),
    BoolParam("present", default=False, label=_("presentation mode")),
    BoolParam("tiles", default=False, label=_("online basemap")),
]
notes = url.bind(SPECS, SCOPE)


def key(name: str) -> str:
    return f"{SCOPE}.{name}"


def deck_key(present: bool, region: str) -> str:
    return f"{DECK_KEYS[present]}.{region}"


apply_pending(key("upto"))
# A click on a city dot (reported by the previous run's chart) selects that city.
present = bool(st.session_state.get(key("present")))
region = st.session_state.get(key("view")) or "world"
pick = picked_city(st.session_state.get(deck_key(present, region)))
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
    ties = st.session_state.get(key("ties")) or mapdata.DEFAULT_TIE_LIMIT
    upto = chosen_year(st.session_state.get(key("upto")))
    url.show_notes(st.session_state.get("_link_notes", []) + notes)
else:
    title_col, toggle_col = st.columns([4, 1], vertical_alignment="bottom")
    with title_col:
        st.title(_("Map of science diplomacy"))
    with toggle_col:
        st.toggle(
            _("Presentation mode"),
            key=key("present"),
            persist_state="session",
            help=_(
                "Hides the sidebar and menus, enlarges type and legends and lets the map fill "
                "the screen. Switch it off to get the normal view back."
            ),
        )
    url.show_notes(st.session_state.get("_link_notes", []) + notes)

    region_col, play_col, year_col = st.columns([10, 3, 7], vertical_alignment="bottom")
    with region_col:
        st.segmented_control(
            _("Region"),
            list(regions),
            format_func=regions.get,
            key=key("view"),
            persist_state="session",
            required=True,
            wrap=True,  # on a phone the five regions take two rows instead of scrolling
            help=_(
                "Moves the map to a region; the data shown stays the same (filters are in "
                "the sidebar)."
            ),
        )
    with play_col:
        play_button(key("upto"), years)
    with year_col:
        st.select_slider(
            _("Year on the map"),
            list(years),
            format_func=years.get,
            key=key("upto"),
            persist_state="session",
            on_change=pause,
            help=_(
                "Hubs open and agreements signed up to this year. '{today}' shows everything "
                "the Atlas lists, including what has no recorded year."
            ).format(today=years[NOW]),
        )
    upto = chosen_year(st.session_state.get(key("upto")))
    count_slot = st.empty()

    settings = st.expander(_("Layers and indicator"), expanded=False) if present else st.container()
    with settings:
        layer_col, indicator_col, ties_col = st.columns([11, 5, 4], vertical_alignment="bottom")
        with layer_col:
            layers = st.pills(
                _("Layers"),
                list(layers_named),
                selection_mode="multi",
                format_func=layers_named.get,
                key=key("layers"),
                persist_state="session",
            )
        with indicator_col:
            indicator = st.selectbox(
                _("Size and colour cities by"),
                list(indicators),
                format_func=indicators.get,
                key=key("indicator"),
                persist_state="session",
                help=_("Any indicator in the catalogue. Grey dots: no data for that city."),
            )
        ties = ties_col.selectbox(
            _("Partnership arcs to draw"),
            list(tie_limits),
            format_func=tie_limits.get,
            key=key("ties"),
            persist_state="session",
            help=_(
                "One arc per pair of partner cities, as wide as the number of agreements "
                "between them; the strongest ties first. A selected city's ties are always drawn."
            ),
        )

tiles = bool(st.session_state.get(key("tiles")))  # its toggle sits under the map
ids = city_ids(atlas, filters)
dark = getattr(st.context.theme, "type", None) == "dark"
if filters.active:
    st.caption(
        ngettext(
            "Filtered: {filters} · {n} of {total} city.",
            "Filtered: {filters} · {n} of {total} cities.",
            len(atlas.cities),
        ).format(
            filters=filters.describe(atlas),
            n=format_count(len(ids)),
            total=format_count(len(atlas.cities)),
        )
    )

if len(ids) == 0:
    st.warning(
        _(
            "No city matches the filters in the sidebar, so the map is empty. Remove a region, "
            "country or network filter to see cities again."
        ),
        icon=":material/filter_alt_off:",
    )
    st.stop()
if not layers:
    st.info(
        _("No layer is switched on: choose {cities}, {hubs}, {arcs} or {networks} above.").format(
            cities=layers_named["cities"],
            hubs=layers_named["hubs"],
            arcs=layers_named["partnerships"],
            networks=layers_named["networks"],
        ),
        icon=":material/layers:",
    )

view = build_view(
    atlas,
    tuple(ids),
    indicator,
    filters.year,
    tuple(layers),
    filters.networks,
    dark,
    present,
    tiles,
    region=region,
    selected=st.session_state.get(key("city")),
    ties=ties,
    upto=upto,
)
if not embed:
    count_slot.caption(md_text(timeline_caption(view.counts, upto)))

map_col, side_col = st.columns([4, 1] if present else [3, 1])
with map_col:
    st.pydeck_chart(
        view.deck,
        height=760 if present else 560,
        on_select="rerun",
        selection_mode="single-object",
        key=deck_key(present, region),
        alt=_("World map of the Atlas's cities, diplomacy hubs, partnerships and networks"),
    )
    counts = view.counts
    shown = []
    if "cities" in layers:
        shown.append(
            ngettext(
                "{n} city ({with_data} with data for {label})",
                "{n} cities ({with_data} with data for {label})",
                counts["cities"],
            ).format(
                n=format_count(counts["cities"]),
                with_data=format_count(counts["cities_with_data"]),
                label=indicator_label(atlas, indicator),
            )
        )
    if "hubs" in layers:
        shown.append(
            ngettext("{n} hub", "{n} hubs", counts["hubs"]).format(n=format_count(counts["hubs"]))
        )
    if counts["ties_drawn"]:
        shown.append(ties_caption(counts))
    if "networks" in layers:
        shown.append(
            ngettext(
                "{n} network membership", "{n} network memberships", counts["memberships"]
            ).format(n=format_count(counts["memberships"]))
        )
    if "partnerships" not in layers and not counts["ties_selected"]:
        st.caption(
            ngettext(
                "Partnership arcs are off so the cities stay readable ({n} pair of partner "
                "cities in this view). Switch on {arcs}, or select a city to see its partners.",
                "Partnership arcs are off so the cities stay readable ({n} pairs of partner "
                "cities in this view). Switch on {arcs}, or select a city to see its partners.",
                counts["ties"],
            ).format(n=format_count(counts["ties"]), arcs=layers_named["partnerships"])
        )
    if shown:
        # Translators: {parts} lists what the view shows: "443 cities (...), 637 hubs"
        st.caption(
            _(
                "In this view: {parts}. Hover a dot or arc for its value, unit, year and "
                "source; click a city to see its key facts."
            ).format(parts=", ".join(shown))
        )
    if view.cap_note:
        st.caption(md_text(view.cap_note))
    if "cities" in layers:
        st.caption(markdown_line(atlas.sources, view.cities["source_id"].dropna().tolist()))
        city_map_text(atlas, view.cities, indicator, key="map.map_text")
    if not embed:
        st.toggle(
            _("Online basemap"),
            key=key("tiles"),
            persist_state="session",
            help=_(
                "Adds street-map tiles when the internet is available. The map is complete "
                "without them: country outlines are bundled with the Atlas."
            ),
        )
    svg_button(
        lambda: view_svg(
            view,
            # Translators: the title of the map saved as a picture; the Atlas's name stays
            # in English
            _("City Science Diplomacy Atlas: {label}").format(
                label=indicator_label(atlas, indicator)
            ),
        ),
        f"atlas-map-{indicator}",
        key="map.svg",
    )
    if tiles:
        st.caption(
            _(
                "Online basemap on: tiles come from Carto when the internet is available; the "
                "bundled country outlines stay on top in case they do not."
            )
        )

with side_col:
    if not embed:
        selected = st.selectbox(
            _("Selected city"),
            list(picker := city_picker_labels(atlas)),
            format_func=picker.get,
            key=key("city"),
            persist_state="session",
            placeholder=_("Click a city or type a name"),
        )
        if selected is None:
            st.caption(_("Click a city on the map, or type its name, to see its key facts here."))
        else:
            city = atlas.cities.loc[selected]
            st.markdown(f"**{md_text(city['name'])}**, {md_text(city['country_name'])}")
            row = view.cities.loc[selected] if selected in view.cities.index else None
            unit = str(atlas.indicators.at[indicator, "unit"])
            if row is None:
                st.caption(_("Outside the current filters."))
            elif row["value"] != row["value"]:  # NaN: no figure for this city
                st.metric(indicator_label(atlas, indicator), no_data())
            else:
                st.metric(
                    indicator_label(atlas, indicator),
                    # Translators: a figure and its unit on the selected city's card
                    _("{value} {unit}").format(value=format_number(row["value"]), unit=unit),
                    help=f"{row['geography']} · {int(row['year'])} · {row['source']}",
                )
                st.caption(f"{md_text(row['geography'])}, {int(row['year'])}")
            population = city["population"]
            st.caption(
                _("Population: {figure}").format(
                    figure=no_data()
                    if population != population
                    else _("{n} ({basis})").format(
                        n=format_count(int(population)),
                        basis=population_basis(atlas, selected),
                    )
                )
            )
            reach = latest_figures(atlas, selected).set_index("indicator_id")["value"]
            hosted = int(reach.get("hubs_hosted", 0))
            agreements = int(reach.get("partnerships", 0))
            networks = int(reach.get("network_memberships", 0))
            # Translators: the selected city's reach, e.g. "3 hubs hosted · 12 partnerships ·
            # 5 networks"; each count is its own plural message
            st.caption(
                _("{hubs} · {partnerships} · {networks} (active, as listed in the Atlas)").format(
                    hubs=ngettext("{n} hub hosted", "{n} hubs hosted", hosted).format(
                        n=format_count(hosted)
                    ),
                    partnerships=ngettext("{n} partnership", "{n} partnerships", agreements).format(
                        n=format_count(agreements)
                    ),
                    networks=ngettext("{n} network", "{n} networks", networks).format(
                        n=format_count(networks)
                    ),
                )
            )
            st.page_link(
                "pages/profile.py",
                label=_("Open the city profile"),
                icon=":material/location_city:",
                query_params={"city": selected},
            )
            briefing_button(atlas, [selected], key="map.briefing")
    if "cities" in layers and view.legend is not None:
        legend(
            legend_rows(view.legend),
            _("Cities: {unit}").format(unit=view.legend["unit"]),
            presentation=present,
        )
        st.caption(md_text(view.legend["caption"]))
    if view.hub_types:
        legend(view.hub_types, _("Hub type"), presentation=present)
        st.caption(hub_status_key())
    if view.partnership_types:
        legend(
            view.partnership_types,
            _("Partnership type"),
            presentation=present,
        )
    if view.networks:
        legend(view.networks, _("City network"), presentation=present)

if embed:
    full_view_link("pages/map.py")
elif not present:
    with st.expander(_("Embed this map in an article")):
        st.caption(
            _(
                "Paste this into your page and replace the address with the Atlas's. The map "
                "shows exactly this view, without the Atlas's menus."
            )
        )
        # a text box rather than st.code: st.code makes every Map visitor's browser fetch a
        # 1.5 MB syntax highlighter for a snippet a few of them copy
        st.text_area(
            _("Embed code (HTML)"),
            embed_snippet("map", url.view_query(SPECS, SCOPE)),
            height=110,
            help=_("Click in the box, select all (Ctrl+A or Cmd+A) and copy."),
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
        ngettext(
            "Show the data behind the city layer ({n} city with data)",
            "Show the data behind the city layer ({n} cities with data)",
            len(table),
        ).format(n=format_count(len(table))),
        key="map.show_table",
    )
    if show:
        capped_dataframe(
            table.drop(columns="source_id"),
            hide_index=True,
            width="stretch",
            column_config={
                "name": _("City"),
                "country_name": _("Country"),
                "value": st.column_config.NumberColumn(
                    _("{label} ({unit})").format(
                        label=indicator_label(atlas, indicator), unit=unit_of_indicator
                    )
                ),
                "year": st.column_config.NumberColumn(_("Year"), format="%d"),
                "geography": _("Geography"),
                "source": _("Source"),
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
if not embed:
    keep_playing(key("upto"), years)
