"""Hubs in real Chromium: the map of hubs and the count charts are drawn; a link filters."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import (
    MAP,
    PANEL_CHART,
    assert_no_exception,
    drawn_fraction,
    open_page,
    screenshot,
    show_top,
)

pytestmark = pytest.mark.e2e

CHART = PANEL_CHART


def test_hubs_draws_map_and_charts(page, app_url):
    failed = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    open_page(page, f"{app_url}/hubs")
    assert_no_exception(page)
    page.wait_for_selector(f"{MAP} canvas", timeout=30000)
    page.wait_for_selector(f"{CHART} .main-svg", timeout=30000)
    page.wait_for_timeout(1500)
    map_drawn = drawn_fraction(page, MAP)
    chart_drawn = drawn_fraction(page, CHART)
    show_top(page)
    screenshot(page, "hubs")
    assert map_drawn > 0.05, f"hub map looks blank ({map_drawn:.1%} drawn)"
    assert chart_drawn > 0.02, f"count chart looks blank ({chart_drawn:.1%} drawn)"
    assert not [u for u in failed if u.startswith("http") and "127.0.0.1" not in u], failed


def test_hubs_link_filters_by_operator(page, app_url):
    open_page(page, f"{app_url}/hubs?operators=CH")
    assert_no_exception(page)
    operator = page.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]').nth(2)
    assert "Switzerland" in operator.inner_text()
    assert page.get_by_text("Swissnex").first.is_visible()
