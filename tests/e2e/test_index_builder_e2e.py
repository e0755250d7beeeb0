"""The Index builder in real Chromium: no exception box, the rank-interval chart and the
offline map canvas are drawn, and a shared link reopens the same index."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_no_exception, drawn_fraction, screenshot, wait_until_idle

pytestmark = pytest.mark.e2e

MAP = '[data-testid="stDeckGlJsonChart"]'
CHART = '[data-testid="stPlotlyChart"]'


def _open(page, url: str) -> None:
    page.goto(url)
    wait_until_idle(page)


def test_index_builder_draws_ranking_and_map(page, app_url):
    failed: list[str] = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    _open(page, f"{app_url}/index_builder")
    wait_until_idle(page)
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text().strip() == "Index builder"

    page.wait_for_selector(f"{CHART} .main-svg", timeout=30000)
    # one error bar per city: the interval chart really drew its intervals
    assert page.locator(f"{CHART} .errorbar").count() >= 5
    page.get_by_text("now available as").first.wait_for(state="visible", timeout=30000)
    screenshot(page, "index_builder")
    chart = drawn_fraction(page, CHART)
    assert chart > 0.02, f"ranking chart looks blank ({chart:.1%} of pixels drawn)"

    page.wait_for_selector(f"{MAP} canvas", timeout=30000)
    page.locator(MAP).first.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # deck.gl draws on the next animation frames
    fraction = drawn_fraction(page, MAP)
    assert fraction > 0.05, f"map looks blank ({fraction:.1%} of pixels drawn)"
    screenshot(page, "index_builder-map")
    assert not [u for u in failed if u.startswith("http") and "127.0.0.1" not in u], failed


def test_index_builder_link_restores_choices(page, app_url):
    query = "preset=innovation&norm=percentile&agg=geometric&coverage=75"
    _open(page, f"{app_url}/index_builder?{query}")
    assert_no_exception(page)
    page.wait_for_selector(f"{CHART} .main-svg", timeout=30000)
    screenshot(page, "index_builder-link")
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_text("What a city's research and innovation system produces").count()
    assert "weighted geometric mean of percentile-ranked" in main.inner_text()
    assert "coverage=75" in page.url and "agg=geometric" in page.url
