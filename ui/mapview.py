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

from atlas import mapdata
from atlas.load import Atlas
from atlas.numbers import NO_DATA, format_number
from atlas.schema import INDICATOR_GROUPS
from components import map_arcs, map_colours, map_deck, map_points, svgmap, theme
from ui.cache import atlas_cached

LAYERS = {
    "cities": "Cities",
    "hubs": "Diplomacy hubs",
    "partnerships": "Partnership arcs",
    "networks": "City networks",
}
# Arcs are not on by default: hundreds of them at once hide the cities (see atlas.mapdata ties).
DEFAULT_LAYERS = ("cities", "hubs")
REGION_VIEWS = {
    "world": "World",
    "europe": "Europe",
    "americas": "Americas",
    "asia-pacific": "Asia-Pacific",
    "africa-middle-east": "Africa and the Middle East",
}
# Camera per region: (latitude, longitude, zoom on the page's map, zoom in presentation mode).
# The page's map is about 700 x 560 px beside the sidebar on a 1,440 px laptop, so the world
# view is zoomed out until the whole world (Alaska to New Zealand) fits 700 px; presentation
# mode's map is about 1,500 x 760 px on a 1,920 x 1,080 projector. Each region view frames
# the whole region at both sizes.
_REGION_CAMERAS = {
    "world": (22.0, 12.0, 0.45, 1.15),
    "europe": (51.0, 12.0, 2.6, 3.0),
    "americas": (12.0, -78.0, 1.3, 1.8),
    "asia-pacific": (12.0, 128.0, 1.5, 2.1),
    "africa-middle-east": (8.0, 28.0, 1.9, 2.5),
}


def region_camera(region: str, presentation: bool = False) -> dict[str, float]:
    """The initial view state (latitude, longitude, zoom) of a region view."""
    lat, lon, zoom, present_zoom = _REGION_CAMERAS.get(region, _REGION_CAMERAS["world"])
    return {"latitude": lat, "longitude": lon, "zoom": present_zoom if presentation else zoom}


WORLD_VIEW = region_camera("world")
PRESENTATION_VIEW = region_camera("world", presentation=True)


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


