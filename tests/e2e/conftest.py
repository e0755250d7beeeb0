"""Start the real app on a free port and drive Debian's Chromium with Playwright.

Screenshots are written to test-artifacts/e2e/ (git-ignored) so a reviewer can look at what
the browser drew.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.harness import CHROMIUM, Server, chromium, wait_until_drawn, wait_until_idle

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "e2e"


def server_log(log_name: str) -> Path:
    """Where a test server writes its log: one file per pytest-xdist worker."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return ARTIFACTS / (log_name.replace(".log", f"-{worker}.log") if worker else log_name)


@contextmanager
def running_app(log_name: str = "server.log") -> Iterator[str]:
    """Start the app as run_app.sh does (scripts/serve.py: `streamlit run app.py`, the data
    loaded at start) on a free port, wait for /_stcore/health, yield its URL."""
    server = Server(log=server_log(log_name), health_timeout_s=60)
    try:
        server.start()
    except RuntimeError as err:
        pytest.fail(str(err))
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `bash scripts/setup.sh --dev`")
    with chromium() as instance:
        yield instance


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    tab = context.new_page()
    yield tab
    context.close()


def assert_no_exception(tab) -> None:
    boxes = tab.locator('[data-testid="stException"]')
    assert boxes.count() == 0, f"exception shown on the page: {boxes.first.inner_text()[:500]}"


def screenshot(tab, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


def drawn_fraction(tab, selector: str) -> float:
    """Share of the element's pixels that differ from its most common colour (the background)."""
    from io import BytesIO

    from PIL import Image

    element = tab.locator(selector).first
    element.wait_for(state="visible", timeout=30000)
    image = Image.open(BytesIO(element.screenshot())).convert("RGB")
    pixels = list(image.getdata())
    background = max(set(pixels[:: max(1, len(pixels) // 5000)]), key=pixels.count)
    differing = sum(
        1 for p in pixels[::7] if sum(abs(a - b) for a, b in zip(p, background, strict=True)) > 30
    )
    return differing / len(pixels[::7])


MAP = '[data-testid="stDeckGlJsonChart"]'
# a chart in a chart panel's tabs (legends are plotly figures too, outside tabs)
PANEL_CHART = '[data-testid="stTabs"] [data-testid="stPlotlyChart"]'


def open_page(tab, url: str) -> None:
    """Open a page and wait for its title: a cold server's first run can outlast the idle
    check's first quiet second."""
    tab.goto(url)
    tab.wait_for_selector('[data-testid="stMain"] h1', timeout=90000)
    wait_until_idle(tab)


def show_top(tab) -> None:
    """Back to the top, in a taller window, so the screenshot shows the page's first views
    (Streamlit scrolls inside its own container, which a full-page shot does not unroll)."""
    tab.set_viewport_size({"width": 1440, "height": 2200})
    tab.locator('[data-testid="stMain"] h1').first.scroll_into_view_if_needed()
    wait_until_drawn(tab, timeout_s=60, required=False)  # the screenshot is for a reader
    tab.wait_for_timeout(300)  # plotly redraws at the new size on its resize event


def draw_map_and_chart(tab, url: str, name: str) -> tuple[float, float, list[str]]:
    """Open a page with a map and a panel chart; return how much of each is drawn, after a
    screenshot, and the requests that went outside this machine (there must be none)."""
    failed: list[str] = []
    tab.on("requestfailed", lambda req: failed.append(req.url))
    open_page(tab, url)
    assert_no_exception(tab)
    tab.wait_for_selector(f"{MAP} canvas", timeout=30000)
    tab.wait_for_selector(f"{PANEL_CHART} .main-svg", timeout=30000)
    tab.wait_for_timeout(1500)  # deck.gl draws on the next animation frames
    map_drawn = drawn_fraction(tab, MAP)
    chart_drawn = drawn_fraction(tab, PANEL_CHART)
    show_top(tab)
    screenshot(tab, name)
    outside = [u for u in failed if u.startswith("http") and "127.0.0.1" not in u]
    return map_drawn, chart_drawn, outside


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each browser test gets one retry (pytest-rerunfailures; the report marks it R).

    On CI's two cores, two app servers and two Chromiums share the machine with the AppTests,
    and one browser test in several hundred has missed a 30 s wait that passes alone (stops 24
    and 25). A test that fails twice still fails the run.
    """
    e2e = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().parent == e2e:
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))
