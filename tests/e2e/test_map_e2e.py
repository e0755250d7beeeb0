"""The Map in real Chromium: drawn offline, presentation mode on and off, click a city."""

from __future__ import annotations

import math
from io import BytesIO

import pytest
from PIL import Image

from atlas.views.map import WORLD_VIEW
from components import theme
from tests.e2e.conftest import assert_no_exception, drawn_fraction, screenshot, wait_until_idle

pytestmark = pytest.mark.e2e

MAP = '[data-testid="stDeckGlJsonChart"]'
SIDEBAR = '[data-testid="stSidebar"]'


def _open(page, app_url: str, query: str = "") -> None:
    page.goto(f"{app_url}/map{query}")
    wait_until_idle(page)
    assert_no_exception(page)
    page.wait_for_selector(f"{MAP} canvas", timeout=90000)
    page.wait_for_timeout(1500)  # deck.gl draws on the next animation frames


def _screen_point(box: dict, lat: float, lon: float) -> tuple[float, float]:
    """Where deck.gl's Web Mercator view puts a place inside the map element."""
    size = 512 * 2 ** WORLD_VIEW["zoom"]

    def project(la: float, lo: float) -> tuple[float, float]:
        x = (lo + 180) / 360 * size
        y = (1 - math.log(math.tan(math.pi / 4 + math.radians(la) / 2)) / math.pi) / 2 * size
        return x, y

    cx, cy = project(WORLD_VIEW["latitude"], WORLD_VIEW["longitude"])
    x, y = project(lat, lon)
    return box["x"] + box["width"] / 2 + (x - cx), box["y"] + box["height"] / 2 + (y - cy)


def test_map_draws_offline_with_legends(page, app_url):
    failed: list[str] = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    _open(page, app_url)
    fraction = drawn_fraction(page, MAP)
    screenshot(page, "map")
    assert fraction > 0.05, f"map looks blank ({fraction:.1%} of pixels drawn)"
    # legends are data grids drawn on canvas; their titles are in the DOM as captions
    # the legend's caption (the chart's text alternative names the indicator too, out of sight)
    assert page.get_by_text("Hubs hosted (hubs)").filter(visible=True).count() >= 1
    assert not [u for u in failed if u.startswith("http") and "127.0.0.1" not in u], failed


def test_basemap_picture_comes_from_the_app_and_lines_up(page, app_url):
    pictures: list = []
    page.on("response", lambda r: pictures.append(r) if "/app/static/basemap-" in r.url else None)
    _open(page, app_url, "?layers=cities")
    assert [r.status for r in pictures] == [200], [r.url for r in pictures]
    assert pictures[0].url.endswith("/app/static/basemap-light.png")
    assert pictures[0].headers["content-type"] == "image/png"
    canvas = page.locator(f"{MAP} canvas").first
    box = canvas.bounding_box()
    shot = Image.open(BytesIO(canvas.screenshot())).convert("RGB")

    def colour_at(lat: float, lon: float) -> tuple[int, ...]:
        x, y = _screen_point(box, lat, lon)
        return shot.getpixel((round(x - box["x"]), round(y - box["y"])))

    def near(got: tuple[int, ...], hex_colour: str) -> bool:
        want = theme.hex_to_rgb(hex_colour)[:3]
        return all(abs(a - b) <= 6 for a, b in zip(got, want, strict=True))

    # The picture lies where the world is: open sea in the South Atlantic, land in the
    # Sahara and in inner Australia (no city dots there).
    assert near(colour_at(-35.0, -20.0), theme.OCEAN_LIGHT), colour_at(-35.0, -20.0)
    assert near(colour_at(23.0, 5.0), theme.LAND_LIGHT), colour_at(23.0, 5.0)
    assert near(colour_at(-25.0, 133.0), theme.LAND_LIGHT), colour_at(-25.0, 133.0)


def test_presentation_mode_hides_chrome_and_comes_back(page, app_url):
    _open(page, app_url)
    normal_height = page.locator(MAP).first.bounding_box()["height"]
    page.locator(SIDEBAR).first.wait_for(state="visible", timeout=30000)
    page.get_by_text("Presentation mode").first.click()
    wait_until_idle(page)
    page.wait_for_timeout(1500)
    assert_no_exception(page)
    assert page.locator(SIDEBAR).count() == 0 or not page.locator(SIDEBAR).first.is_visible()
    assert "present=1" in page.url
    big_height = page.locator(MAP).first.bounding_box()["height"]
    assert big_height > normal_height
    assert drawn_fraction(page, MAP) > 0.05
    screenshot(page, "map-presentation")

    page.get_by_text("Presentation mode").first.click()
    wait_until_idle(page)
    assert_no_exception(page)
    page.locator(SIDEBAR).first.wait_for(state="visible", timeout=30000)
    assert "present=1" not in page.url
    assert page.locator(MAP).first.bounding_box()["height"] == pytest.approx(normal_height, abs=2)


def test_clicking_a_city_shows_its_facts_and_profile_link(page, app_url):
    # cities only, sized by hubs hosted: Beijing's dot is one of the largest (about 20 px)
    _open(page, app_url, "?layers=cities")
    box = page.locator(f"{MAP} canvas").first.bounding_box()
    x, y = _screen_point(box, 39.9075, 116.39723)
    for _ in range(3):  # the first click can land while deck.gl is still wiring its events
        page.mouse.click(x, y)
        try:
            page.wait_for_url("**city=*", timeout=20000)
            break
        except Exception:  # retried, then asserted below
            page.wait_for_timeout(1000)
    wait_until_idle(page)
    screenshot(page, "map-city")
    assert_no_exception(page)
    # small dots sit on top of big ones, so a neighbour (Tianjin) may be the one picked
    assert "city=" in page.url
    page.get_by_text("Open the city profile").first.wait_for(state="visible", timeout=30000)


def test_link_reopens_the_view(page, app_url):
    _open(page, app_url, "?layers=cities,networks&indicator=gii_cluster_rank&city=barcelona-es")
    page.get_by_text("Barcelona, Spain").first.wait_for(state="visible", timeout=30000)
    page.get_by_text("GII S&T cluster rank").first.wait_for(state="visible", timeout=30000)
    page.get_by_text("City network").first.wait_for(state="visible", timeout=30000)


def test_embed_link_shows_only_the_map(page, app_url):
    _open(page, app_url, "?iframe=1&layers=cities&indicator=gii_cluster_rank")
    screenshot(page, "map-embed")
    assert page.locator(SIDEBAR).count() == 0 or not page.locator(SIDEBAR).first.is_visible()
    assert page.locator("h1").count() == 0
    assert drawn_fraction(page, MAP) > 0.05
    assert page.get_by_text("Open this view in the City Science Diplomacy Atlas").is_visible()


def test_changed_view_reopens_from_its_link_in_a_new_browser(page, app_url, browser):
    _open(page, app_url)
    page.get_by_role("button", name="City networks").click()
    page.wait_for_url("**layers=*networks*", timeout=60000)
    wait_until_idle(page)
    link = page.url
    fresh = browser.new_context(viewport={"width": 1440, "height": 1000})
    tab = fresh.new_page()
    tab.goto(link)
    wait_until_idle(tab)
    assert_no_exception(tab)
    assert tab.url == link
    tab.wait_for_selector(f"{MAP} canvas", timeout=90000)
    active = tab.locator('[data-testid="stButtonGroup"] button[aria-pressed="true"]')
    assert "City networks" in active.all_inner_texts()
    fresh.close()
