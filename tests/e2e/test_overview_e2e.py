"""The Overview in real Chromium: no exception box, the offline map canvas is drawn."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import assert_no_exception, drawn_fraction, screenshot, wait_until_idle

pytestmark = pytest.mark.e2e

MAP = '[data-testid="stDeckGlJsonChart"]'


def test_overview_draws_map_offline(page, app_url):
    failed = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    page.goto(f"{app_url}/")
    wait_until_idle(page)
    assert_no_exception(page)
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator("h1").first.inner_text().strip() == "City Science Diplomacy Atlas"
    page.wait_for_selector(f"{MAP} canvas", timeout=30000)
    page.wait_for_timeout(1500)  # deck.gl draws on the next animation frames
    fraction = drawn_fraction(page, MAP)
    screenshot(page, "overview")
    # country outlines, ocean and dots: far more than a blank canvas
    assert fraction > 0.05, f"map looks blank ({fraction:.1%} of pixels drawn)"
    assert not [u for u in failed if u.startswith("http") and "127.0.0.1" not in u], failed


def test_overview_city_search_shows_facts(page, app_url):
    page.goto(f"{app_url}/")
    wait_until_idle(page)
    search = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first
    search.click()
    page.keyboard.type("Barcelona, Spain")
    page.get_by_role("option", name="Barcelona, Spain").first.click()
    wait_until_idle(page)
    assert_no_exception(page)
    page.get_by_text("Spain · Europe").first.wait_for(state="visible", timeout=30000)
    screenshot(page, "overview-city")


def test_overview_findings_link_to_their_views(page, app_url):
    page.goto(f"{app_url}/")
    wait_until_idle(page)
    assert_no_exception(page)
    finding = page.locator(".st-key-finding-top_gii_cluster_rank")
    assert "ranked 1st" in finding.inner_text()
    assert "Source" in finding.inner_text()
    link = finding.get_by_role("link", name="Open this ranking")
    assert "indicator=gii_cluster_rank" in (link.get_attribute("href") or "")
    link.click()
    # The link carries ?indicator=gii_cluster_rank; the Rankings page then drops a choice
    # that is its default from the address (short links), so the check is what it shows, not
    # a transient address a loaded machine can miss.
    page.locator("h1", has_text="Rankings").first.wait_for(state="visible", timeout=60000)
    wait_until_idle(page)
    assert_no_exception(page)
    assert "/rankings" in page.url
    # the chart's text alternative names the indicator the link chose
    page.get_by_text("Dot chart, GII S&T cluster rank", exact=False).first.wait_for(
        state="visible", timeout=30000
    )
    assert page.locator("h1").first.inner_text().strip() == "Rankings"


def test_overview_findings_on_a_phone(browser, app_url):
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        phone.goto(f"{app_url}/")
        wait_until_idle(phone)
        assert_no_exception(phone)
        card = phone.locator(".st-key-finding-most_foreign_posts")
        box = card.bounding_box()
        assert box is not None and box["width"] <= 390
        screenshot(phone, "overview-phone")
    finally:
        phone.close()


def test_overview_in_catalan_groups_digits_and_keeps_the_language(page, app_url):
    page.goto(f"{app_url}/?lang=ca")
    wait_until_idle(page)
    assert_no_exception(page)
    # the page sets <html lang> from a script once it is drawn: wait for it, then check
    page.wait_for_function("document.documentElement.lang === 'ca'", timeout=30000)
    assert page.get_by_role("heading", name="El que diuen les dades").count() == 1
    finding = page.locator(".st-key-finding-top_gii_cluster_rank")
    assert "en la 1a posició" in finding.inner_text()
    search = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first
    search.click()
    page.keyboard.type("Barcelona")
    # the country's name is in Catalan once the place names are (issue 18e)
    page.get_by_role("option", name=re.compile(r"^Barcelona, ")).first.click()
    wait_until_idle(page)
    assert_no_exception(page)
    # the rerun the choice starts may not have begun when the app was last idle: wait for it
    page.get_by_text("Població: 1.686.208", exact=False).first.wait_for(
        state="visible", timeout=30000
    )
    # the city is in the link, and so is the language the link chose
    page.wait_for_url("**city=barcelona-es*", timeout=30000)
    assert "lang=ca" in page.url
    screenshot(page, "overview-ca-city")
