"""The Atlas in another language in real Chromium: a Catalan link, the picker, links keep it."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import assert_no_exception, open_page, screenshot, wait_until_idle

pytestmark = pytest.mark.e2e

NAV = '[data-testid="stSidebar"]'  # the menu is the Atlas's own (ui/pages_folder.py)
PICKER = ".st-key-language"
# Barcelona's population in data/cities.csv, grouped the Catalan and the French way
CATALAN_POPULATION = re.compile(r"1\.\d{3}\.\d{3}")
FRENCH_POPULATION = re.compile("1\u202f\\d{3}\u202f\\d{3}")


def _lang(tab) -> str:
    return tab.evaluate("document.documentElement.lang")


def _main_text(tab) -> str:
    return tab.locator('[data-testid="stMain"]').inner_text()


def test_a_catalan_link_the_picker_and_links_keeping_the_language(page, app_url):
    open_page(page, f"{app_url}/profile?city=barcelona-es&lang=ca")
    assert_no_exception(page)
    page.wait_for_function("document.documentElement.lang === 'ca'", timeout=30000)
    assert page.locator(NAV).get_by_text("Visió general", exact=True).count() == 1
    assert page.locator(NAV).get_by_text("Perfil de ciutat", exact=True).count() == 1
    assert CATALAN_POPULATION.search(_main_text(page)), "no number grouped the Catalan way"
    assert "lang=ca" in page.url
    screenshot(page, "language-profile-ca")

    # the picker: choose French
    page.locator(PICKER).locator("input").click()
    page.keyboard.type("Fran")
    page.get_by_role("option", name="Français").click()
    wait_until_idle(page)
    page.wait_for_function("document.documentElement.lang === 'fr'", timeout=30000)
    assert_no_exception(page)
    assert page.locator(NAV).get_by_text("Vue d'ensemble", exact=True).count() == 1
    assert FRENCH_POPULATION.search(_main_text(page)), "no number grouped the French way"
    page.wait_for_function("location.search.includes('lang=fr')", timeout=15000)
    assert "city=barcelona-es" in page.url  # the view itself is kept

    # another page from the menu: still French, and its link says so
    page.locator(NAV).get_by_text("Carte", exact=True).click()
    wait_until_idle(page)
    assert_no_exception(page)
    page.wait_for_function("location.search.includes('lang=fr')", timeout=15000)
    assert _lang(page) == "fr"
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() != "Map"
