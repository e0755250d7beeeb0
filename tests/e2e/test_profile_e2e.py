"""The City profile in real Chromium: a linked city opens with its map and charts drawn."""

from __future__ import annotations

import pytest

from atlas.load import load_atlas
from tests.e2e.conftest import (
    MAP,
    PANEL_CHART,
    assert_no_exception,
    drawn_fraction,
    open_page,
    screenshot,
    show_top,
    wait_until_idle,
)

pytestmark = pytest.mark.e2e

CHART = PANEL_CHART


def test_profile_from_link_draws_map_and_outputs(page, app_url):
    failed = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    open_page(page, f"{app_url}/profile?city=paris-fr")
    assert_no_exception(page)
    page.get_by_role("heading", name="Paris, France").first.wait_for(state="visible", timeout=30000)
    page.wait_for_selector(f"{MAP} canvas", timeout=30000)
    page.wait_for_selector(f"{CHART} .main-svg", timeout=30000)
    page.wait_for_timeout(1500)  # deck.gl draws on the next animation frames
    map_drawn = drawn_fraction(page, MAP)
    chart_drawn = drawn_fraction(page, CHART)
    show_top(page)
    screenshot(page, "profile")
    assert map_drawn > 0.05, f"partner map looks blank ({map_drawn:.1%} drawn)"
    assert chart_drawn > 0.02, f"outputs chart looks blank ({chart_drawn:.1%} drawn)"
    assert not [u for u in failed if u.startswith("http") and "127.0.0.1" not in u], failed


def test_profile_unknown_city_is_a_note(page, app_url):
    open_page(page, f"{app_url}/profile?city=atlantis-xx")
    assert_no_exception(page)
    page.get_by_text("is not a city in the Atlas").first.wait_for(state="visible", timeout=30000)


def test_profile_search_changes_city_and_link(page, app_url):
    open_page(page, f"{app_url}/profile")
    search = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first
    search.click()
    page.keyboard.type("Barcelona, Spain")
    page.get_by_role("option", name="Barcelona, Spain").first.click()
    wait_until_idle(page)
    assert_no_exception(page)
    assert "city=barcelona-es" in page.url
    page.get_by_role("heading", name="Barcelona, Spain").first.wait_for(
        state="visible", timeout=30000
    )


def test_profile_opens_with_the_city_reading(page, app_url):
    open_page(page, f"{app_url}/profile?city=barcelona-es")
    assert_no_exception(page)
    reading = page.locator(".st-key-city-reading")
    text = reading.inner_text()
    hubs = load_atlas().hubs
    active = int(((hubs["host_city_id"] == "barcelona-es") & (hubs["status"] == "active")).sum())
    assert text.startswith(f"Barcelona hosts {active} active science-diplomacy hubs")
    assert "ranked 55th of 100 in the 2024 GII S&T cluster rank" in text
    assert "Generated from the Atlas's data" in text
    # the reading sits under the city's name, above the key figures
    heading = page.get_by_role("heading", name="Barcelona, Spain").first.bounding_box()
    metric = page.locator('[data-testid="stMetric"]').first.bounding_box()
    box = reading.bounding_box()
    assert heading["y"] < box["y"] < metric["y"]
    show_top(page)
    screenshot(page, "profile-reading")


def test_profile_in_catalan_groups_the_population(page, app_url):
    open_page(page, f"{app_url}/profile?city=barcelona-es&lang=ca")
    assert_no_exception(page)
    # the page sets <html lang> from a script once it is drawn: wait for it, then check
    page.wait_for_function("document.documentElement.lang === 'ca'", timeout=30000)
    page.get_by_role("heading", name="Perfil de ciutat").first.wait_for(
        state="visible", timeout=30000
    )
    population = page.locator('[data-testid="stMetric"]', has_text="Població").first
    assert "1.686.208" in population.inner_text()
    page.get_by_role("heading", name="On se situa").first.wait_for(state="visible", timeout=30000)
