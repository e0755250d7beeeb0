"""The Map page's deck and legends, built once per distinct view and reused across reruns.

Building the layers walks every city, hub and arc in Python; a rerun that only changes the
selected city must not pay for that again, so decks are cached per view (data version, cities,
indicator, year, layers, theme, presentation).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import pydeck as pdk
import streamlit as st

from atlas import mapdata
from atlas.load import Atlas
from atlas.schema import INDICATOR_GROUPS
from components import maps, svgmap, theme

LAYERS = {
    "cities": "Cities",
    "hubs": "Diplomacy hubs",
    "partnerships": "Partnership arcs",
    "networks": "City networks",
}
DEFAULT_LAYERS = ("cities", "hubs", "partnerships")
WORLD_VIEW = {"latitude": 22.0, "longitude": 15.0, "zoom": 0.75}
PRESENTATION_VIEW = {"latitude": 25.0, "longitude": 12.0, "zoom": 1.15}


@dataclass(frozen=True)
class MapView:
    deck: pdk.Deck
    cities: pd.DataFrame  # the city layer's rows (value, year, source, geography)
    hub_types: list[tuple[str, str]]
    partnership_types: list[tuple[str, str]]
    networks: list[tuple[str, str]]
    legend: dict | None  # continuous legend spec of the city indicator
    counts: dict[str, int]
    json_bytes: int
    drawn: dict[str, tuple[int, int]]  # layer -> (rows drawn, rows in the view)

    @property
    def cap_note(self) -> str | None:
        """What a layer left undrawn to keep the page light (None when all is drawn)."""
        return mapdata.cap_note(self.drawn)


def indicator_label(atlas: Atlas, indicator_id: str) -> str:
    row = atlas.indicators.loc[indicator_id]
    suffix = {"user": " (your data)", "index": " (your index)"}.get(str(row.get("origin")), "")
    return f"{row['label']}{suffix}"


def indicator_options(atlas: Atlas) -> dict[str, str]:
    """Catalogue ids -> labels, grouped as the catalogue groups them."""
    order = {group: i for i, group in enumerate(INDICATOR_GROUPS)}
    cat = atlas.indicators
    ids = sorted(cat.index, key=lambda i: (order.get(cat.at[i, "group"], 9), cat.at[i, "label"]))
    return {i: indicator_label(atlas, i) for i in ids}


@st.cache_resource(max_entries=48, show_spinner="Drawing the map…")
def build_view(
    _atlas: Atlas,
    version: str,
    city_ids: tuple[str, ...],
    indicator_id: str,
    year: int | None,
    layers: tuple[str, ...],
    networks: tuple[str, ...],
    dark: bool,
    presentation: bool,
    tiles: bool,
) -> MapView:
    """Assemble the deck for one view. `version` keys the cache; `_atlas` is not hashed."""
    atlas = _atlas
    scale = 1.5 if presentation else 1.0
    outline = maps.country_layer(maps.load_country_outlines(), dark=dark, filled=not tiles)
    deck_layers: list = [outline]
    counts: dict[str, int] = {}
    drawn: dict[str, tuple[int, int]] = {}
    hub_items: list[tuple[str, str]] = []
    pair_items: list[tuple[str, str]] = []
    network_items: list[tuple[str, str]] = []
    legend = None
    cities = mapdata.city_points(atlas, city_ids, indicator_id, year)
    if "partnerships" in layers:
        pairs = mapdata.partnership_pairs(atlas, city_ids, year)
        colours = maps.partnership_type_colours(atlas.partnerships["type"])
        arcs = mapdata.cap_pairs(pairs)
        deck_layers.append(maps.partnership_layer(arcs, colours, scale=scale))
        counts["partnerships"] = len(pairs)
        drawn["partnerships"] = (len(arcs), len(pairs))
        used = set(pairs["type"])
        pair_items = [(k, c) for k, c in colours.items() if k in used]
    if "cities" in layers:
        row = atlas.indicators.loc[indicator_id]
        label, unit = indicator_label(atlas, indicator_id), str(row["unit"])
        higher = bool(row["higher_is_better"])
        dots = mapdata.cap_cities(cities, higher)
        drawn["cities"] = (len(dots), len(cities))
        deck_layers.append(
            maps.city_layer(
                dots,
                "value",
                label,
                unit,
                year_col="year",
                source_col="source",
                geo_col="geography",
                higher_is_better=higher,
                dark=dark,
                scale=scale,
            )
        )
        counts["cities"] = len(cities)
        counts["cities_with_data"] = int(cities["value"].notna().sum())
        years = maps.year_span(cities["year"].dropna())
        legend = maps.continuous_legend(
            cities["value"],
            label=label,
            unit=unit,
            year=years or (str(year) if year else "latest"),
            higher_is_better=higher,
        )
    if "networks" in layers:
        members = mapdata.membership_points(atlas, city_ids, networks)
        colours = maps.network_colours(atlas.networks.index)
        rings = mapdata.cap_members(members)
        deck_layers.append(maps.membership_layer(rings, colours, scale=scale))
        counts["memberships"] = len(members)
        drawn["memberships"] = (len(rings), len(members))
        used = set(members["network_id"])
        names = atlas.networks["name"].to_dict()
        network_items = [(names.get(k, k), c) for k, c in colours.items() if k in used]
    if "hubs" in layers:
        hubs = mapdata.hub_points(atlas, city_ids, year)
        colours = maps.hub_type_colours(atlas.hubs["type"])
        hub_dots = mapdata.cap_hubs(hubs)
        deck_layers.append(maps.hub_layer(hub_dots, colours, dark=dark, scale=scale))
        counts["hubs"] = len(hubs)
        drawn["hubs"] = (len(hub_dots), len(hubs))
        used = set(hubs["type"])
        hub_items = [(k, c) for k, c in colours.items() if k in used]
    view = PRESENTATION_VIEW if presentation else WORLD_VIEW
    deck = maps.build_deck(
        deck_layers, view=view, dark=dark, presentation=presentation, tiles=tiles
    )
    return MapView(
        deck=deck,
        cities=cities,
        hub_types=hub_items,
        partnership_types=pair_items,
        networks=network_items,
        legend=legend,
        counts=counts,
        json_bytes=maps.deck_json_size(deck),
        drawn=drawn,
    )


def legend_rows(spec: dict, steps: int = 5) -> list[tuple[str, str]]:
    """A continuous legend as (label, colour) rows, best value first, then 'no data'.

    Colours come from the same function the city layer uses, so legend and dots cannot differ.
    """
    if spec["min"] is None:
        return [(maps.NO_DATA, spec["no_data_colour"])]
    low, high = spec["min"], spec["max"]
    higher = spec["higher_is_better"]
    rows = []
    for i in range(steps):
        fraction = 1 - i / (steps - 1)  # brightest (best) first
        value = low + (high - low) * (fraction if higher else 1 - fraction)
        rows.append((maps.format_number(value), theme.sequential_colour(fraction)))
    if spec["no_data_count"]:
        rows.append((f"{maps.NO_DATA} ({spec['no_data_count']})", spec["no_data_colour"]))
    return rows


def picked_city(event: object) -> str | None:
    """The city a click selected: a city dot, or the host city of a hub or network ring."""
    try:
        objects = event.selection.objects  # type: ignore[attr-defined]
    except AttributeError:
        return None
    for layer in ("cities", "hubs", "memberships"):
        for obj in (objects or {}).get(layer, []) or []:
            city_id = obj.get("city_id") if isinstance(obj, dict) else None
            if city_id:
                return str(city_id)
    return None


def _hex(rgba: Sequence[int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgba[:3])


def view_svg(view: MapView, title: str) -> str:
    """The map view as a standalone SVG picture: same dots, colours and arcs as on screen."""
    dots: list[svgmap.Dot] = []
    arcs: list[svgmap.Arc] = []
    for layer in view.deck.layers:
        records = layer.data if isinstance(layer.data, list) else []
        if layer.id in ("cities", "hubs"):
            for r in records:
                label = html.unescape(f"{r['tt_title']}: {r['tt_body']}").replace("\n", "; ")
                dots.append(svgmap.Dot(r["lat"], r["lon"], r["radius"], _hex(r["fill"]), label))
        elif layer.id == "partnerships":
            for r in records:
                (lon_a, lat_a), (lon_b, lat_b) = r["source_pos"], r["target_pos"]
                label = html.unescape(r["tt_title"])
                arcs.append(svgmap.Arc(lat_a, lon_a, lat_b, lon_b, _hex(r["colour"]), label))
    return svgmap.world_svg(maps.load_country_outlines(), dots, arcs, width=1200, title=title)
