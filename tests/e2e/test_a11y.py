"""axe-core in real Chromium on every page of ui/registry.py, at desktop and phone widths.

A serious or critical violation fails the test unless it is listed in `a11y_baseline.json`
with the upstream issue that explains why the Atlas cannot work around it. Each baseline
entry is a debt: it names the rule, the element (a CSS selector axe reports) and the link.
Pages added to the registry are covered without editing this file.

Run on its own and print the counts per page:
`.venv/bin/python -m pytest tests/e2e/test_a11y.py -q -s`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from bench.harness import wait_until_drawn
from tests.e2e.conftest import (
    ARTIFACTS,
    assert_no_exception,
    open_page,
    screenshot,
    wait_until_idle,
)
from ui.registry import PAGES as REGISTERED
from ui.registry import PageSpec as PageInfo

pytestmark = pytest.mark.e2e

BASELINE = Path(__file__).with_name("a11y_baseline.json")
FAILING_IMPACTS = ("serious", "critical")
# name: (width, height, colour scheme); Streamlit follows the browser's scheme, so "dark"
# checks the dark theme of .streamlit/config.toml
VIEWPORTS = {
    "desktop": (1440, 900, "light"),
    "phone": (390, 844, "light"),
    "desktop-dark": (1440, 900, "dark"),
}
PAGES = list(REGISTERED)
# Views a page shows only after a choice, audited too (the City profile's content needs a city).
CHOSEN_VIEWS = {
    "profile-city": "profile?city=barcelona-es",
    "map-city": "map?city=geneva-ch&layers=cities,hubs,networks",
    "compare-cities": "compare?cities=barcelona-es,munich-de,geneva-ch",
}


def load_baseline(path: Path = BASELINE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["entries"]


def excused(rule: str, target: str, page: str, baseline: Iterable[dict]) -> dict | None:
    """The baseline entry that covers this node of this rule on this page, if any."""
    for entry in baseline:
        if entry["rule"] != rule:
            continue
        if entry.get("pages", "*") != "*" and page not in entry["pages"]:
            continue
        if entry["target_contains"] in target:
            return entry
    return None


def serious_nodes(results: dict, page: str, baseline: list[dict]) -> tuple[list[str], list[str]]:
    """(failures, excused) as readable lines, one per violating element."""
    failures, debts = [], []
    for violation in results["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            line = f"{violation['id']} ({violation['impact']}) {target}: {violation['help']}"
            (debts if excused(violation["id"], target, page, baseline) else failures).append(line)
    return failures, debts


def run_axe(tab) -> dict:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(tab, options={"resultTypes": ["violations"]}).response


def page_url(app_url: str, info: PageInfo) -> str:
    return f"{app_url}/{info.link}"


def sideways_overflow(tab) -> int:
    """Pixels the page (or Streamlit's scrolling main area) can scroll sideways."""
    return tab.evaluate(
        """() => Math.max(...[document.documentElement,
              document.querySelector('[data-testid="stMain"]')]
            .filter(Boolean).map(el => el.scrollWidth - el.clientWidth))"""
    )


def audit(browser, url: str, viewport: str, shot: str | None = None) -> tuple[dict, int]:
    """axe results and sideways overflow of one page opened fresh at one window size."""
    width, height, scheme = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    tab = context.new_page()
    try:
        open_page(tab, url)
        assert_no_exception(tab)
        # charts and maps draw after the script ends; axe reads the page either way
        wait_until_drawn(tab, timeout_s=60, required=False)
        results = run_axe(tab)
        overflow = sideways_overflow(tab)
        if shot:
            screenshot(tab, shot)
        return results, overflow
    finally:
        context.close()


def test_baseline_entries_are_justified():
    for entry in load_baseline():
        assert entry["rule"] and entry["target_contains"], entry
        assert entry["upstream"].startswith("https://github.com/streamlit/streamlit/"), entry
        assert len(entry["reason"]) > 40, entry


def check(browser, url: str, name: str, viewport: str) -> None:
    shot = f"a11y-{name}-{viewport}"
    results, overflow = audit(browser, url, viewport, shot)
    # the full axe report beside the screenshot, for whoever fixes a failure
    (ARTIFACTS / f"{shot}.json").write_text(json.dumps(results["violations"], indent=1))
    failures, debts = serious_nodes(results, name, load_baseline())
    print(f"\naxe {name} {viewport}: {len(failures)} serious/critical, {len(debts)} debts")
    assert not failures, "\n".join(failures)
    width = VIEWPORTS[viewport][0]
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("info", PAGES, ids=[p.url_path for p in PAGES])
def test_no_serious_axe_violations(browser, app_url, info: PageInfo, viewport: str):
    check(browser, page_url(app_url, info), info.url_path, viewport)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("name", list(CHOSEN_VIEWS))
def test_no_serious_axe_violations_in_chosen_views(browser, app_url, name: str, viewport: str):
    check(browser, f"{app_url}/{CHOSEN_VIEWS[name]}", name, viewport)


def test_phone_layout_sidebar_collapsed_pills_wrap_metrics_two_up(browser, app_url):
    """On a 390 px phone the page comes first: sidebar closed, every layer choice in view,
    the Overview's headline figures two to a row."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        open_page(tab, f"{app_url}/map")
        sidebar_right = tab.locator('[data-testid="stSidebar"]').evaluate(
            "el => el.getBoundingClientRect().right"
        )
        assert sidebar_right <= 0, "the sidebar covers the page on a phone"
        pill = tab.get_by_role("button", name="City networks")
        box = pill.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390, "a layer pill is cut off"
        # the sidebar opens on request and holds the menu and the filters
        tab.locator('[data-testid="stExpandSidebarButton"]').click()
        tab.get_by_role("link", name="Data and methods").wait_for(state="visible")

        open_page(tab, f"{app_url}/")
        # on a loaded machine the Overview may still be drawing: wait for its fourth metric
        tab.locator('[data-testid="stMetric"]').nth(3).wait_for(state="visible", timeout=30000)
        tops = tab.locator('[data-testid="stMetric"]').evaluate_all(
            "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
        )
        assert len(tops) >= 4 and tops[0] == tops[1], f"metrics not side by side: {tops}"
    finally:
        context.close()


def tab_to(tab, selector_js: str, limit: int = 80) -> int:
    """Press Tab until the focused element matches `selector_js` (a JS predicate on `el`);
    return the number of presses. Fails when the keyboard cannot reach it."""
    for presses in range(1, limit + 1):
        tab.keyboard.press("Tab")
        if tab.evaluate(
            f"(() => {{ const el = document.activeElement; return {selector_js}; }})()"
        ):
            return presses
    raise AssertionError(f"Tab never reached the element ({selector_js}) in {limit} presses")


def test_map_city_choice_and_profile_by_keyboard_only(browser, app_url):
    """What a click on a dot does (choose a city, then open its profile) works from the
    keyboard: Tab to the city chooser, type, Enter; Tab to the profile link, Enter."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    tab = context.new_page()
    try:
        open_page(tab, f"{app_url}/map")
        tab_to(
            tab,
            "el.getAttribute('aria-label') && el.getAttribute('aria-label')"
            ".startsWith('Selected city')",
        )
        tab.keyboard.type("Geneva, Switzerland")
        tab.keyboard.press("Enter")
        # the choice reaches the link at the end of the rerun it starts
        tab.wait_for_url("**/map?**city=geneva-ch**", timeout=60000)
        wait_until_idle(tab)
        tab_to(tab, "el.tagName === 'A' && el.innerText.includes('Open the city profile')")
        tab.keyboard.press("Enter")
        tab.wait_for_url("**/profile?**city=geneva-ch**", timeout=60000)
        wait_until_idle(tab)
        assert_no_exception(tab)
        assert tab.get_by_role("heading", name="Geneva, Switzerland").count() >= 1
    finally:
        context.close()
