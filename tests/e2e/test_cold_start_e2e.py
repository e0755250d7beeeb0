"""A freshly started server's very first visitor may arrive through a deep link.

Streamlit serves that first visit the legacy `pages/` way (before `st.navigation` has run
once); the Atlas must still show the right page inside its shell, with no "Page not found".
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import assert_no_exception, running_app, server_log, wait_until_idle
from ui import warmup

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("path", "heading"),
    [("index_builder?preset=innovation", "Index builder"), ("map?layers=cities", "Map")],
)
def test_first_visit_through_a_deep_link(browser, path, heading):
    with running_app(log_name="server-cold.log") as url:
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        tab = context.new_page()
        tab.goto(f"{url}/{path}")
        wait_until_idle(tab)
        assert_no_exception(tab)
        assert tab.get_by_text("Page not found").count() == 0
        assert heading in tab.locator("h1").first.inner_text()
        # the shell ran: shared filters and the page list are in the sidebar
        sidebar = tab.locator('[data-testid="stSidebar"]')
        assert sidebar.get_by_text("Filters").count() >= 1
        # the menu's links are widgets: on a first visit they may still be placeholders when
        # the first run goes idle (the Index builder reruns once to publish its index)
        sidebar.get_by_text("Data and methods").first.wait_for(state="visible", timeout=60000)
        assert path.split("?")[1] in tab.url
        context.close()


def test_the_server_loads_the_data_before_the_first_visitor(browser):
    """Started as run_app.sh starts it, the server loads the data and warms the default views
    before its health check answers "ok"; the first visitor's run takes the loaded Atlas (the
    loader writes a line to the log when it has to load)."""
    log_name = "server-preload.log"
    with running_app(log_name=log_name) as url:
        log = server_log(log_name)
        # the health check said "ok" only once the load and the warm-up were over
        assert warmup.WARMED in log.read_text()
        deadline = time.monotonic() + 120
        while warmup.READY not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)  # waiting, not timing: the load runs on its own
        assert warmup.READY in log.read_text()
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        tab = context.new_page()
        tab.goto(url)
        wait_until_idle(tab)
        assert_no_exception(tab)
        assert "City Science Diplomacy Atlas" in tab.locator("h1").first.inner_text()
        # the Overview's five counts are drawn (read from the Atlas the server loaded)
        tab.locator('[data-testid="stMetric"]').nth(4).wait_for(timeout=60000)
        context.close()
        assert warmup.IN_VISITOR_RUN not in log.read_text()
