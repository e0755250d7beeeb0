"""Partnerships in real Chromium: arc map and network drawing are drawn; a link restores filters."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_no_exception, drawn_fraction, screenshot, wait_until_idle

pytestmark = pytest.mark.e2e

MAP = '[data-testid="stDeckGlJsonChart"]'
# a chart in a chart panel's tabs (legends are plotly figures too, outside tabs)
CHART = '[data-testid="stTabs"] [data-testid="stPlotlyChart"]'


def show_top(page) -> None:
    """Back to the top, in a taller window, so the screenshot shows the page's first views
    (Streamlit scrolls inside its own container, which a full-page shot does not unroll)."""
    page.set_viewport_size({"width": 1440, "height": 2200})
    page.locator('[data-testid="stMain"] h1').first.scroll_into_view_if_needed()
    page.wait_for_timeout(2000)


def open_page(page, url: str) -> None:
    """Open a page and wait for its title: a cold server's first run can outlast the
    idle check's first quiet second."""
    page.goto(url)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=90000)
    wait_until_idle(page)


def test_partnerships_draws_map_and_network(page, app_url):
    failed = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    open_page(page, f"{app_url}/partnerships")
    assert_no_exception(page)
    page.wait_for_selector(f"{MAP} canvas", timeout=30000)
    page.wait_for_selector(f"{CHART} .main-svg", timeout=30000)
    page.wait_for_timeout(1500)
    map_drawn = drawn_fraction(page, MAP)
    graph_drawn = drawn_fraction(page, CHART)
    show_top(page)
    screenshot(page, "partnerships")
    assert map_drawn > 0.05, f"arc map looks blank ({map_drawn:.1%} drawn)"
    assert graph_drawn > 0.02, f"network drawing looks blank ({graph_drawn:.1%} drawn)"
    assert not [u for u in failed if u.startswith("http") and "127.0.0.1" not in u], failed


def test_partnerships_link_restores_filters(page, app_url):
    open_page(page, f"{app_url}/partnerships?types=twinning&signed=1980-2000")
    assert_no_exception(page)
    types = page.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]').first
    assert "twinning" in types.inner_text()
    assert "types=twinning" in page.url and "signed=1980-2000" in page.url
