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
   sent to the browser = websocket frames received plus HTTP bodies other than Streamlit's
   static JavaScript bundle (which is the same for every page and cached by browsers); the
   app's own files (app/static/, the maps' basemap picture) count. A load that
   ends on another page or without the navigation (app.py failed) is an error, not a
   figure. Server memory: resident set size after each page, and the process
   peak (VmHWM from /proc) after all pages.

Medians over several repeats; nothing asserts on time. The machine is shared: the load
average at start and end is written beside the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as `python bench/bench_pages.py`: the packages are beside

from bench.harness import CHROMIUM, CHROMIUM_FLAGS, OUT, Server, chromium  # noqa: E402
from bench.page_load import (  # noqa: E402
    RENDER_PROBE,
    browser_measure,
    load_page,
    wait_until_rendered,
)
from bench.page_report import (  # noqa: E402
    format_bytes,
    format_mb,
    format_ms,
    kept_sections,
    machine_info,
    percentile,
    render_load_section,
    render_results,
    splice_section,
    summarize,
    verdict,
)
from bench.page_rerun import choose_states, rerun_worker  # noqa: E402
from ui.registry import PAGES as REGISTERED  # noqa: E402
from ui.registry import PageSpec as PageInfo  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
LOAD_RESULTS = OUT / "load-test.json"

# The load, soak, failover and Lighthouse runs and the tests import these from here: this
# module is the benchmarks' entry point; the parts live in page_load, page_report, page_rerun.
__all__ = [
    "CHROMIUM",
    "CHROMIUM_FLAGS",
    "LOAD_RESULTS",
    "OUT",
    "RENDER_PROBE",
    "RESULTS",
    "Server",
    "choose_states",
    "chromium",
    "data_dir_for",
    "format_bytes",
    "format_mb",
    "format_ms",
    "kept_sections",
    "load_page",
    "machine_info",
    "merge_scale",
    "percentile",
    "registered_pages",
    "render_load_section",
    "render_results",
    "splice_section",
    "summarize",
    "verdict",
    "wait_until_rendered",
]


def registered_pages() -> list[PageInfo]:
    """Every page of the Atlas, in menu order, as ui/registry.py lists them (app.py routes the
    same list)."""
    return list(REGISTERED)


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
