"""Benchmark every page of ui/registry.py at several data scales; write bench/RESULTS.md.

Not part of the test run (it takes minutes and its figures depend on the machine). Run::

    python bench/bench_pages.py --scales curated 1 10          # about 15 minutes here
    python bench/bench_pages.py --scales 100 --runs 5 --repeats 3   # heavy: ~1 GB, 30+ min

For each scale (`curated` = data/, a number = synthetic data from scripts/make_synthetic.py,
generated into bench/out/synthetic-<scale>/ when missing) it measures, for every page:

1. **Rerun** (server side): the page is opened through app.py with Streamlit's AppTest (as
   bench/rerun.py does), its first option widget in the main area is found automatically
   (selectbox, multiselect, pills/segmented control, radio, toggle, checkbox or slider) and
   switched between two values; each rerun is timed. Median and 90th percentile. One more
   rerun runs under cProfile and the project functions taking the most time are kept, so a
   page that misses its target comes with its hotspot. Runs in a subprocess per scale with
   ATLAS_DATA_DIR set, so each scale starts from a cold process.
2. **Browser** (a real `streamlit run` server with ATLAS_DATA_DIR set, Debian Chromium
   headless): each page is opened in a fresh browser context `--repeats` times beside a bare
   one-line Streamlit page served by a second server in the same run, and beside the "chart
   floor" (FLOOR_APP: the bare page plus one tiny chart of each kind, served by a third).
   Time to first full render = from navigation start until Streamlit's running indicator
   ([data-testid="stStatusWidget"]) is gone and every chart, map and image of the main area
   is drawn (timestamp taken in the page, see RENDER_PROBE), cold (fresh browser profile:
   Streamlit's JavaScript is downloaded, and a page with charts or maps loads the extra
   chunks for them) and warm (the
   same page opened again in that browser, a new session with the scripts cached). Bytes
   sent to the browser = websocket frames received plus HTTP bodies other than the static
   JavaScript bundle (which is the same for every page and cached by browsers). A load that
   ends on another page or without the navigation (app.py failed) is an error, not a
   figure. Server memory: resident set size after each page, and the process
   peak (VmHWM from /proc) after all pages.

Medians over several repeats; nothing asserts on time. The machine is shared: the load
average at start and end is written beside the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import io
import json
import math
import os
import platform
import pstats
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as `python bench/bench_pages.py`: the packages are beside

from bench.harness import Server, chromium  # noqa: E402
from ui.registry import PAGES as REGISTERED  # noqa: E402
from ui.registry import PageSpec as PageInfo  # noqa: E402

OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "RESULTS.md"
LOAD_RESULTS = OUT / "load-test.json"
BARE_APP = 'import streamlit as st\n\nst.write("Hello")\n'
# The bare page plus one tiny chart of each kind the Atlas draws: a plotly figure, a pydeck
# map without tiles and a data grid. Streamlit loads each kind's script (plotly 4.6 MB, deck.gl
# 3.0 MB, the grid 1.2 MB) only when a page first shows one, so this is the smallest page that
# pays what any Atlas page with a chart pays; a page's ratio to it is the Atlas's own share.
FLOOR_APP = """import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

