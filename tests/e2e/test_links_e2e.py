"""Every page's link reopens the same view in a new browser: the parameters survive the first
run (nothing is dropped or rewritten) and no 'could not be followed' note appears."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import assert_no_exception, wait_until_idle

pytestmark = pytest.mark.e2e

LINKS = [
    "map?layers=cities,networks&indicator=gii_cluster_rank&city=geneva-ch",
    "profile?city=barcelona-es",
    "rankings?indicator=nature_index_rank&top=10",
    "compare?cities=barcelona-es,geneva-ch,munich-de",
    "index_builder?preset=innovation&norm=percentile",
    "partnerships?types=twinning",
    "hubs?types=landing+pad",
    "data_methods?section=coverage",
    "?region=Europe",
]


@pytest.mark.parametrize("link", LINKS)
def test_link_reopens_the_same_view(browser, app_url, link):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    tab = context.new_page()
    tab.goto(f"{app_url}/{link}")
    wait_until_idle(tab)
    assert_no_exception(tab)
    assert tab.get_by_text("Page not found").count() == 0
    assert tab.get_by_text("could not be followed exactly").count() == 0
    asked = parse_qs(urlparse(f"{app_url}/{link}").query)
    kept = parse_qs(urlparse(tab.url).query)
    assert kept == asked
    context.close()
