"""Partnerships in real Chromium: arc map and network drawing are drawn; a link restores filters."""

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
