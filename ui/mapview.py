"""Streamlit glue for the Map page: its deck and legends, built once per distinct view and
reused across reruns, and the view as an SVG picture.

Building the layers walks every city, hub and arc in Python; a rerun that only changes the
selected city must not pay for that again, so decks are cached per view (data version, cities,
indicator, year, layers, theme, presentation). What a view holds and its captions are
``atlas.views.map``'s.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ParamSpec

import pandas as pd
import pydeck as pdk
import streamlit as st

from atlas import mapdata, terms
from atlas.i18n import _
from atlas.load import Atlas
from atlas.numbers import format_count, format_number, no_data
from atlas.views.map import indicator_label, map_rows, region_camera
from components import map_arcs, map_colours, map_deck, map_points, svgmap, theme
from ui.cache import atlas_cached

P = ParamSpec("P")


@dataclass(frozen=True)
class MapView:
    """One drawn view: the deck, its legends and the counts its captions read."""

    deck: pdk.Deck
    cities: pd.DataFrame  # the city layer's rows (value, year, source, geography)
    hub_types: list[tuple[str, str]]  # legend rows: (type's name in the run's language, colour)
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


def _drawing_spinner(build: Callable[P, MapView]) -> Callable[P, MapView]:
    """Say "Drawing the map…" (in the run's language) while a view is built.

    Here rather than in the cache decorator, whose text is fixed at import, before a run has
    chosen its language; like the decorator's, the spinner shows only after half a second, so
    a cached view never flashes it.
    """

    @functools.wraps(build)
    def with_spinner(*args: P.args, **kwargs: P.kwargs) -> MapView:
        with st.spinner(_("Drawing the map…")):
            return build(*args, **kwargs)

    return with_spinner


@_drawing_spinner
@atlas_cached(resource=True, max_entries=48)
def build_view(
    atlas: Atlas,
    city_ids: tuple[str, ...],
    indicator_id: str,
    year: int | None,
    layers: tuple[str, ...],
    networks: tuple[str, ...],
    dark: bool,
    presentation: bool,
    tiles: bool,
    *,
    region: str = "world",
    selected: str | None = None,
    ties: str = mapdata.DEFAULT_TIE_LIMIT,
    upto: int | None = None,
) -> MapView:
    """Assemble the deck for one view, once per data version and choices.

    The rows and counts are ``atlas.views.map.map_rows``'s (see it for `upto`, `selected` and
    `ties`); this draws them in the page's theme and presentation size.
    """
    rows = map_rows(
        atlas,
        city_ids,
        indicator_id,
        year,
        layers,
        networks,
        selected=selected,
        ties=ties,
        upto=upto,
    )
    cities, mine, others = rows.cities, rows.mine, rows.others
    scale = 1.5 if presentation else 1.0
    # Offline, build_deck lays the basemap picture underneath; over tiles, borders are drawn.
    deck_layers: list = (
        [map_deck.country_layer(map_deck.load_country_outlines(), dark=dark, filled=False)]
        if tiles
        else []
    )
    drawn: dict[str, tuple[int, int]] = {}
    hub_items: list[tuple[str, str]] = []
    pair_items: list[tuple[str, str]] = []
    network_items: list[tuple[str, str]] = []
    legend = None
    if len(mine) or len(others):
        colours = map_colours.partnership_type_colours(
            [*atlas.partnerships["type"].astype(str), map_arcs.SEVERAL_TYPES]
        )
        if len(others):
            faded = map_arcs.TIE_FADED_ALPHA if len(mine) else map_arcs.TIE_ALPHA
            deck_layers.append(
                map_arcs.tie_layer(
                    others, colours, alpha=faded, width=scale, layer_id="partnerships"
                )
            )
        if len(mine):
            deck_layers.append(
                map_arcs.tie_layer(
                    mine,
                    colours,
                    alpha=map_arcs.TIE_SELECTED_ALPHA,
                    width=scale * map_arcs.TIE_SELECTED_WIDTH,
                    layer_id="partnerships_selected",
                )
            )
        used = set(mine["type"]) | set(others["type"])
        pair_items = [(terms.partnership_type(k), c) for k, c in colours.items() if k in used]
    if "cities" in layers:
        row = atlas.indicators.loc[indicator_id]
        label, unit = indicator_label(atlas, indicator_id), str(row["unit"])
        higher = bool(row["higher_is_better"])
        dots = mapdata.cap_cities(cities, higher)
        drawn["cities"] = (len(dots), len(cities))
        deck_layers.append(
            map_points.city_layer(
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
        years = map_colours.year_span(cities["year"].dropna())
        legend = map_colours.continuous_legend(
            cities["value"],
            label=label,
            unit=unit,
            year=years or (str(rows.value_year) if rows.value_year else _("latest")),
            higher_is_better=higher,
        )
    if rows.members is not None:
        members = rows.members
        colours = map_colours.network_colours(atlas.networks.index)
        rings = mapdata.cap_members(members)
        deck_layers.append(map_arcs.membership_layer(rings, colours, scale=scale))
        drawn["memberships"] = (len(rings), len(members))
        used = set(members["network_id"])
        names = atlas.networks["name"].to_dict()
        network_items = [(names.get(k, k), c) for k, c in colours.items() if k in used]
    if "hubs" in layers:
        hubs = rows.hubs
        colours = map_colours.hub_type_colours(atlas.hubs["type"])
        hub_dots = mapdata.cap_hubs(hubs)
        deck_layers.append(map_points.hub_layer(hub_dots, colours, dark=dark, scale=scale))
        drawn["hubs"] = (len(hub_dots), len(hubs))
        used = set(hubs["type"])
        hub_items = [(terms.hub_type(k), c) for k, c in colours.items() if k in used]
    deck = map_deck.build_deck(
        deck_layers,
        view=region_camera(region, presentation),
        dark=dark,
        presentation=presentation,
        tiles=tiles,
    )
    return MapView(
        deck=deck,
        cities=cities,
        hub_types=hub_items,
        partnership_types=pair_items,
        networks=network_items,
        legend=legend,
        counts=rows.counts,
        json_bytes=map_deck.deck_json_size(deck),
        drawn=drawn,
    )


def legend_rows(spec: dict, steps: int = 5) -> list[tuple[str, str]]:
    """A continuous legend as (label, colour) rows, best value first, then 'no data'.

    Colours come from the same function the city layer uses, so legend and dots cannot differ.
    """
    if spec["min"] is None:
        return [(no_data(), spec["no_data_colour"])]
    low, high = spec["min"], spec["max"]
    higher = spec["higher_is_better"]
    whole = bool(spec.get("integers"))
    rows: list[tuple[str, str]] = []
    seen: set[float] = set()
    for i in range(steps):
        fraction = 1 - i / (steps - 1)  # brightest (best) first
        value = low + (high - low) * (fraction if higher else 1 - fraction)
        if whole:
            # a count or rank has no "13.5": round the step and colour it where it falls
            value = float(round(value))
            if value in seen:
                continue
            seen.add(value)
            span = high - low
            fraction = 1.0 if span == 0 else (value - low) / span
            fraction = fraction if higher else 1 - fraction
        rows.append((format_number(value), theme.sequential_colour(fraction)))
    if spec["no_data_count"]:
        label = _("{no_data} ({n})").format(
            no_data=no_data(), n=format_count(spec["no_data_count"])
        )
        rows.append((label, spec["no_data_colour"]))
    return rows


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
        elif layer.id in ("partnerships", "partnerships_selected"):
            for r in records:
                (lon_a, lat_a), (lon_b, lat_b) = r["source_pos"], r["target_pos"]
                label = html.unescape(r["tt_title"])
                arcs.append(svgmap.Arc(lat_a, lon_a, lat_b, lon_b, _hex(r["colour"]), label))
    return svgmap.world_svg(map_deck.load_country_outlines(), dots, arcs, width=1200, title=title)
