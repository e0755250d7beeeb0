"""The basemap pictures must show the bundled outlines in the theme's colours, and be current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from components import map_deck, theme
from scripts import build_basemap as script


@pytest.fixture(scope="module")
def outlines() -> dict:
    return map_deck.load_country_outlines()


def _rgb(hex_colour: str) -> tuple[int, ...]:
    return tuple(theme.hex_to_rgb(hex_colour)[:3])


def _colour_at(picture: Image.Image, lat: float, lon: float) -> tuple[int, ...]:
    x, y = script.mercator_xy(lon, lat, picture.width)
    return picture.convert("RGB").getpixel((int(x), int(y)))


def test_mercator_puts_the_world_corner_to_corner() -> None:
    assert script.mercator_xy(0.0, 0.0, 1000) == pytest.approx((500.0, 500.0))
    assert script.mercator_xy(-180.0, map_deck.MERCATOR_LIMIT, 1000) == pytest.approx(
        (0.0, 0.0), abs=0.01
    )
    assert script.mercator_xy(180.0, -90.0, 1000) == pytest.approx((1000.0, 1000.0), abs=0.01)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_render_paints_sea_land_and_borders_where_they_are(outlines, name) -> None:
    ocean, land, _border = script.PALETTES[name]
    picture = script.render(outlines, script.PALETTES[name], width=512)
    assert picture.size == (512, 512) and picture.mode == "P"
    assert _colour_at(picture, -35.0, -20.0) == _rgb(ocean)  # South Atlantic
    assert _colour_at(picture, 23.0, 5.0) == _rgb(land)  # Sahara
    assert _colour_at(picture, -25.0, 133.0) == _rgb(land)  # inner Australia
    colours = {colour for _count, colour in picture.convert("RGB").getcolors()}
    # Borders and smoothed edges add colours besides the sea and the land, and no more than
    # the palette holds.
    assert colours - {_rgb(ocean), _rgb(land)}
    assert len(colours) <= script.PALETTE_COLOURS


def test_render_leaves_holes_in_land_open() -> None:
    square = [[-40.0, -40.0], [40.0, -40.0], [40.0, 40.0], [-40.0, 40.0], [-40.0, -40.0]]
    hole = [[-10.0, -10.0], [10.0, -10.0], [10.0, 10.0], [-10.0, 10.0], [-10.0, -10.0]]
    feature = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [square, hole]}}
    picture = script.render({"features": [feature]}, script.PALETTES["light"], width=256)
    assert _colour_at(picture, 0.0, 0.0) == _rgb(theme.OCEAN_LIGHT)
    assert _colour_at(picture, 25.0, 25.0) == _rgb(theme.LAND_LIGHT)


def test_committed_pictures_are_what_the_script_paints_now(tmp_path: Path) -> None:
    # A change to the outlines or the theme's map colours needs `python scripts/build_basemap.py`.
    sizes = script.write_basemaps(out_dir=tmp_path)
    for name, file_name in map_deck.BASEMAP_FILES.items():
        committed = map_deck.STATIC_DIR / file_name
        assert committed.read_bytes() == (tmp_path / file_name).read_bytes(), (
            f"{committed} is out of date: run python scripts/build_basemap.py"
        )
        assert sizes[name] < 250_000  # fetched once per browser, but on conference Wi-Fi
        with Image.open(committed) as picture:
            assert picture.size == (script.DEFAULT_WIDTH, script.DEFAULT_WIDTH)


def test_cli_reports_each_file(tmp_path: Path, capsys) -> None:
    outlines = tmp_path / "outlines.geojson"
    outlines.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    assert (
        script.main(["--outlines", str(outlines), "--out-dir", str(tmp_path), "--width", "64"]) == 0
    )
    printed = capsys.readouterr().out
    for file_name in map_deck.BASEMAP_FILES.values():
        assert f"{tmp_path / file_name}: 64 px" in printed
        with Image.open(tmp_path / file_name) as picture:
            assert picture.size == (64, 64)
