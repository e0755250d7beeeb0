"""Rerun time of each page after a widget change, measured with AppTest in its own process.

The widget is found automatically (the first option widget of the main area), so a new page
is measured without an edit here."""

from __future__ import annotations

import contextlib
import cProfile
import io
import json
import pstats
import resource
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from bench/: the packages are beside

from bench.page_report import summarize  # noqa: E402
from ui.registry import PAGES  # noqa: E402

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


def page_rerun_times(
    page: str, runs: int, timeout: float, lang: str | None = None
) -> dict[str, Any]:
    """Open the page through app.py (in `lang` when given, as `?lang=` does), change its widget
    `runs` times; times in ms, profile.

    AppTest formats a widget's options with its `format_func` in this thread, not in the
    script's, so the widget is read and set in the page's language too.
    """
    from atlas import i18n

    with i18n.language(lang or i18n.SOURCE_LANGUAGE):
        return _page_rerun_times(page, runs, timeout, lang)


def _page_rerun_times(page: str, runs: int, timeout: float, lang: str | None) -> dict[str, Any]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if lang:
        at.query_params["lang"] = lang
    start = time.perf_counter()
    at.run()
    if page != PAGES[0].path:
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
    from ui.pages_folder import run_through_app

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
