"""The world map of cities and hubs the Overview shows (pages compose builders, not layers)."""

from __future__ import annotations

import pandas as pd
import pydeck as pdk
import streamlit as st

from atlas import mapdata
from atlas.load import Atlas
from components import map_colours, map_deck, map_points

# Whole inhabited world in a 3:2 frame, Pacific edge to Pacific edge.
WORLD_VIEW = {"latitude": 22.0, "longitude": 15.0, "zoom": 0.55}


def overview_deck(
    atlas: Atlas, city_ids: pd.Index, dark: bool = False
) -> tuple[pdk.Deck, str | None]:
    """The Overview's deck and what it left undrawn (None when it draws every row).

    Built once per data version, city set and theme.
    """
    return _overview_deck(atlas, atlas.version, tuple(city_ids), dark)


@st.cache_resource(max_entries=16, show_spinner=False)
def _overview_deck(
    _atlas: Atlas, version: str, city_ids: tuple[str, ...], dark: bool
) -> tuple[pdk.Deck, str | None]:
    atlas = _atlas
    cat = atlas.indicators.loc["hubs_hosted"]
    points = mapdata.city_points(atlas, city_ids, "hubs_hosted")
    cities = mapdata.cap_cities(points)
    hubs = mapdata.hub_points(atlas, city_ids)
    hub_dots = mapdata.cap_hubs(hubs)
    note = mapdata.cap_note(
        {"cities": (len(cities), len(points)), "hubs": (len(hub_dots), len(hubs))}
    )
    layers = [
        map_deck.country_layer(map_deck.load_country_outlines(), dark=dark),
        map_points.city_layer(
            cities,
            "value",
            str(cat["label"]),
            str(cat["unit"]),
            year_col="year",
            source_col="source",
            dark=dark,
            scale=0.6,
        ),
        map_points.hub_layer(hub_dots, map_colours.hub_type_colours(atlas.hubs["type"]), dark=dark),
    ]
    return map_deck.build_deck(layers, view=WORLD_VIEW, dark=dark), note
