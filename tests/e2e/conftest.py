"""Start the real app on a free port and drive Debian's Chromium with Playwright.

Screenshots are written to test-artifacts/e2e/ (git-ignored) so a reviewer can look at what
the browser drew.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "e2e"
CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(log_name: str = "server.log") -> Iterator[str]:
    """Start the app as run_app.sh does (scripts/serve.py: `streamlit run app.py`, the data
    loaded at start) on a free port, wait for /_stcore/health, yield its URL."""
    port = _free_port()
    log = ARTIFACTS / log_name
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "scripts/serve.py",  # `streamlit run app.py`, the data loaded at start
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            proc.kill()
            pytest.fail(f"the app did not answer /_stcore/health within 60 s; see {log}")
        try:
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `bash scripts/setup.sh --dev`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    tab = context.new_page()
    yield tab
    context.close()


def wait_until_idle(tab, timeout_s: float = 60) -> None:
    """Streamlit shows a running indicator while a script runs; wait until it is gone."""
    tab.wait_for_selector('[data-testid="stApp"]', timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    quiet_since = None
    while time.monotonic() < deadline:
        running = tab.locator('[data-testid="stStatusWidget"]').count() > 0
        if running:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > 1.0:
            return
        time.sleep(0.2)
    raise AssertionError("the app was still running after the time limit")


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
    tab.wait_for_timeout(2000)


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
