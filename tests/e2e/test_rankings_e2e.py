"""The Rankings page in real Chromium: the chart is drawn, a link reopens the same ranking,
the search narrows the table and writes itself into the URL, a row opens the city profile."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import assert_no_exception, drawn_fraction, screenshot, wait_until_idle

pytestmark = pytest.mark.e2e

PLOT = ".js-plotly-plot"
TABLE = '[data-testid="stDataFrame"]'


def _full_page_screenshot(page, name: str) -> None:
    """Streamlit scrolls inside its main block, so grow the window to show the whole page."""
    page.set_viewport_size({"width": 1440, "height": 3000})
    wait_until_idle(page)
    page.locator("h1").first.scroll_into_view_if_needed()
    page.wait_for_timeout(800)  # plotly redraws at the new width
    screenshot(page, name)
    page.set_viewport_size({"width": 1440, "height": 1000})


def _visible_table(page):
    """The full ranking table: the chart's Table tab and the 'without data' expander hold
    tables that are hidden until opened."""
    grids = page.locator(TABLE)
    for _ in range(60):
        visible = [grids.nth(i) for i in range(grids.count()) if grids.nth(i).is_visible()]
        if visible:
            visible[0].scroll_into_view_if_needed()
            if visible[0].bounding_box() is not None:
                return visible[0]
        page.wait_for_timeout(500)
    raise AssertionError("the full ranking table is not shown")


def _marks(page, selector: str) -> int:
    return page.locator(f"{PLOT} {selector}").count()


def test_rankings_draws_published_ranks_and_bars(page, app_url):
    page.goto(f"{app_url}/rankings")
    wait_until_idle(page)
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text().strip() == "Rankings"
    page.wait_for_selector(f"{PLOT} .scatterlayer path.point", timeout=30000)
    assert _marks(page, ".scatterlayer path.point") >= 20  # one dot per ranked cluster
    page.get_by_text("not in the Atlas's copy of this ranking (2024)").first.wait_for(timeout=30000)
    page.get_by_text("of the 100 clusters ranked in the 2024 edition").first.wait_for(timeout=30000)
    assert drawn_fraction(page, PLOT) > 0.02
    _full_page_screenshot(page, "rankings")

    page.goto(f"{app_url}/rankings?indicator=hubs_hosted&per_million=1&top=10")
    wait_until_idle(page)
    assert_no_exception(page)
    page.wait_for_selector(f"{PLOT} .barlayer path", timeout=30000)
    assert _marks(page, ".barlayer .point path") >= 10
    page.get_by_text("Hubs hosted (hubs per million inhabitants").first.wait_for(timeout=30000)
    screenshot(page, "rankings-per-million")


def test_search_is_kept_in_the_link(page, app_url):
    page.goto(f"{app_url}/rankings?indicator=gii_st_share&edition=2023")
    wait_until_idle(page)
    box = page.get_by_role("textbox", name="Search the table")
    box.fill("SAO")  # no São Paulo cluster in 2023: nothing matches, and the page says so
    box.press("Enter")
    wait_until_idle(page)
    assert_no_exception(page)
    page.get_by_text("0 of 34 ranked cities match").first.wait_for(timeout=30000)
    box.fill("zürich tokyo")
    box.press("Enter")
    wait_until_idle(page)
    box.fill("tokyo")
    box.press("Enter")
    wait_until_idle(page)
    page.get_by_text("1 of 34 ranked cities match").first.wait_for(timeout=30000)
    assert re.search(r"[?&]search=tokyo", page.url), page.url
    assert "indicator=gii_st_share" in page.url and "edition=2023" in page.url


def test_selecting_a_row_offers_the_city_profile(page, app_url):
    page.goto(f"{app_url}/rankings")
    wait_until_idle(page)
    heading = page.get_by_role("heading", name="Full ranking")
    heading.wait_for(timeout=30000)
    heading.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = _visible_table(page).bounding_box()
    # first data row, in the row-selection column at the far left of the grid
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    wait_until_idle(page)
    link = page.get_by_role("link", name="Open the profile of Tokyo")
    link.wait_for(timeout=15000)
    screenshot(page, "rankings-selected-row")
    link.click()
    wait_until_idle(page)
    assert_no_exception(page)
    assert "/profile" in page.url


def test_profile_link_column_opens_the_city(page, app_url):
    page.goto(f"{app_url}/rankings?search=tokyo")
    wait_until_idle(page)
    heading = page.get_by_role("heading", name="Full ranking")
    heading.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = _visible_table(page).bounding_box()
    opened = None
    # the grid is drawn on a canvas: try points across the 'Profile' column of the only row
    for offset in range(170, 260, 15):
        try:
            with page.context.expect_page(timeout=1500) as popup:
                page.mouse.click(box["x"] + offset, box["y"] + 35 + 17)
            opened = popup.value
            break
        except PlaywrightTimeout:
            continue
    assert opened is not None, "no cell of the Profile column opened a page"
    opened.wait_for_load_state()
    assert re.search(r"/profile\?city=tokyo-jp", opened.url), opened.url


def test_rankings_in_catalan_and_french_read_and_group_the_language_way(page, app_url):
    page.goto(f"{app_url}/rankings?indicator=hubs_hosted&per_million=1&top=10&lang=ca")
    wait_until_idle(page)
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text().strip() == "Classificacions"
    page.get_by_text("Classificació completa").first.wait_for(timeout=30000)
    # the smallest city's population in the per-million note, grouped with points
    page.get_by_text(re.compile(r"el més petit té \d{1,3}(\.\d{3})+ habitants")).first.wait_for(
        timeout=30000
    )
    page.wait_for_selector(f"{PLOT} .barlayer path", timeout=30000)
    assert "Millor primer" in page.locator(PLOT).first.text_content()  # the chart's subtitle
    page.goto(f"{app_url}/rankings?lang=fr")
    wait_until_idle(page)
    assert page.locator("h1").first.inner_text().strip() == "Classements"
    page.wait_for_selector(f"{PLOT} .scatterlayer path.point", timeout=30000)
    assert "Rang publié" in page.locator(f"{PLOT} .xtitle").first.text_content()
    _full_page_screenshot(page, "rankings-fr")
