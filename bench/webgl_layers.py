"""What each kind of deck.gl layer costs a map's first draw in Chromium without a GPU.

Not part of the test run. Issue 20's warm loads of map pages are bimodal: most loads take
1.5-2 s, one in three 3.5-4.5 s. A trace shows why: under ``--disable-gpu`` WebGL runs in
SwiftShader in the GPU process, and the renderer's main thread waits in ``Commit`` on
``GLES2::ReadPixels`` (the software compositor reading the map's canvas back) until the GPU
process has run the map's first frame, which compiles every layer's shaders. When that wait
falls before the last chart is drawn, the load is a slow one. Users whose browser has no GPU
acceleration (virtual machines, remote desktops, blocklisted drivers) get the same frozen tab.

This serves the chart floor of bench/page_load.py with the map's layers varied, one server
per variant, and traces ``--loads`` warm loads of each: the GPU process's WebGL time, the
main thread's read-back wait, and the first render as bench_pages measures it (medians). The
variants are the Atlas's own map layers (components/map_deck.py, map_points.py, map_arcs.py)
and two candidate stand-ins for the borders tried in issue 20 (a LineLayer of border segments,
an extruded wireframe).

    python bench/webgl_layers.py --loads 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from bench/: the packages are beside

from bench.harness import Server, chromium  # noqa: E402
from bench.page_load import (  # noqa: E402
    FLOOR_APP,
    FLOOR_MAP,
    RENDER_PROBE,
    wait_until_rendered,
)

# The chart floor's map with its layers left to the variant (LAYERS below, in Python source):
# the rest of the page is bench/page_load.py's floor itself.
MAP = """import sys
sys.path.insert(0, {root!r})
from components.map_base import DEFAULT_VIEW
from components.map_deck import (
    BASEMAP_FILES, STATIC_DIR, WORLD_BOUNDS, _CompactDeck, country_layer, load_country_outlines,
    ocean_layer,
)

outlines = load_country_outlines()
layers = [{layers}]
view = pdk.ViewState(**DEFAULT_VIEW)
st.pydeck_chart(_CompactDeck(layers=layers, map_provider=None, initial_view_state=view))
"""

# The sea as the vector rectangle every map drew before issue 20 (now a one-pixel picture).
VECTOR_SEA = (
    "pdk.Layer('SolidPolygonLayer', data=[{'p': [[-540, -85], [540, -85], [540, 85], [-540, 85]]}],"
    " get_polygon='p', get_fill_color=[220, 233, 245])"
)
# The basemap picture inlined (pydeck reads a local path into the spec): the variant's server
# runs from a temporary folder with no static/ to serve it from. The GPU's work is the same.
PICTURE = (
    "ocean_layer(), pdk.Layer('BitmapLayer', image=str(STATIC_DIR / BASEMAP_FILES['light']),"
    " bounds=WORLD_BOUNDS)"
)
ARCS = (
    "pdk.Layer('ArcLayer', data=[{'s': [2, 48], 't': [-74, 40]}], get_source_position='s',"
    " get_target_position='t')"
)
LAYERS = {
    "floor (one dot)": "dot",
    "+ vector sea, land and borders (every Atlas map before)": (
        f"{VECTOR_SEA}, country_layer(outlines), dot"
    ),
    "+ sea and basemap picture (every Atlas map now)": f"{PICTURE}, dot",
    "+ vector sea, land, borders and arcs (Partnerships before)": (
        f"{VECTOR_SEA}, country_layer(outlines), dot, {ARCS}"
    ),
    "+ sea, basemap picture and arcs (Partnerships now)": f"{PICTURE}, dot, {ARCS}",
}


CATEGORIES = ["devtools.timeline", "gpu"]  # the main thread's tasks and the GPU process's


def app_source(layers: str) -> str:
    """The floor page with `layers` (Python source of a list's items) as its map's layers."""
    return FLOOR_APP.replace(FLOOR_MAP, MAP.format(root=str(ROOT), layers=layers))


def gpu_costs(events: list[dict[str, Any]]) -> dict[str, float]:
    """The GPU process's WebGL work and the renderer's read-back waits in one trace, in ms."""
    threads = {
        (e["pid"], e["tid"]): e["args"]["name"]
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name"
    }

    def total(name: str, thread: str | None = None) -> float:
        return (
            sum(
                e.get("dur", 0)
                for e in events
                if e.get("ph") == "X"
                and e.get("name") == name
                and (thread is None or threads.get((e.get("pid"), e.get("tid"))) == thread)
            )
            / 1000
        )

    return {"webgl_ms": total("WebGL", "CrGpuMain"), "readback_ms": total("GLES2::ReadPixels")}


def measure(browser: Any, source: str, loads: int, folder: Path) -> dict[str, Any]:
    """Warm loads of one variant's page: render, WebGL and read-back medians."""
    script = folder / "variant.py"  # one server at a time: each variant overwrites the last
    script.write_text(source, encoding="utf-8")
    trace = folder / "trace.json"
    rows = []
    with Server(script, log=folder / "server.log") as app:
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        context.add_init_script(RENDER_PROBE)
        tab = context.new_page()
        for _ in range(2):  # scripts into the cache
            tab.goto(app.url)
            wait_until_rendered(tab, quiet_s=1.0)
            tab.goto("about:blank")
        for _ in range(loads):
            browser.start_tracing(page=tab, path=str(trace), categories=CATEGORIES)
            tab.goto(app.url)
            render = wait_until_rendered(tab, quiet_s=1.0)
            browser.stop_tracing()
            tab.goto("about:blank")
            raw = json.loads(trace.read_text(encoding="utf-8"))
            rows.append({"render_ms": render, **gpu_costs(raw.get("traceEvents", raw))})
        context.close()
    return {
        **{k: statistics.median(r[k] for r in rows) for k in rows[0]},
        "renders": [round(r["render_ms"]) for r in rows],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5, help="warm loads per variant")
    args = parser.parse_args(argv)
    print("| map layers | WebGL in the GPU process | main thread waiting on it | first render |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        for name, layers in LAYERS.items():
            got = measure(browser, app_source(layers), args.loads, Path(tmp))
            print(
                f"| {name} | {got['webgl_ms']:.0f} ms | {got['readback_ms']:.0f} ms "
                f"| {got['render_ms']:.0f} ms {got['renders']} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