st.write("Hello")
st.plotly_chart(go.Figure(go.Bar(x=[1, 2], y=[3, 4])))
dot = pdk.Layer("ScatterplotLayer", data=[{"p": [0, 0]}], get_position="p", get_radius=9)
st.pydeck_chart(pdk.Deck(layers=[dot], map_provider=None))
st.dataframe(pd.DataFrame({"a": [1, 2]}))
"""

#: PRODUCT.md targets. Rerun: 150 ms at curated size (1x), 1.5 s at 100x; memory and bytes at
#: 100x; first render within 1.5 times the bare page at any scale.
RERUN_TARGET_MS = {"curated": 150.0, "1": 150.0, "100": 1500.0}
MEMORY_TARGET_MB = 1024.0
BYTES_TARGET = 5 * 1024 * 1024
RENDER_RATIO_TARGET = 1.5

# In-page probe: remembers when the app last became idle with everything drawn in the main
# area: the script has finished (no running indicator), there is content, no element is still
# a loading skeleton, every plotly chart has drawn its SVG, every map its canvas, and every
# image has loaded. A chart whose script chunk is still being fetched does not count as drawn.
RENDER_PROBE = """
(() => {
  window.__atlasRender = null;
  const drawn = () => {
    const main = document.querySelector('[data-testid="stMain"]');
    if (!main || !main.querySelector('[data-testid="stElementContainer"]')) return false;
    if (main.querySelector('[data-testid="stSkeleton"]')) return false;
    for (const chart of main.querySelectorAll('[data-testid="stPlotlyChart"]')) {
      if (!chart.querySelector('.main-svg')) return false;
    }
    for (const deck of main.querySelectorAll('[data-testid="stDeckGlJsonChart"]')) {
      if (!deck.querySelector('canvas')) return false;
    }
    for (const img of main.querySelectorAll('[data-testid="stImage"] img')) {
      if (!img.complete) return false;
    }
    return true;
  };
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


# --------------------------------------------------------------------------- pure helpers


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between order statistics."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarize(values: Sequence[float]) -> dict[str, float]:
    """Median, 90th and 95th percentile, min, max and count of a sample."""
    if not values:
        return {"n": 0, "median": math.nan, "p90": math.nan, "p95": math.nan}
    return {
        "n": len(values),
        "median": statistics.median(values),
        "p90": percentile(values, 90),
        "p95": percentile(values, 95),
        "min": min(values),
        "max": max(values),
    }


def registered_pages() -> list[PageInfo]:
    """Every page of the Atlas, in menu order, as ui/registry.py lists them (app.py routes the
    same list)."""
    return list(REGISTERED)


def format_ms(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"


def format_bytes(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if value >= 1024 * 1024:
        return f"{value / 1024 / 1024:.1f} MB"
    return f"{value / 1024:.0f} kB"


def format_mb(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.0f} MB"


def verdict(value: float | None, limit: float | None) -> str:
    """' ✗' when a figure misses its target, '' otherwise (or when there is no target)."""
    if value is None or limit is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return " ✗" if value > limit else ""


def machine_info() -> dict[str, Any]:
    """Cores, memory, load and versions, so figures from different machines are not mixed."""
    mem_kb = None
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    import streamlit

    return {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1) if mem_kb else None,
        "load_average": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
    }


def render_results(
    machine: dict[str, Any],
    scales: dict[str, dict[str, Any]],
    load_test: dict[str, Any] | None = None,
) -> str:
    """bench/RESULTS.md: a table per scale, the load test, hotspots of the pages that miss."""
    lines = [
        "# Page benchmark results",
        "",
        "Written by `python bench/bench_pages.py` (see its docstring for what each column "
        "measures). Do not edit by hand; rerun the script.",
        "",
        f"- Written: {machine['date']}",
        f"- Machine: {machine['cores']} cores, {machine['memory_gb']} GB memory (shared with "
        "other work: a load average above the core count slows every figure; each scale "
        "notes its own)",
        f"- Python {machine['python']}, Streamlit {machine['streamlit']}",
        "- Targets (PRODUCT.md): rerun median ≤ 150 ms at 1x and ≤ 1.5 s at 100x; server peak "
        "memory ≤ 1 GB and ≤ 5 MB sent per page at 100x; first render ≤ 1.5× the bare page. "
        "✗ marks a miss.",
        "- Rerun CPU = CPU time of the process during the rerun (all threads): less sensitive "
        "to other work on a shared machine than the wall-clock median the target is set on.",
        "",
    ]
    hotspots: list[str] = []
    for scale, result in scales.items():
        sizes = result.get("sizes", {})
        size_text = ", ".join(f"{n:,} {k}" for k, n in sizes.items())
        lines += [f"## Scale {scale}", "", f"Data: `{result.get('data_dir', '?')}` ({size_text})."]
        run = result.get("run", {})
        if run:
            lines.append(
                f"Measured {run.get('date')}, load average {run.get('load_start')} at start and "
                f"{run.get('load_end')} at end; {run.get('runs')} timed reruns per page, "
                f"{run.get('repeats')} browser loads per page."
            )
        bare = result.get("bare_render", {})
        server = result.get("server", {})
        if bare:
            warm_bare = result.get("bare_render_warm", {})
            lines.append(
                f"Bare one-line page first render: median {format_ms(bare.get('median'))} "
                f"cold (fresh browser profile), {format_ms(warm_bare.get('median'))} warm "
                f"(scripts cached), over {bare.get('n', 0)} loads."
            )
        floor_render = result.get("floor_render", {})
        if floor_render and bare:
            floor_ratio = floor_render["median"] / bare["median"] if bare.get("median") else None
            lines.append(
                "Chart floor (the bare page plus one tiny plotly chart, one tiny pydeck map and "
                "one tiny data grid: the chart scripts any Atlas page with a chart loads): "
                f"median {format_ms(floor_render.get('median'))} cold"
                + ("" if floor_ratio is None else f" ({floor_ratio:.2f}× bare)")
                + f", {format_ms(result.get('floor_render_warm', {}).get('median'))} warm."
            )
        if server:
            peak = server.get("peak_mb")
            limit = MEMORY_TARGET_MB if scale == "100" else None
            lines.append(
                f"Server memory: {format_mb(server.get('start_mb'))} after start, peak "
                f"{format_mb(peak)}{verdict(peak, limit)} after all pages; "
                f"data load (first page) {format_ms(server.get('first_load_ms'))}."
            )
        if result.get("worker_peak_mb"):
            lines.append(
                f"AppTest process peak memory (all pages, one session): "
                f"{format_mb(result['worker_peak_mb'])}."
            )
        lines += [
            "",
            "| page | widget changed | rerun median | rerun p90 | rerun CPU median "
            "| first render (cold) | × bare | × chart floor | first render (warm) | × bare "
            "| sent to browser | server RSS after page |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        rerun_limit = RERUN_TARGET_MS.get(scale)
        for page, row in result.get("pages", {}).items():
            rerun = row.get("rerun", {})
            render = row.get("render", {})
            ratio = row.get("render_ratio")
            warm_ratio = row.get("render_warm_ratio")
            floor_ratio = row.get("render_floor_ratio")
            sent = row.get("bytes")
            bytes_limit = BYTES_TARGET if scale == "100" else None
            widget = row.get("widget") or "–"
            if row.get("error"):
                widget = f"{widget} (error: {row['error']})"
            lines.append(
                f"| {page} | {widget} "
                f"| {format_ms(rerun.get('median'))}{verdict(rerun.get('median'), rerun_limit)} "
                f"| {format_ms(rerun.get('p90'))} "
                f"| {format_ms(row.get('rerun_cpu', {}).get('median'))} "
                f"| {format_ms(render.get('median'))} "
                f"| {'–' if ratio is None else f'{ratio:.2f}'}"
                f"{verdict(ratio, RENDER_RATIO_TARGET)} "
                f"| {'–' if floor_ratio is None else f'{floor_ratio:.2f}'} "
                f"| {format_ms(row.get('render_warm', {}).get('median'))} "
                f"| {'–' if warm_ratio is None else f'{warm_ratio:.2f}'}"
                f"{verdict(warm_ratio, RENDER_RATIO_TARGET)} "
                f"| {format_bytes(sent)}{verdict(sent, bytes_limit)} "
                f"| {format_mb(row.get('rss_mb'))} |"
            )
            missed = verdict(rerun.get("median"), rerun_limit) or verdict(sent, bytes_limit)
            if missed and row.get("profile"):
                hotspots.append(f"- **{page}**, scale {scale} (cumulative time of one rerun):")
                hotspots += [f"  - `{entry}`" for entry in row["profile"]]
        lines.append("")
    if load_test:
        lines.append(render_load_section(load_test))
    if hotspots:
        lines += ["## Hotspots of the pages that miss a target", "", *hotspots, ""]
    return "\n".join(lines)


def splice_section(text: str, name: str, section: str) -> str:
    """Put `section` into RESULTS.md text between its <!-- name --> markers (added at the end
    when missing). Sections written by other scripts (bench/soak.py) live there, and
    render_results keeps them when it rewrites the file."""
    begin, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    block = f"{begin}\n{section.strip()}\n{end}"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        return head + block + rest.split(end, 1)[1]
    return text.rstrip("\n") + "\n\n" + block + "\n"


def kept_sections(text: str) -> dict[str, str]:
    """The marked sections of an existing RESULTS.md, to carry over into a rewritten one."""
    return {
        name: body.strip()
        for name, body in re.findall(r"<!-- (\w+) -->\n(.*?)\n<!-- /\1 -->", text, re.S)
    }


def render_load_section(report: dict[str, Any]) -> str:
    """The load-test section of bench/RESULTS.md."""
    rss = report.get("rss_mb", {})
    completion = report.get("completion", {})
    rounds = report.get("rounds", 1)

    def mb(key: str) -> str:
        value = rss.get(key)
        return "–" if value is None else f"{value:.0f} MB"

    def sec(value: float | None) -> str:
        return "–" if value is None else f"{value / 1000:.1f} s"

    lines = [
        "## Load test",
        "",
        f"`python bench/load_test.py --scale {report['scale']} --sessions {report['sessions']} "
        f"--duration {report['duration_s']:g} --ttl {report['ttl_s']} "
        f"--settle {report['settle_s']:g} --rounds {rounds}` on "
        f"{report['machine'].get('date')} (load average "
        f"{report['machine'].get('load_average')} at start).",
        "",
        f"- {report['sessions']} simultaneous browser sessions, {report['loads']} page loads "
        f"in {rounds} burst(s) of {report['duration_s']:g} s (each load a new session; the "
        f"browser runs on the same 2 cores); page completion median "
        f"{sec(completion.get('median'))}, "
        f"95th percentile {sec(completion.get('p95'))}.",
        f"- Errors: {len(report['errors'])} distinct"
        + (": " + "; ".join(report["errors"][:8]) if report["errors"] else " (none)."),
        f"- Server memory (RSS): {mb('before')} before, peak {mb('peak_during')} during, "
        f"{mb('at_close')} when the sessions closed, {mb('after_settle')} "
        f"{report['settle_s']:g} s later (disconnected-session TTL {report['ttl_s']} s)"
        + (
            f"; a second burst on the same server: {mb('at_close_round_2')} at close, "
            f"{mb('after_settle_round_2')} after settling."
            if "after_settle_round_2" in rss
            else "."
        ),
        "",
        "| page | loads | completion median | p95 | errors |",
        "|---|---|---|---|---|",
    ]
    for page, row in report.get("per_page", {}).items():
        lines.append(
            f"| {page} | {row.get('n', 0)} | {sec(row.get('median'))} | {sec(row.get('p95'))} "
            f"| {row.get('errors', 0)} |"
        )
    return "\n".join([*lines, ""])


# --------------------------------------------------------------------------- rerun (AppTest)

OPTION_TYPES = ("selectbox", "radio", "multiselect", "button_group")
WIDGET_ORDER = (*OPTION_TYPES, "toggle", "checkbox", "slider")


@dataclass
class WidgetChoice:
    """The widget a benchmark changes and the two states it cycles between."""

    widget_id: str
    kind: str
    label: str
    states: list[Any] = field(default_factory=list)


def choose_states(kind: str, options: list[str], current: Any, multi: bool) -> list[Any]:
    """Two states a user can switch between, as the browser sends them (formatted options).

    Option widgets: the current selection and the next option (single choice), or the
    current selection and the same without its last item (multiple choice). Toggles flip;
    sliders move by one step (passed in as `options` = [min, max, step]).
    """
    if kind in ("toggle", "checkbox"):
        return [bool(current), not bool(current)]
    if kind == "slider":
        low, high, step = options
        value = current[0] if isinstance(current, (list, tuple)) else current
        other = value - step if value - step >= low else min(high, value + step)
        if isinstance(current, (list, tuple)):
            return [list(current), [other, *list(current)[1:]]] if other <= current[1] else []
        return [current, other]
    if len(options) < 2 and not multi:
        return []
    if multi:
        chosen = list(current or [])
        if chosen:
            return [chosen, chosen[:-1]]
        return [[options[0]], options[:2]] if len(options) >= 2 else [[], options[:1]]
    index = options.index(current) if current in options else -1
    if index < 0:
        return [options[0], options[1]]
    return [current, options[(index + 1) % len(options)]]


def _formatted_current(widget: Any) -> Any:
    if widget.type == "multiselect":
        return list(widget.values)
    if widget.type == "button_group":
        values = list(widget.formatted_values)
        return values if not widget._is_single_select else (values[0] if values else None)
    index = widget.index
    return None if index is None else widget.options[index]


def pick_widget(at: Any) -> WidgetChoice | None:
    """The first enabled option widget in the main area (else toggle, checkbox or slider)."""
    from streamlit.testing.v1.element_tree import Widget

    candidates = [
        node
        for node in at.main
        if isinstance(node, Widget)
        and node.type in WIDGET_ORDER
        and not getattr(node.proto, "disabled", False)
    ]
    # a choice of data (indicator, city, type) before a display switch, then document order
    candidates.sort(key=lambda node: 0 if node.type in OPTION_TYPES else 1)
    for node in candidates:
        kind = node.type
        if kind in OPTION_TYPES:
            multi = kind == "multiselect" or (kind == "button_group" and not node._is_single_select)
            states = choose_states(kind, list(node.options), _formatted_current(node), multi)
        elif kind == "slider":
            proto = node.proto
            states = choose_states(kind, [proto.min, proto.max, proto.step], node.value, False)
        else:
            states = choose_states(kind, [], node.value, False)
        if len(states) == 2 and states[0] != states[1]:
            label = getattr(node, "label", "") or ""
            name = node.key or label or node.id[-12:]
            return WidgetChoice(node.id, kind, f"{kind} '{name}'", states)
    return None


def _find(at: Any, widget_id: str) -> Any:
    for node in at.main:
        if getattr(node, "id", None) == widget_id:
            return node
    raise LookupError("the benchmarked widget disappeared after a rerun")


def apply_state(at: Any, choice: WidgetChoice, state: Any) -> None:
    """Set the widget as the browser would: option widgets get the formatted option strings."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    widget = _find(at, choice.widget_id)
    if choice.kind not in OPTION_TYPES:
        widget.set_value(state)
        return
    # st.pills and st.segmented_control send a list even for a single choice
    if choice.kind == "button_group" and not isinstance(state, list):
        state = [] if state is None else [state]
    array = isinstance(state, list)

    class Forced(type(widget)):  # the browser sends formatted strings, so do we
        @property
        def _widget_state(self) -> WidgetState:
            ws = WidgetState()
            ws.id = self.id
            if array:
                ws.string_array_value.data[:] = state
            elif state is not None:
                ws.string_value = state
            return ws

    widget.__class__ = Forced


def page_rerun_times(page: str, runs: int, timeout: float) -> dict[str, Any]:
    """Open the page through app.py, change its widget `runs` times; times in ms, profile."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    start = time.perf_counter()
    at.run()
    if page != registered_pages()[0].path:
        at.switch_page(page).run()
    first = (time.perf_counter() - start) * 1000
    if at.exception:
        return {"error": f"the page raised: {at.exception[0].value}"[:200]}
    choice = pick_widget(at)
    if choice is None:
        return {"error": "no option widget, toggle or slider in the main area", "first_ms": first}
    times, cpu_times = [], []
    for i in range(runs + 1):
        apply_state(at, choice, choice.states[(i + 1) % 2])
        started, cpu_started = time.perf_counter(), time.process_time()
        at.run()
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (time.process_time() - cpu_started) * 1000
        if at.exception:
            return {"widget": choice.label, "error": str(at.exception[0].value)[:200]}
        if i:  # the first change may fill caches
            times.append(elapsed)
            cpu_times.append(cpu)
    apply_state(at, choice, choice.states[(runs + 2) % 2])
    profiler = profiled_run(at)
    return {
        "widget": choice.label,
        "rerun": summarize(times),
        "rerun_cpu": summarize(cpu_times),
        "first_ms": first,
        "profile": top_functions(profiler),
    }


def profiled_run(at: Any) -> cProfile.Profile:
    """One rerun under cProfile. AppTest runs the script in its own thread, so the profiler
    is switched on from inside every thread started during the run."""
    profiler = cProfile.Profile()

    def start_in_thread(*_: object) -> None:
        with contextlib.suppress(ValueError):  # already on in this thread
            profiler.enable()

    threading.setprofile(start_in_thread)
    try:
        at.run()
    finally:
        threading.setprofile(None)  # type: ignore[arg-type]
    return profiler


def top_functions(profiler: cProfile.Profile, limit: int = 8) -> list[str]:
    """The project's functions with the most cumulative time in one profiled rerun."""
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (filename, line, name), (_, calls, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        path = Path(filename)
        with contextlib.suppress(ValueError):
            relative = path.resolve().relative_to(ROOT)
            if relative.parts[0] in ("atlas", "ui", "components", "pages"):
                rows.append((cumulative, f"{relative}:{line} {name}", calls))
    rows.sort(reverse=True)
    return [f"{cum * 1000:.0f} ms {where} ({calls} calls)" for cum, where, calls in rows[:limit]]


def rerun_worker(pages: list[str], runs: int, timeout: float, out: Path) -> None:
    """Runs in its own process (ATLAS_DATA_DIR set by the parent); writes JSON to `out`."""
    sys.path.insert(0, str(ROOT))
    from ui.apptest import run_through_app

    run_through_app()
    results = {}
    for page in pages:
        print(f"  rerun {page}", flush=True)
        try:
            results[page] = page_rerun_times(page, runs, timeout)
        except Exception as err:  # a broken page is reported, the other pages still measured
            results[page] = {"error": f"{type(err).__name__}: {err}"[:200]}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.write_text(json.dumps({"pages": results, "peak_mb": peak}, default=str))


# --------------------------------------------------------------------------- server, browser


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
        key = "static" if "/static/" in response.url else "http"
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
        with (
            Server(ROOT / "app.py", data_dir, log=log_dir / "server-app.log") as app,
            Server(bare_script, log=log_dir / "server-bare.log") as bare,
            Server(floor_script, log=log_dir / "server-floor.log") as floor,
            chromium() as browser,
        ):
            result["server"] = {"start_mb": app.rss_mb()}
            started = time.perf_counter()
            load_page(browser, f"{app.url}/{pages[0].url_path}")  # data load + warm caches
            load_page(browser, bare.url, check_shell=False)
            load_page(browser, floor.url, check_shell=False)
            result["server"]["first_load_ms"] = (time.perf_counter() - started) * 1000
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
                    url = f"{app.url}/{page.url_path}"
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
        row["bytes"] = statistics.median([x.ws_bytes + x.http_bytes for x in loads])
        row["ws_bytes"] = statistics.median([x.ws_bytes for x in loads])
        row["static_bytes"] = statistics.median([x.static_bytes for x in loads])
        row["exception_shown"] = any(x.exception for x in loads)
    return result


# --------------------------------------------------------------------------- orchestration


def data_dir_for(scale: str, seed: int) -> Path:
    """data/ for 'curated', else the synthetic package (generated when missing)."""
    if scale == "curated":
        return ROOT / "data"
    folder = OUT / f"synthetic-{scale}"
    if not (folder / "values.csv").exists():
        print(f"generating synthetic data at {scale}x into {folder}", flush=True)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "make_synthetic.py"),
                "--scale",
                scale,
                "--seed",
                str(seed),
                "--out",
                str(folder),
            ],
            check=True,
        )
    return folder


def table_sizes_on_disk(folder: Path) -> dict[str, int]:
    sizes = {}
    for name in ("cities", "values", "partnerships", "hubs", "memberships"):
        with (folder / f"{name}.csv").open("rb") as handle:
            sizes[name] = sum(1 for _ in handle) - 1
    return sizes


def bench_scale(scale: str, pages: list[PageInfo], args: argparse.Namespace) -> dict[str, Any]:
    data_dir = data_dir_for(scale, args.seed)
    result: dict[str, Any] = {
        "data_dir": str(data_dir.relative_to(ROOT) if data_dir.is_relative_to(ROOT) else data_dir),
        "sizes": table_sizes_on_disk(data_dir),
        "pages": {p.path: {"error": None} for p in pages},  # clears an earlier run's error
    }
    result["run"] = {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "load_start": round(os.getloadavg()[0], 2),
        "runs": None if args.skip_rerun else args.runs,
        "repeats": None if args.skip_browser else args.repeats,
    }
    log_dir = OUT / f"logs-{scale}"
    log_dir.mkdir(parents=True, exist_ok=True)
    if not args.skip_rerun:
        print(f"[{scale}] reruns (AppTest)", flush=True)
        out = log_dir / "rerun.json"
        env = dict(os.environ, ATLAS_DATA_DIR=str(data_dir))
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--worker",
                "--runs",
                str(args.runs),
                "--timeout",
                str(args.timeout),
                "--json",
                str(out),
                "--pages",
                *[p.path for p in pages],
            ],
            env=env,
            cwd=ROOT,
            check=True,
        )
        worker = json.loads(out.read_text())
        result["worker_peak_mb"] = worker["peak_mb"]
        for path, row in worker["pages"].items():
            result["pages"][path].update(row)
    if not args.skip_browser:
        print(f"[{scale}] browser", flush=True)
        measured = browser_measure(data_dir, pages, args.repeats, log_dir)
        for path, row in measured.pop("pages").items():
            if row.get("error") and result["pages"][path].get("error"):
                row["error"] = f"{result['pages'][path]['error']}; browser: {row['error']}"
            result["pages"][path].update(row)
        result.update(measured)
    result["run"]["load_end"] = round(os.getloadavg()[0], 2)
    return result


