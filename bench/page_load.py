"""A page's first render in Chromium, the bytes it costs and the server's memory, beside the
bare page and the chart floor served in the same run."""

from __future__ import annotations

import contextlib
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from bench/: the packages are beside

from bench.harness import DRAWN, Server, chromium  # noqa: E402
from bench.page_report import summarize  # noqa: E402
from ui.registry import PageSpec as PageInfo  # noqa: E402

BARE_APP = 'import streamlit as st\n\nst.write("Hello")\n'
# The bare page plus one tiny chart of each kind the Atlas draws: a plotly figure, a pydeck
# map without tiles and a data grid. Streamlit loads each kind's script (plotly 4.6 MB, deck.gl
# 3.0 MB, the grid 1.2 MB) only when a page first shows one, so this is the smallest page that
# pays what any Atlas page with a chart pays; a page's ratio to it is the Atlas's own share.
FLOOR_MAP = "st.pydeck_chart(pdk.Deck(layers=[dot], map_provider=None))\n"
FLOOR_APP = (
    """import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

st.write("Hello")
st.plotly_chart(go.Figure(go.Bar(x=[1, 2], y=[3, 4])))
dot = pdk.Layer("ScatterplotLayer", data=[{"p": [0, 0]}], get_position="p", get_radius=9)
"""
    + FLOOR_MAP
    + 'st.dataframe(pd.DataFrame({"a": [1, 2]}))\n'
)

# In-page probe: remembers when the app last became idle with everything drawn in the main
# area: the script has finished (no running indicator), there is content, no element is still
# a loading skeleton, every plotly chart has drawn its SVG, every map its canvas, and every
# image has loaded. A chart whose script chunk is still being fetched does not count as drawn.
RENDER_PROBE = (
    """
(() => {
  window.__atlasRender = null;
  const drawn = """
    + DRAWN
    + """;
  setInterval(() => {
    const running = document.querySelector('[data-testid="stStatusWidget"]');
    if (!running && drawn()) {
      if (window.__atlasRender === null) window.__atlasRender = performance.now();
    } else {
      window.__atlasRender = null;
    }
  }, 20);
})();
"""
)


# --------------------------------------------------------------------------- server, browser


def streamlit_bundle(url: str) -> bool:
    """Whether `url` is Streamlit's own JavaScript and CSS (/static/...), the same for every
    page and left out of a page's bytes; the app's own files (/app/static/..., the maps'
    basemap picture) are not, since a first visit fetches them."""
    path = urllib.parse.urlparse(url).path
    return "/static/" in path and "/app/static/" not in path


def wait_until_rendered(tab: Any, timeout_s: float = 300, quiet_s: float = 1.5) -> float:
    """Wait until the app has been idle with content for `quiet_s`; return the render time.

    The time is the probe's timestamp (ms since navigation start) of the moment it became
    idle for good, so the quiet period itself is not counted.
    """
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        done = tab.evaluate("window.__atlasRender")
        if done is not None and tab.evaluate("performance.now()") - done > quiet_s * 1000:
            return float(done)
        time.sleep(0.1)
    raise TimeoutError(f"the page was still running after {timeout_s:.0f} s")


@dataclass
class PageLoad:
    render_ms: float
    ws_bytes: int
    http_bytes: int
    static_bytes: int
    exception: bool
    landed: str = ""  # the path the app showed in the end (an unknown page falls back)
    warm_render_ms: float | None = None  # opened again in the same browser: scripts cached


def load_page(
    browser: Any,
    url: str,
    timeout_s: float = 300,
    warm_too: bool = False,
    check_shell: bool = True,
) -> PageLoad:
    """Open `url` in a fresh context (a new session); render time and bytes received.

    With `warm_too`, the page is opened once more in the same context (a new session, but
    the browser cache holds Streamlit's JavaScript), and that render time is kept too. Bytes
    are those of the first (cold) load.
    """
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.add_init_script(RENDER_PROBE)
    tab = context.new_page()
    counts = {"ws": 0, "http": 0, "static": 0}

    def on_ws(ws: Any) -> None:
        ws.on(
            "framereceived", lambda payload: counts.__setitem__("ws", counts["ws"] + len(payload))
        )

    def on_response(response: Any) -> None:
        try:
            size = response.request.sizes()["responseBodySize"]
        except Exception:  # a cancelled request has no sizes
            return
        key = "static" if streamlit_bundle(response.url) else "http"
        counts[key] += max(0, size)

    tab.on("websocket", on_ws)
    tab.on("requestfinished", lambda request: on_response(request.response()))
    try:
        tab.goto(url, timeout=timeout_s * 1000)
        render = wait_until_rendered(tab, timeout_s)
        exception = tab.locator('[data-testid="stException"]').count() > 0
        landed = urllib.parse.urlparse(tab.url).path
        if check_shell and tab.locator(".st-key-atlas_nav").count() == 0:
            # app.py failed before st.navigation: whatever was drawn is not the page
            landed = "(no navigation: app.py failed, see the server log)"
        cold = dict(counts)  # the handlers stay attached: keep the first load's bytes
        warm = None
        if warm_too:  # a returning visitor: the JavaScript bundle comes from the cache
            tab.goto(url, timeout=timeout_s * 1000)
            warm = wait_until_rendered(tab, timeout_s)
    finally:
        context.close()
    return PageLoad(render, cold["ws"], cold["http"], cold["static"], exception, landed, warm)


