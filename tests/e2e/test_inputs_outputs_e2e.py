"""The Inputs and outputs page in real Chromium: the scatter and its quadrants are drawn, the
reading is shown, a link reopens the view with highlighted cities, the measures change it."""

from __future__ import annotations

import pytest

from atlas.load import load_atlas
from tests.e2e.conftest import (
    PANEL_CHART,
    assert_no_exception,
    drawn_fraction,
    open_page,
    screenshot,
    show_top,
    wait_until_idle,
)

pytestmark = pytest.mark.e2e


def test_scatter_reading_and_outliers_are_drawn(page, app_url):
    failed: list[str] = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    open_page(page, f"{app_url}/inputs_outputs")
    assert_no_exception(page)
    page.wait_for_selector(f"{PANEL_CHART} .main-svg", timeout=30000)
    points = page.locator(f"{PANEL_CHART} .scatterlayer .point")
    values = load_atlas().values
    gii = values.loc[values["indicator_id"] == "gii_cluster_rank"]
    assert points.count() == int((gii["year"] == gii["year"].max()).sum())  # one per city
    quadrants = page.locator(f"{PANEL_CHART} .annotation-text").all_text_contents()
    assert "engaged andproductive" in quadrants  # two lines: <br> has no text
    page.get_by_text("Spearman's rank correlation", exact=False).first.wait_for(
        state="visible", timeout=30000
    )
    assert page.get_by_text("Output ahead of input").is_visible()
    assert drawn_fraction(page, PANEL_CHART) > 0.01
    show_top(page)
    screenshot(page, "inputs-outputs")
    assert not [u for u in failed if u.startswith("http") and "127.0.0.1" not in u], failed


def test_link_with_highlights_reopens_the_view(page, app_url):
    open_page(
        page, f"{app_url}/inputs_outputs?x=net_degree&y=nature_index_rank&highlight=boston-us"
    )
    assert_no_exception(page)
    page.wait_for_selector(f"{PANEL_CHART} .main-svg", timeout=30000)
    # the highlighted city is labelled on the chart, and the briefing is offered for it
    assert page.locator(f"{PANEL_CHART} .textpoint").first.text_content() == "Boston, United States"
    briefing = page.get_by_role("button", name="Briefing to take offline (HTML)")
    briefing.wait_for(state="visible", timeout=30000)  # drawn after the chart, in the same run
    assert briefing.is_visible()
    assert (
        "Partner cities and Nature Index science city rank"
        in page.locator('[data-testid="stMain"]').inner_text()
    )
    assert "x=net_degree" in page.url and "highlight=boston-us" in page.url


def test_changing_the_output_changes_the_chart_and_the_link(page, app_url):
    open_page(page, f"{app_url}/inputs_outputs")
    page.wait_for_selector(f"{PANEL_CHART} .main-svg", timeout=30000)
    before = page.locator(f"{PANEL_CHART} .scatterlayer .point").count()
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Output")
    box.first.click()
    page.keyboard.type("Startup ecosystem rank (Startup Genome)")
    page.get_by_role("option", name="Startup ecosystem rank (Startup Genome)").first.click()
    wait_until_idle(page)
    assert_no_exception(page)
    page.wait_for_function(
        "() => window.location.search.includes('y=startup_genome_rank')", timeout=20000
    )
    after = page.locator(f"{PANEL_CHART} .scatterlayer .point").count()
    assert after != before and after > 0


def test_phone_layout_keeps_the_chart_readable(browser, app_url):
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        open_page(phone, f"{app_url}/inputs_outputs")
        assert_no_exception(phone)
        phone.wait_for_selector(f"{PANEL_CHART} .main-svg", timeout=30000)
        chart = phone.locator(PANEL_CHART).first.bounding_box()
        assert chart is not None and chart["width"] <= 390
        screenshot(phone, "inputs-outputs-phone")
    finally:
        phone.close()