SCALE_ORDER = ("curated", "1", "10", "100")


def merge_scale(
    previous: dict[str, dict[str, Any]], scale: str, result: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Results of `scale` laid over earlier ones, page by page; scales in a fixed order."""
    merged = {k: dict(v) for k, v in previous.items()}
    old = merged.get(scale, {})
    pages = {**old.get("pages", {})}
    for page, row in result.get("pages", {}).items():
        pages[page] = {**pages.get(page, {}), **row}
    run = {**old.get("run", {})}
    run.update({k: v for k, v in result.get("run", {}).items() if v is not None})
    merged[scale] = {**old, **result, "pages": pages, "run": run}
    return dict(
        sorted(
            merged.items(),
            key=lambda kv: SCALE_ORDER.index(kv[0]) if kv[0] in SCALE_ORDER else len(SCALE_ORDER),
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", default=["curated", "10"])
    parser.add_argument("--runs", type=int, default=10, help="timed reruns per page")
    parser.add_argument("--repeats", type=int, default=5, help="browser loads per page")
    parser.add_argument("--pages", nargs="*", help="page files (default: all in app.py)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=900, help="AppTest run timeout, s")
    parser.add_argument("--skip-rerun", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        rerun_worker(args.pages, args.runs, args.timeout, args.json)
        return 0
    pages = registered_pages()
    if args.pages:
        pages = [p for p in pages if p.path in args.pages]
    machine = machine_info()
    raw = OUT / "results.json"
    merged = json.loads(raw.read_text())["scales"] if raw.exists() else {}
    OUT.mkdir(parents=True, exist_ok=True)
    for scale in args.scales:
        # figures measured in earlier runs are kept (100x can run on its own, one page can be
        # measured again); what this run measures replaces them
        merged = merge_scale(merged, scale, bench_scale(scale, pages, args))
        raw.write_text(json.dumps({"machine": machine, "scales": merged}, indent=1, default=str))
    load_test = json.loads(LOAD_RESULTS.read_text()) if LOAD_RESULTS.exists() else None
    text = render_results(machine, merged, load_test)
    if args.out.exists():  # sections other scripts wrote (soak, Lighthouse) stay
        for name, section in kept_sections(args.out.read_text(encoding="utf-8")).items():
            text = splice_section(text, name, section)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
