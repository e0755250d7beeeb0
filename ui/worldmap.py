"""The world map of cities and hubs the Overview shows (pages compose builders, not layers)."""

from __future__ import annotations

import pandas as pd
import pydeck as pdk

from atlas.load import Atlas
from components import maps

# Whole inhabited world in a 3:2 frame, Pacific edge to Pacific edge.
WORLD_VIEW = {"latitude": 22.0, "longitude": 15.0, "zoom": 0.55}


def hub_frame(atlas: Atlas, city_ids: pd.Index) -> pd.DataFrame:
    hubs = atlas.hubs.loc[atlas.hubs["host_city_id"].isin(city_ids)]
    cities = atlas.cities
    return hubs.assign(
        latitude=hubs["host_city_id"].map(cities["latitude"]),
        longitude=hubs["host_city_id"].map(cities["longitude"]),
        host_city=hubs["host_city_id"].map(cities["name"]),
        source=hubs["source_id"].map(atlas.sources["publisher"]),
    )


def city_frame(atlas: Atlas, city_ids: pd.Index, indicator_id: str) -> pd.DataFrame:
    values = atlas.values.loc[atlas.values["indicator_id"] == indicator_id]
    latest = values.sort_values("year").drop_duplicates("city_id", keep="last").set_index("city_id")
    cities = atlas.cities.loc[city_ids]
    return cities.assign(
        value=latest["value"].reindex(cities.index),
        year=latest["year"].reindex(cities.index),
        source=latest["source_id"].reindex(cities.index).map(atlas.sources["publisher"]),
    )


def overview_deck(atlas: Atlas, city_ids: pd.Index, dark: bool = False) -> pdk.Deck:
    hubs = hub_frame(atlas, city_ids)
    colours = maps.hub_type_colours(atlas.hubs["type"])
    cat = atlas.indicators.loc["hubs_hosted"]
    cities = city_frame(atlas, city_ids, "hubs_hosted")
    layers = [
        maps.country_layer(maps.load_country_outlines(), dark=dark),
        maps.city_layer(
            cities,
            "value",
            str(cat["label"]),
            str(cat["unit"]),
            year_col="year",
            source_col="source",
            dark=dark,
            scale=0.6,
        ),
        maps.hub_layer(hubs, colours, dark=dark),
    ]
    return maps.build_deck(layers, view=WORLD_VIEW, dark=dark)
