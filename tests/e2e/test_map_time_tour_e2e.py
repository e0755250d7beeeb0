"""The Map at a glance, over time and as a meeting tour, in real Chromium with no internet."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import assert_no_exception, drawn_fraction, screenshot, wait_until_idle

pytestmark = pytest.mark.e2e

MAP = '[data-testid="stDeckGlJsonChart"]'


def _offline(tab) -> list[str]:
    """Refuse every request that leaves this machine; return the refused addresses."""
    refused: list[str] = []

    def handle(route):
        address = route.request.url
        if address.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            refused.append(address)
            route.abort()

    tab.route("**/*", handle)
    return refused


def _open(tab, url: str) -> None:
    tab.goto(url)
    tab.wait_for_selector('[data-testid="stMain"] h1', timeout=90000)
    wait_until_idle(tab)
    assert_no_exception(tab)
    tab.wait_for_selector(f"{MAP} canvas", timeout=90000)
    tab.wait_for_timeout(1500)  # deck.gl draws on the next animation frames


def _wait_for_url(tab, pattern: str, timeout_ms: int = 30000) -> None:
    tab.wait_for_url(re.compile(pattern), timeout=timeout_ms)
    wait_until_idle(tab)


def test_default_map_without_arcs_and_a_region_view_offline(page, app_url):
    _offline(page)
    _open(page, f"{app_url}/map")
    page.get_by_text("Partnership arcs are off").first.wait_for(state="visible", timeout=30000)
    assert drawn_fraction(page, MAP) > 0.05
    screenshot(page, "map-default")
    page.locator(".st-key-map-view").get_by_role("radio", name="Europe").click()
    _wait_for_url(page, r"view=europe")
    page.wait_for_timeout(1500)
    assert_no_exception(page)
    assert drawn_fraction(page, MAP) > 0.05
    screenshot(page, "map-europe")


def test_a_year_in_the_past_and_play_pause(page, app_url):
    _offline(page)
    _open(page, f"{app_url}/map?upto=1990&layers=cities,hubs,partnerships")
    page.get_by_text("In 1990:").first.wait_for(state="visible", timeout=30000)
    page.get_by_text("no recorded year").first.wait_for(state="visible", timeout=30000)
    screenshot(page, "map-1990")
    play = page.locator(".st-key-timeline-play button").first
    assert play.inner_text().strip().endswith("Play")  # starts paused
    play.click()
    # the player moves on by itself: 1990 -> 1991 -> ...
    _wait_for_url(page, r"upto=199[1-9]", timeout_ms=60000)
    page.get_by_role("button", name="Pause").click()
    wait_until_idle(page)
    stopped = page.url
    page.wait_for_timeout(4000)
    wait_until_idle(page)
    assert page.url == stopped
    page.get_by_role("button", name="Play").first.wait_for(state="visible", timeout=30000)


def test_meeting_tour_add_present_with_arrow_keys_and_file(page, app_url, browser, tmp_path):
    refused = _offline(page)
    _open(page, f"{app_url}/map")
    page.get_by_role("button", name="Add this view to my tour").click()
    wait_until_idle(page)
    page.locator(".st-key-map-view").get_by_role("radio", name="Europe").click()
    _wait_for_url(page, r"view=europe")
    page.get_by_role("button", name="Add this view to my tour").click()
    wait_until_idle(page)
    page.get_by_text("Added to your tour as view 2").first.wait_for(state="visible", timeout=30000)
    page.get_by_role("link", name=re.compile(r"My tour \(2 views\)")).click()
    _wait_for_url(page, r"/tour\?tour=")
    tour_link = page.url

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the tour file (JSON)").click()
    saved = tmp_path / "tour.json"
    download.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert [s["query"] for s in data["stops"]] == [{}, {"view": "europe"}]

    page.get_by_role("button", name="Start the tour").click()
    _wait_for_url(page, r"/map$")
    page.get_by_text("Step 1 of 2").first.wait_for(state="visible", timeout=30000)
    assert not page.locator('[data-testid="stSidebar"]').first.is_visible()
    page.keyboard.press("ArrowRight")
    _wait_for_url(page, r"/map\?view=europe$")
    page.wait_for_timeout(1500)
    page.get_by_text("Step 2 of 2").first.wait_for(state="visible", timeout=30000)
    assert drawn_fraction(page, MAP) > 0.05
    screenshot(page, "tour-step")
    page.keyboard.press("ArrowLeft")
    _wait_for_url(page, r"/map$")
    page.get_by_text("Step 1 of 2").first.wait_for(state="visible", timeout=30000)
    page.get_by_role("button", name="End tour").click()
    wait_until_idle(page)
    page.locator('[data-testid="stSidebar"]').first.wait_for(state="visible", timeout=30000)
    assert not refused, refused

    # the link and the file each bring the tour back in a fresh browser session
    other = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        tab = other.new_page()
        tab.goto(tour_link)
        tab.wait_for_selector('[data-testid="stMain"] h1', timeout=90000)
        wait_until_idle(tab)
        tab.get_by_text("Loaded a tour of 2 views from the link").first.wait_for(
            state="visible", timeout=30000
        )
        tab.get_by_role("button", name="Clear the tour").click()
        wait_until_idle(tab)
        tab.get_by_text("Your tour is empty").first.wait_for(state="visible", timeout=30000)
        tab.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(saved))
        wait_until_idle(tab)
        tab.get_by_text("Loaded 2 views from tour.json").first.wait_for(
            state="visible", timeout=30000
        )
        assert_no_exception(tab)
    finally:
        other.close()