def first_visits(
    browser: Any, data_dir: Path, page: PageInfo, repeats: int, log_dir: Path
) -> dict[str, Any]:
    """The first visitor of a freshly started server, `repeats` times (a server each time).

    The visitor opens `page` as soon as the server answers its health check, as a diplomat
    does who starts the Atlas and opens it; medians of the render time (navigation start to
    drawn) and of the time from starting the server process to the drawn page.
    """
    renders: list[float] = []
    from_start: list[float] = []
    for n in range(repeats):
        print(f"  first visitor of a fresh server ({n + 1}/{repeats})", flush=True)
        with Server(ROOT / "app.py", data_dir, log=log_dir / f"server-first-{n}.log") as app:
            loaded = load_page(browser, f"{app.url}/{page.link}")
            from_start.append((time.perf_counter() - app.started) * 1000)
            renders.append(loaded.render_ms)
    return {
        "page": page.path,
        "n": len(renders),
        "render_ms": statistics.median(renders) if renders else None,
        "start_to_drawn_ms": statistics.median(from_start) if from_start else None,
    }


def browser_measure(
    data_dir: Path, pages: list[PageInfo], repeats: int, log_dir: Path
) -> dict[str, Any]:
    """First render, bytes and server memory per page, beside the bare page, in one run."""
    result: dict[str, Any] = {"pages": {}}
    with tempfile.TemporaryDirectory() as tmp:
        bare_script = Path(tmp) / "bare_app.py"
        bare_script.write_text(BARE_APP)
        floor_script = Path(tmp) / "floor_app.py"
        floor_script.write_text(FLOOR_APP)
        with contextlib.ExitStack() as stack:
            browser = stack.enter_context(chromium())
            bare = stack.enter_context(Server(bare_script, log=log_dir / "server-bare.log"))
            floor = stack.enter_context(Server(floor_script, log=log_dir / "server-floor.log"))
            load_page(browser, bare.url, check_shell=False)  # the browser's own first start
            load_page(browser, floor.url, check_shell=False)
            result["first_visit"] = first_visits(browser, data_dir, pages[0], repeats, log_dir)
            app = stack.enter_context(
                Server(ROOT / "app.py", data_dir, log=log_dir / "server-app.log")
            )
            result["server"] = {"start_mb": app.rss_mb()}
            load_page(browser, f"{app.url}/{pages[0].link}")  # its first visitor
            bare_times: list[float] = []
            bare_warm: list[float] = []
            floor_times: list[float] = []
            floor_warm: list[float] = []
            per_page: dict[str, list[PageLoad]] = {p.path: [] for p in pages}
            rss: dict[str, float | None] = {}
            for round_ in range(repeats):
                bare_load = load_page(browser, bare.url, warm_too=True, check_shell=False)
                bare_times.append(bare_load.render_ms)
                bare_warm.append(bare_load.warm_render_ms)
                floor_load = load_page(browser, floor.url, warm_too=True, check_shell=False)
                floor_times.append(floor_load.render_ms)
                floor_warm.append(floor_load.warm_render_ms)
                for page in pages:
                    print(f"  browser {page.path} ({round_ + 1}/{repeats})", flush=True)
                    url = f"{app.url}/{page.link}"
                    try:
                        loaded = load_page(browser, url, warm_too=True)
                    except Exception as err:  # noted, the other pages still measured
                        result["pages"].setdefault(page.path, {})["error"] = str(err)[:200]
                        continue
                    finally:
                        rss[page.path] = app.rss_mb()
                    shown = loaded.landed.strip("/")
                    if shown != page.url_path and not (page.default and shown == ""):
                        result["pages"].setdefault(page.path, {})["error"] = (
                            f"opened /{page.url_path} but the app showed {loaded.landed}"
                        )
                        continue
                    per_page[page.path].append(loaded)
            result["bare_render"] = summarize(bare_times)
            result["bare_render_warm"] = summarize(bare_warm)
            result["floor_render"] = summarize(floor_times)
            result["floor_render_warm"] = summarize(floor_warm)
            result["server"]["peak_mb"] = app.peak_mb()
            result["server"]["end_mb"] = app.rss_mb()
    bare_median = result["bare_render"]["median"]
    bare_warm_median = result["bare_render_warm"]["median"]
    floor_median = result["floor_render"]["median"]
    later = [x.render_ms for x in per_page[pages[0].path]]
    if later and result["first_visit"]["render_ms"] is not None:
        result["first_visit"]["later_median_ms"] = statistics.median(later)
        result["first_visit"]["ratio"] = result["first_visit"]["render_ms"] / statistics.median(
            later
        )
    for page in pages:
        loads = per_page[page.path]
        row = result["pages"].setdefault(page.path, {})
        row["rss_mb"] = rss.get(page.path)
        if not loads:
            continue
        render = summarize([x.render_ms for x in loads])
        row["render"] = render
        row["render_ratio"] = render["median"] / bare_median if bare_median else None
        row["render_floor_ratio"] = render["median"] / floor_median if floor_median else None
        warm = summarize([x.warm_render_ms for x in loads if x.warm_render_ms is not None])
        row["render_warm"] = warm
        row["render_warm_ratio"] = warm["median"] / bare_warm_median if bare_warm_median else None
        floor_warm = result["floor_render_warm"]["median"]
        row["render_floor_warm_ratio"] = warm["median"] / floor_warm if floor_warm else None
        row["bytes"] = statistics.median([x.ws_bytes + x.http_bytes for x in loads])
        row["ws_bytes"] = statistics.median([x.ws_bytes for x in loads])
        row["static_bytes"] = statistics.median([x.static_bytes for x in loads])
        row["exception_shown"] = any(x.exception for x in loads)
    return result