@atlas_cached(resource=True, max_entries=48, show_spinner="Drawing the map…")
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

    `upto` is the year of the Map's time control: hubs open and agreements signed by then,
    undated ones left out (counted in `counts`). Without it the sidebar `year` applies as on
    every page. `selected` draws that city's ties whatever the layers; `ties` is how many of
    the others the partnership layer draws (a TIE_LIMITS id).
    """
    scale = 1.5 if presentation else 1.0
    outline = map_deck.country_layer(map_deck.load_country_outlines(), dark=dark, filled=not tiles)
    deck_layers: list = [outline]
    counts: dict[str, int] = {}
    drawn: dict[str, tuple[int, int]] = {}
    hub_items: list[tuple[str, str]] = []
    pair_items: list[tuple[str, str]] = []
    network_items: list[tuple[str, str]] = []
    legend = None
    # a year on the time control also dates the city figures: a 1990 map must not show
    # today's counts (cities without a figure by then are "no data")
    value_year = min((y for y in (year, upto) if y is not None), default=None)
    cities = mapdata.city_points(atlas, city_ids, indicator_id, value_year)
    if upto is None:
        all_hubs = mapdata.hub_points(atlas, city_ids, year)
        pairs = mapdata.partnership_pairs(atlas, city_ids, year)
    else:
        hubs_here = mapdata.hub_points(atlas, city_ids)
        pairs_here = mapdata.partnership_pairs(atlas, city_ids)
        undated = mapdata.undated_counts(hubs_here, pairs_here)
        counts["undated_hubs"] = undated["hubs"]
        counts["undated_partnerships"] = undated["partnerships"]
        all_hubs = mapdata.hubs_open_in(hubs_here, value_year)
        pairs = mapdata.pairs_signed_by(pairs_here, value_year)
    counts["hubs"] = len(all_hubs)
    closed = all_hubs["status"].astype(str) == "closed"
    counts["closed_hubs_undated"] = int((closed & mapdata.closing_years(all_hubs).isna()).sum())
    counts["partnerships"] = len(pairs)
    city_ties = mapdata.city_ties(pairs)
    counts["ties"] = len(city_ties)
    chosen = selected if selected in set(city_ids) else None
    mine, others = mapdata.split_ties(city_ties, chosen, mapdata.tie_limit(ties))
    if "partnerships" not in layers:
        others = others.iloc[0:0]
    counts["ties_selected"] = len(mine)
    counts["ties_drawn"] = len(others) + len(mine)
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
        pair_items = [(k, c) for k, c in colours.items() if k in used]
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
        counts["cities"] = len(cities)
        counts["cities_with_data"] = int(cities["value"].notna().sum())
        years = map_colours.year_span(cities["year"].dropna())
        legend = map_colours.continuous_legend(
            cities["value"],
            label=label,
            unit=unit,
            year=years or (str(value_year) if value_year else "latest"),
            higher_is_better=higher,
        )
    if "networks" in layers:
        members = mapdata.membership_points(atlas, city_ids, networks)
        colours = map_colours.network_colours(atlas.networks.index)
        rings = mapdata.cap_members(members)
        deck_layers.append(map_arcs.membership_layer(rings, colours, scale=scale))
        counts["memberships"] = len(members)
        drawn["memberships"] = (len(rings), len(members))
        used = set(members["network_id"])
        names = atlas.networks["name"].to_dict()
        network_items = [(names.get(k, k), c) for k, c in colours.items() if k in used]
    if "hubs" in layers:
        hubs = all_hubs
        colours = map_colours.hub_type_colours(atlas.hubs["type"])
        hub_dots = mapdata.cap_hubs(hubs)
        deck_layers.append(map_points.hub_layer(hub_dots, colours, dark=dark, scale=scale))
        drawn["hubs"] = (len(hub_dots), len(hubs))
        used = set(hubs["type"])
        hub_items = [(k, c) for k, c in colours.items() if k in used]
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
        counts=counts,
        json_bytes=map_deck.deck_json_size(deck),
        drawn=drawn,
    )


def timeline_caption(counts: dict[str, int], upto: int | None) -> str:
    """What the year control shows, with the hubs and agreements it cannot place in time."""
    if upto is None:
        text = (
            f"Today: {counts['hubs']:,} hubs and {counts['partnerships']:,} agreements, "
            "with or without a recorded year."
        )
    else:
        text = (
            f"In {upto}: {counts['hubs']:,} hubs open and {counts['partnerships']:,} "
            f"agreements signed. Left out of every year as they have no recorded year: "
            f"{counts.get('undated_hubs', 0):,} hubs and "
            f"{counts.get('undated_partnerships', 0):,} agreements."
        )
    closed = counts.get("closed_hubs_undated", 0)
    if closed:
        noun = "hub has" if closed == 1 else "hubs have"
        text += (
            f" {closed:,} closed {noun} no recorded closing year and "
            + ("is" if closed == 1 else "are")
            + " drawn faded from opening on."
        )
    return text


def ties_caption(counts: dict[str, int]) -> str:
    """'the 50 strongest of 392 pairs of partner cities (396 agreements), 342 more counted'."""
    total, drawn, mine = counts["ties"], counts["ties_drawn"], counts["ties_selected"]
    agreements = counts["partnerships"]
    others_total, others_drawn = total - mine, drawn - mine
    parts = []
    if mine:
        parts.append(f"the selected city's {mine:,} partner cities highlighted")
    if others_drawn:
        if others_drawn < others_total:
            parts.append(
                f"the {others_drawn:,} strongest of {others_total:,} other pairs of partner "
                f"cities ({others_total - others_drawn:,} more counted, not drawn)"
                if mine
                else f"the {others_drawn:,} strongest of {total:,} pairs of partner cities "
                f"({agreements:,} agreements; {total - drawn:,} more pairs counted, not drawn)"
            )
        else:
            parts.append(
                f"{others_drawn:,} other pairs of partner cities, faded"
                if mine
                else f"all {total:,} pairs of partner cities ({agreements:,} agreements)"
            )
    return "partnership arcs: " + " and ".join(parts)


def legend_rows(spec: dict, steps: int = 5) -> list[tuple[str, str]]:
    """A continuous legend as (label, colour) rows, best value first, then 'no data'.

    Colours come from the same function the city layer uses, so legend and dots cannot differ.
    """
    if spec["min"] is None:
        return [(NO_DATA, spec["no_data_colour"])]
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
        rows.append((f"{NO_DATA} ({spec['no_data_count']})", spec["no_data_colour"]))
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
        elif layer.id in ("partnerships", "partnerships_selected"):
            for r in records:
                (lon_a, lat_a), (lon_b, lat_b) = r["source_pos"], r["target_pos"]
                label = html.unescape(r["tt_title"])
                arcs.append(svgmap.Arc(lat_a, lon_a, lat_b, lon_b, _hex(r["colour"]), label))
    return svgmap.world_svg(map_deck.load_country_outlines(), dots, arcs, width=1200, title=title)
