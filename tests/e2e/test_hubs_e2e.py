"""Hubs in real Chromium: the map of hubs and the count charts are drawn; a link filters."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import (
    PANEL_CHART,
    assert_no_exception,
    draw_map_and_chart,
    open_page,
)

pytestmark = pytest.mark.e2e

CHART = PANEL_CHART


def test_hubs_draws_map_and_charts(page, app_url):
    map_drawn, chart_drawn, outside = draw_map_and_chart(page, f"{app_url}/hubs", "hubs")
    assert map_drawn > 0.05, f"hub map looks blank ({map_drawn:.1%} drawn)"
    assert chart_drawn > 0.02, f"count chart looks blank ({chart_drawn:.1%} drawn)"
    assert not outside, outside


def test_hubs_link_filters_by_operator(page, app_url):
    open_page(page, f"{app_url}/hubs?operators=CH")
    assert_no_exception(page)
    operator = page.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]').nth(2)
    assert "Switzerland" in operator.inner_text()
    page.get_by_text("Swissnex").first.wait_for(state="visible", timeout=30000)
