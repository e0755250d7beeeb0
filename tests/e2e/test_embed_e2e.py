"""Embed mode in Chromium: an article's iframe shows one chart (or the map) and nothing else."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_no_exception, screenshot, wait_until_idle

pytestmark = pytest.mark.e2e

CHART = '[data-testid="stPlotlyChart"]'


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("rankings?indicator=nature_index_rank", "embed-rankings"),
        ("partnerships", "embed-partnerships"),
    ],
)
def test_embedded_page_shows_only_its_chart(page, app_url, path, name):
    sep = "&" if "?" in path else "?"
    page.goto(f"{app_url}/{path}{sep}iframe=1&embed=true")
    wait_until_idle(page)
    page.locator(f".st-key-embed_chart {CHART}").first.wait_for(state="visible", timeout=90000)
    page.wait_for_timeout(1000)
    assert_no_exception(page)
    screenshot(page, name)
    visible_charts = [c for c in page.locator(CHART).all() if c.is_visible()]
    assert len(visible_charts) == 1
    assert page.locator("h1").filter(visible=True).count() == 0
    assert not page.locator('[data-testid="stSidebar"]').filter(visible=True).count()
    assert page.get_by_text("Open this view in the City Science Diplomacy Atlas").is_visible()
