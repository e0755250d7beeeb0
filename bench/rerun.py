"""Server-side rerun time of a page after a widget change, measured with AppTest.

Run, for example::

    python bench/rerun.py --page pages/map.py --widget map.indicator \
        --values '"gii_cluster_rank"' '"hubs_hosted"' --runs 15

The page is opened through app.py (so the shared shell runs too), warmed up once, then the
widget is set to each value in turn and the rerun that follows is timed. Values are JSON
(strings quoted, lists for multiselects, true/false for toggles). `--query k=v` sets link
parameters before the first run. Reports median, 90th percentile, min and max in milliseconds.
Each run executes app.py (shared shell) and the page, as the server does. AppTest adds its own
bookkeeping, so these figures are an upper bound of the script's time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from ui.pages_folder import run_through_app  # noqa: E402

run_through_app()  # every run executes app.py and the page, as on the server

WIDGET_TYPES = (
    "selectbox",
    "multiselect",
    "radio",
    "toggle",
    "checkbox",
    "slider",
    "select_slider",
    "segmented_control",
    "pills",
    "text_input",
    "number_input",
)


def find_widget(at: AppTest, key: str):
    for kind in WIDGET_TYPES:
        try:
            return getattr(at, kind)(key=key)
        except KeyError:
            continue
    raise SystemExit(f"no widget with key {key!r} on this page")


def measure(page: str, widget: str, values: list, runs: int, query: dict[str, str]) -> list[float]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(page).run()  # open the page itself, so its link parameters apply
    if at.exception:
        raise SystemExit(f"the page raised: {at.exception[0].value}")
    times = []
    for i in range(runs + 1):
        find_widget(at, widget).set_value(values[i % len(values)])
        start = time.perf_counter()
        at.run()
        elapsed = (time.perf_counter() - start) * 1000
        if at.exception:
            raise SystemExit(f"the page raised: {at.exception[0].value}")
        if i:  # the first change may fill caches; it is reported by the caller's warm-up
            times.append(elapsed)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", required=True, help="e.g. pages/map.py")
    parser.add_argument("--widget", required=True, help="widget key, e.g. map.indicator")
    parser.add_argument("--values", nargs="+", required=True, help="JSON values to cycle")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--query", nargs="*", default=[], help="k=v link parameters")
    args = parser.parse_args(argv)
    values = [json.loads(v) for v in args.values]
    query = dict(q.split("=", 1) for q in args.query)
    times = measure(args.page, args.widget, values, args.runs, query)
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    print(
        f"{args.page} [{args.widget}] rerun over {len(times)} runs: "
        f"median {statistics.median(times):.0f} ms, p90 {p90:.0f} ms, "
        f"min {ordered[0]:.0f} ms, max {ordered[-1]:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
