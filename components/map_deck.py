"""The deck around the layers: land and ocean drawn offline, the tooltip, compact JSON."""

from __future__ import annotations

import base64
import io
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pydeck as pdk
from PIL import Image
from pydeck.bindings.json_tools import default_serialize

from components import theme
from components.map_base import (
    _MERCATOR_LAT,
    _PIXELS,
    DEFAULT_OUTLINES_PATH,
    DEFAULT_VIEW,
    TOOLTIP_HTML,
    _rgb,
)


class _CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation.

    pydeck pretty-prints with ``indent=2``, which roughly quadruples the size of nested
    polygon coordinates; Streamlit ships ``to_json()`` to the browser on every rerun, so the
    outlines alone would cost ~0.7 MB instead of ~0.15 MB. Keys stay sorted so the spec, and
    hence Streamlit's element identity, is stable between reruns.
    """

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


# --------------------------------------------------------------------------------------------
# outlines


@lru_cache(maxsize=4)
def load_country_outlines(path: str | Path | None = None) -> dict:
    """Read the bundled outlines once per process; every map on every rerun reuses them.

    The returned dict is shared between callers: treat it as read-only.
    """
    source = Path(path) if path is not None else DEFAULT_OUTLINES_PATH
    with source.open(encoding="utf-8") as handle:
        return json.load(handle)


# The basemap picture of each theme (sea, land and borders), painted from the outlines by
# scripts/build_basemap.py into the app's static folder, which Streamlit serves at this address
# (server.enableStaticServing in .streamlit/config.toml). The address is relative, so it also
# holds under a base path or behind the replicas' proxy.
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
STATIC_URL = "app/static/"
BASEMAP_FILES = {"light": "basemap-light.png", "dark": "basemap-dark.png"}
# The picture spans Web Mercator's square world, which ends at this latitude.
MERCATOR_LIMIT = _MERCATOR_LAT
WORLD_BOUNDS = [-180.0, -MERCATOR_LIMIT, 180.0, MERCATOR_LIMIT]


@lru_cache(maxsize=2)
def _one_pixel(colour: str) -> str:
    """A one-pixel PNG of `colour` as a data address: the sea needs no request of its own."""
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), tuple(theme.hex_to_rgb(colour)[:3])).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def ocean_layer(dark: bool = False) -> pdk.Layer:
    """Paint the sea, since without tiles the canvas would show the page background.

    The sea runs a full world-width past each edge: on a wide projector canvas the margins
    beyond the date line read as open sea rather than as a blank page. It is a bitmap layer, as
    the basemap is, so a map compiles one kind of shader for both (see basemap_layer).
    """
    return pdk.Layer(
        "BitmapLayer",
        id="ocean",
        image=f"'{_one_pixel(theme.OCEAN_DARK if dark else theme.OCEAN_LIGHT)}'",
        bounds=[-540.0, -MERCATOR_LIMIT, 540.0, MERCATOR_LIMIT],
        pickable=False,
    )


def basemap_layer(dark: bool = False) -> pdk.Layer:
    """Sea, land and borders as one picture: the offline stand-in for a basemap.

    Drawn as vector layers, the outlines made every map's first frame compile a polygon and a
    path shader; without graphics acceleration that froze the tab for about 2 s per map
    (bench/webgl_layers.py). A picture needs one cheap shader, and the browser fetches it once
    and caches it instead of receiving ~150 kB of outlines inside every map's spec.
    """
    return pdk.Layer(
        "BitmapLayer",
        id="basemap",
        # Quoted: pydeck would read a bare ".png" string as a local file to inline.
        image=f"'{STATIC_URL}{BASEMAP_FILES['dark' if dark else 'light']}'",
        bounds=WORLD_BOUNDS,
        pickable=False,
    )


def country_layer(outlines: dict, dark: bool = False, filled: bool = True) -> pdk.Layer:
    """Land and borders as vector shapes, for maps over an online tile basemap.

    Only geometries go into the layer (names and codes are dropped) to keep the spec small;
    the layer is not pickable so hovering land never hides a city's tooltip. Over tiles the
    outlines are drawn unfilled, so the tiles show through and the borders still read if the
    tiles never arrive. Offline maps draw basemap_layer instead.
    """
    features = [
        {"type": "Feature", "properties": {}, "geometry": feature["geometry"]}
        for feature in outlines.get("features", [])
        if feature.get("geometry")
    ]
    return pdk.Layer(
        "GeoJsonLayer",
        data={"type": "FeatureCollection", "features": features},
        id="countries",
        stroked=True,
        filled=filled,
        get_fill_color=_rgb(theme.LAND_DARK if dark else theme.LAND_LIGHT),
        get_line_color=_rgb(theme.BORDER_DARK if dark else theme.BORDER_LIGHT),
        line_width_units=_PIXELS,
        get_line_width=0.6,
        line_width_min_pixels=0.5,
        pickable=False,
    )


# --------------------------------------------------------------------------------------------
# deck


def tooltip_spec(dark: bool = False, presentation: bool = False) -> dict[str, Any]:
    """The single tooltip for all layers; styled from the theme, large in presentation mode."""
    size = theme.PRESENTATION_FONT_SIZE if presentation else theme.BASE_FONT_SIZE
    return {
        "html": TOOLTIP_HTML,
        "style": {
            "backgroundColor": theme.LAND_DARK if dark else theme.LAND_LIGHT,
            "color": theme.LAND_LIGHT if dark else theme.OCEAN_DARK,
            "border": f"1px solid {theme.BORDER_DARK if dark else theme.BORDER_LIGHT}",
            "borderRadius": "4px",
            "fontFamily": theme.FONT_FAMILY,
            "fontSize": f"{size}px",
            "lineHeight": "1.35",
            "maxWidth": "480px" if presentation else "320px",
            "padding": "8px 10px",
            "whiteSpace": "pre-line",
        },
    }


def build_deck(
    layers: list,
    view: dict | None = None,
    dark: bool = False,
    presentation: bool = False,
    tiles: bool = False,
) -> pdk.Deck:
    """Assemble layers into a deck that renders with no network access by default.

    Without tiles, ``map_provider`` is None and ``map_style`` is left at pydeck's internal
    default marker: Streamlit treats a *missing* map style (``map_style=None``) as "pick a
    Carto basemap for the theme" and would fetch tiles, whereas the untouched marker means "no
    basemap". The sea and the basemap picture are added underneath unless the caller drew its
    own sea. ``tiles=True`` adds a Carto basemap as an online extra instead (callers draw
    unfilled ``country_layer`` outlines over it).
    """
    state = {**DEFAULT_VIEW, **(view or {})}
    all_layers = list(layers)
    if not tiles and not any(getattr(layer, "id", None) == "ocean" for layer in all_layers):
        all_layers[:0] = [ocean_layer(dark), basemap_layer(dark)]
    common: dict[str, Any] = {
        "layers": all_layers,
        "initial_view_state": pdk.ViewState(**state),
        "tooltip": tooltip_spec(dark, presentation),
        "height": 640 if presentation else 500,
    }
    if tiles:
        style = pdk.map_styles.CARTO_DARK if dark else pdk.map_styles.CARTO_LIGHT
        return _CompactDeck(map_provider="carto", map_style=style, **common)
    return _CompactDeck(map_provider=None, **common)


def deck_json_size(deck: pdk.Deck) -> int:
    """Bytes Streamlit will send for this deck, to keep page payloads in check in tests."""
    return len(deck.to_json().encode("utf-8"))
