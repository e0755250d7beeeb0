"""Partnerships in real Chromium: arc map and network drawing are drawn; a link restores filters."""

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


def test_partnerships_draws_map_and_network(page, app_url):
    map_drawn, chart_drawn, outside = draw_map_and_chart(
        page, f"{app_url}/partnerships", "partnerships"
    )
    assert map_drawn > 0.05, f"arc map looks blank ({map_drawn:.1%} drawn)"
    assert chart_drawn > 0.02, f"network drawing looks blank ({chart_drawn:.1%} drawn)"
    assert not outside, outside


def test_partnerships_link_restores_filters(page, app_url):
    open_page(page, f"{app_url}/partnerships?types=twinning&signed=1980-2000")
    assert_no_exception(page)
    types = page.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]').first
    assert "twinning" in types.inner_text()
    assert "types=twinning" in page.url and "signed=1980-2000" in page.url
