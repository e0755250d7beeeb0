"""City pickers in real Chromium: a city is found by its name in any language, or typed
without accents (Streamlit's type-to-search matches the label as written)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_no_exception, open_page, wait_until_idle

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("lang", "typed", "heading"),
    [
        ("ca", "Genève", "Geneva, Suïssa"),  # the French name on a Catalan page
        ("fr", "Ginebra", "Genève, Suisse"),  # the Spanish name on a French page
        ("en", "zurich", "Zürich, Switzerland"),  # no accents typed
    ],
)
def test_profile_picker_finds_a_city_by_any_of_its_names(page, app_url, lang, typed, heading):
    open_page(page, f"{app_url}/profile?lang={lang}")
    search = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first
    search.click()
    page.keyboard.type(typed)
    page.get_by_role("option").first.click()
    wait_until_idle(page)
    assert_no_exception(page)
    page.get_by_role("heading", name=heading).first.wait_for(state="visible", timeout=30000)
