"""The briefing opens in Chromium with networking disabled and draws its map and chart."""

from __future__ import annotations

import datetime as dt

import pytest

from atlas.load import load_atlas
from components.briefing import briefing_html
from tests.e2e.conftest import ARTIFACTS, open_page

pytestmark = pytest.mark.e2e


def test_briefing_opens_offline_and_draws(browser, tmp_path):
    html = briefing_html(load_atlas(), ["barcelona-es"], generated=dt.date(2026, 11, 25))
    path = tmp_path / "briefing-barcelona.html"
    path.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1100, "height": 1400}, offline=True)
    requests: list[str] = []
    context.on("request", lambda req: requests.append(req.url))
    tab = context.new_page()
    tab.goto(path.as_uri())
    assert tab.locator("h1").inner_text().startswith("Science diplomacy briefing: Barcelona")
    map_svg = tab.locator("svg").first
    box = map_svg.bounding_box()
    assert box and box["width"] > 800 and box["height"] > 300
    assert tab.locator("svg").first.locator("circle").count() > 5
    assert tab.locator("svg").nth(1).locator("rect").count() >= 4
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "briefing-barcelona.png"), full_page=True)
    assert [u for u in requests if not u.startswith("file://")] == []
    context.close()


def test_briefing_in_catalan_fits_its_labels(browser, tmp_path):
    from atlas.i18n import language

    with language("ca"):
        html = briefing_html(load_atlas(), ["barcelona-es"], generated=dt.date(2026, 11, 25))
    path = tmp_path / "briefing-barcelona-ca.html"
    path.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1100, "height": 1400}, offline=True)
    tab = context.new_page()
    tab.goto(path.as_uri())
    assert tab.evaluate("document.documentElement.lang") == "ca"
    assert tab.locator("h1").inner_text() == "Nota informativa de diplomàcia científica: Barcelona"
    # the reach chart's labels (the longest in Catalan) end before its bars begin
    widths = (
        tab.locator("svg")
        .nth(1)
        .evaluate(
            "svg => [...svg.querySelectorAll('text[font-size=\"14\"]')].map(t => t.getBBox().width)"
        )
    )
    first_bar = (
        tab.locator("svg")
        .nth(1)
        .evaluate("svg => Number(svg.querySelector('rect').getAttribute('x'))")
    )
    assert len(widths) == 4 and max(widths) < first_bar, (widths, first_bar)
    context.close()


def test_briefing_downloaded_from_a_catalan_profile_is_in_catalan(page, app_url):
    open_page(page, f"{app_url}/profile?city=barcelona-es&lang=ca")
    button = page.get_by_role("button", name="Nota informativa per consultar sense connexió (HTML)")
    with page.expect_download(timeout=60000) as download:
        button.first.click()
    html = download.value.path().read_text(encoding="utf-8")
    assert html.startswith('<!doctype html><html lang="ca">')
    assert "població 1.686.208" in html
