"""The Compare page in real Chromium: a shared link opens the comparison, the radar and the
time series are drawn, and a suggested peer is added with one click."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from tests.e2e.conftest import assert_no_exception, drawn_fraction, screenshot, wait_until_idle

pytestmark = pytest.mark.e2e

PLOT = ".js-plotly-plot"


def test_compare_link_draws_radar_and_series(page, app_url):
    page.goto(f"{app_url}/compare?cities=barcelona-es,munich-de,tokyo-jp")
    wait_until_idle(page)
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text().strip() == "Compare cities"
    page.wait_for_selector(f"{PLOT} .scatterlayer path", timeout=30000)  # radar outlines
    plots = page.locator(PLOT)
    assert plots.count() == 2  # radar and change over editions
    assert page.locator(f"{PLOT} .scatterlayer .trace").count() >= 3
    assert drawn_fraction(page, PLOT) > 0.02
    page.get_by_text("percentile rank among all cities with data").first.wait_for(timeout=30000)
    page.set_viewport_size({"width": 1440, "height": 3400})  # the whole page, not its first screen
    wait_until_idle(page)
    page.locator("h1").first.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    screenshot(page, "compare")


def test_compare_guides_then_adds_a_peer(page, app_url):
    page.goto(f"{app_url}/compare?cities=barcelona-es")
    wait_until_idle(page)
    assert_no_exception(page)
    page.get_by_text("Add at least one more city").first.wait_for(timeout=30000)
    peer = page.locator('[data-testid="stButton"] button', has_text="+ ").first
    name = peer.inner_text().strip().removeprefix("+ ").strip()
    peer.click()
    wait_until_idle(page)
    assert_no_exception(page)
    page.wait_for_selector(f"{PLOT} .scatterlayer path", timeout=30000)
    assert "cities=barcelona-es," in unquote(page.url)
    page.locator(f"{PLOT} .legendtext", has_text=name).first.wait_for(timeout=30000)
    screenshot(page, "compare-peer-added")
