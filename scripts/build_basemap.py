"""Paint the bundled country outlines into the one picture every Atlas map draws underneath.

Why a picture: drawn as vector layers (a polygon layer for the land and a path layer for the
borders), the outlines make the browser compile two more kinds of WebGL shader for every map's
first frame. On a computer without graphics acceleration (virtual machines, remote desktops,
blocklisted drivers) Chromium runs WebGL in software and the tab froze for about 2 s per map
(bench/webgl_layers.py). A textured rectangle needs one cheap shader, and the picture is served
once from the app's static folder and cached by the browser, where the vector outlines travelled
inside every map's spec on every rerun (about 150 kB each time).

The picture is in Web Mercator, the projection of every Atlas map, so deck.gl's BitmapLayer can
stretch it between the corners of the world. 4,096 pixels across is the world at zoom 3: the
Atlas's maps open at zoom 0.55-4, and the 1:110m outlines themselves are simplified to about two
pixels at zoom 4 (scripts/build_country_outlines.py). It is drawn at twice the size and reduced,
so coastlines and borders are smooth, then stored with a four-colour palette, which
compresses to about 160 kB.

Usage: python scripts/build_basemap.py [--outlines PATH] [--out-dir DIR] [--width PIXELS]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageDraw

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # run as a script from scripts/: the packages are beside

from components import theme  # noqa: E402
from components.map_base import DEFAULT_OUTLINES_PATH, mercator_y  # noqa: E402
from components.map_deck import BASEMAP_FILES, MERCATOR_LIMIT  # noqa: E402

DEFAULT_OUT_DIR = REPO_ROOT / "static"
DEFAULT_WIDTH = 4096
SUPERSAMPLE = 2
# Outline width at the final size, in pixels: the vector borders were drawn 0.6 px wide.
BORDER_PX = 1
# Sea, land, border and one blend for the smoothed edges: at zoom 4 a picture with 16 colours
# looked the same and weighed 229 kB against 162 kB.
PALETTE_COLOURS = 4

# Which theme colours each picture uses: one picture per theme, named in map_deck.
PALETTES: dict[str, tuple[str, str, str]] = {
    "light": (theme.OCEAN_LIGHT, theme.LAND_LIGHT, theme.BORDER_LIGHT),
    "dark": (theme.OCEAN_DARK, theme.LAND_DARK, theme.BORDER_DARK),
}


def mercator_xy(lon: float, lat: float, size: int) -> tuple[float, float]:
    """Pixel position of a point on a square Web Mercator picture of the world `size` wide."""
    lat = max(min(lat, MERCATOR_LIMIT), -MERCATOR_LIMIT)
    return (lon + 180.0) / 360.0 * size, (0.5 - mercator_y(lat) / (2 * math.pi)) * size


def _rings(outlines: dict) -> Iterator[tuple[list[list[float]], bool]]:
    """Every ring of every country, with whether it is a hole (an inner ring)."""
    for feature in outlines.get("features", []):
        geometry = feature.get("geometry")
        if not geometry:
            continue
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        for polygon in polygons:
            for number, ring in enumerate(polygon):
                yield ring, number > 0


def render(
    outlines: dict, colours: tuple[str, str, str], width: int = DEFAULT_WIDTH
) -> Image.Image:
    """The world's sea, land and borders as a palette picture `width` pixels square."""
    big = width * SUPERSAMPLE
    land = Image.new("L", (big, big), 0)
    borders = Image.new("L", (big, big), 0)
    draw_land, draw_borders = ImageDraw.Draw(land), ImageDraw.Draw(borders)
    rings = list(_rings(outlines))
    for ring, hole in sorted(rings, key=lambda item: item[1]):  # outer rings first, then holes
        draw_land.polygon(
            [mercator_xy(lon, lat, big) for lon, lat in ring], fill=0 if hole else 255
        )
    for ring, _hole in rings:
        points = [mercator_xy(lon, lat, big) for lon, lat in ring]
        draw_borders.line(points, fill=255, width=BORDER_PX * SUPERSAMPLE)
    ocean, ground, border = (theme.hex_to_rgb(c)[:3] for c in colours)
    picture = Image.new("RGB", (width, width), tuple(ocean))
    picture.paste(tuple(ground), mask=land.reduce(SUPERSAMPLE))
    picture.paste(tuple(border), mask=borders.reduce(SUPERSAMPLE))
    return picture.quantize(
        PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )


def write_basemaps(
    outlines_path: Path = DEFAULT_OUTLINES_PATH,
    out_dir: Path = DEFAULT_OUT_DIR,
    width: int = DEFAULT_WIDTH,
) -> dict[str, int]:
    """Write one picture per theme; returns each file's size in bytes, by theme."""
    outlines = json.loads(Path(outlines_path).read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name, colours in PALETTES.items():
        target = out_dir / BASEMAP_FILES[name]
        # No timestamps or other metadata: the same outlines give the same bytes.
        render(outlines, colours, width).save(target, format="PNG", optimize=True)
        sizes[name] = target.stat().st_size
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outlines", type=Path, default=DEFAULT_OUTLINES_PATH)
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    parser.add_argument("--width", type=int, default=DEFAULT_WIDTH)
    args = parser.parse_args(argv)
    for name, size in write_basemaps(args.outlines, args.out_dir, args.width).items():
        print(f"{args.out_dir / BASEMAP_FILES[name]}: {args.width} px, {size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
