"""The world map of cities and hubs the Overview shows (pages compose builders, not layers)."""

from __future__ import annotations

from collections.abc import Sequence

import pydeck as pdk

from atlas import mapdata
from atlas.load import Atlas
from components import map_colours, map_deck, map_points
from ui.cache import atlas_cached

# Whole inhabited world in a 3:2 frame, Pacific edge to Pacific edge.
WORLD_VIEW = {"latitude": 22.0, "longitude": 15.0, "zoom": 0.55}


@atlas_cached(resource=True, max_entries=16)
def overview_deck(
    atlas: Atlas, city_ids: Sequence[str], dark: bool = False
) -> tuple[pdk.Deck, str | None]:
    """The Overview's deck and what it left undrawn (None when it draws every row).

    Built once per data version, city set and theme.
    """
    cat = atlas.indicators.loc["hubs_hosted"]
    points = mapdata.city_points(atlas, city_ids, "hubs_hosted")
    cities = mapdata.cap_cities(points)
    hubs = mapdata.hub_points(atlas, city_ids)
    hub_dots = mapdata.cap_hubs(hubs)
    note = mapdata.cap_note(
        {"cities": (len(cities), len(points)), "hubs": (len(hub_dots), len(hubs))}
    )
    layers = [
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
