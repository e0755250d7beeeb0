"""Memory and time of `atlas.load.load_atlas` in a fresh process, phase by phase.

Not part of the test run. Run from the repository root::

    python bench/memory_profile.py --data bench/out/synthetic-100
    python bench/memory_profile.py --data data --top 3 --repeat 3

Reports, for one load in this (fresh) process:

- RSS before loading (after importing pandas, pandera and the atlas package);
- the peak resident set during the load (VmHWM from /proc/self/status; the high-water mark
  is reset just before the load through /proc/self/clear_refs where the kernel allows it, so
  the figure is the load's own peak and not the import's);
- the peak of each phase of the load (reading and validating each table, the cross-table
  checks, the derived indicators, the rest), found the same way: the high-water mark is reset
  before each phase and read after it, so a phase's figure is the highest RSS it reached;
- RSS after loading (with the Atlas held) and after a garbage collection;
- the wall-clock time of the load;
- the deep `memory_usage` of every frame of the Atlas with its largest columns and dtypes.

`--repeat N` loads N times, each in a new subprocess, and adds the median load time and peak,
so a change in load speed can be told from noise (`--no-phases` for the plainest timing).
`--json` prints the figures as JSON. Linux only (/proc). Figures in MB = 2**20 bytes.

The page-by-page memory of the server is measured by bench/bench_pages.py; this script
isolates the part the data load takes.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MB = 2**20


def _status_kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def rss_mb() -> float:
    return _status_kb("VmRSS") / 1024


def hwm_mb() -> float:
    return _status_kb("VmHWM") / 1024


def reset_hwm() -> bool:
    """Set the peak-RSS mark back to the current RSS (Linux >= 4.0); False if not allowed."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


class Phases:
    """Wraps functions of atlas.load so that each call records its own peak RSS and time."""

    def __init__(self) -> None:
        self.rows: list[dict[str, object]] = []
        self.can_reset = True
        # the highest mark reached outside the phases (read before each reset)
        self.between_mb = 0.0

    def wrap(self, label: Callable[..., str], func: Callable[..., object]) -> Callable:
        def wrapper(*args: object, **kwargs: object) -> object:
            self.between_mb = max(self.between_mb, hwm_mb())
            self.can_reset = reset_hwm() and self.can_reset
            start_rss, start = rss_mb(), time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.rows.append(
                    {
                        "phase": label(*args, **kwargs),
                        "seconds": time.perf_counter() - start,
                        "rss_start_mb": start_rss,
                        "peak_mb": hwm_mb(),
                        "rss_end_mb": rss_mb(),
                    }
                )

        return wrapper


def frame_report(frame, top: int) -> dict[str, object]:
    usage = frame.memory_usage(deep=True, index=True)
    columns = usage.drop("Index").sort_values(ascending=False)
    return {
        "rows": len(frame),
        "total_mb": float(usage.sum()) / MB,
        "index_mb": float(usage["Index"]) / MB,
        "top": [
            (name, str(frame[name].dtype), float(size) / MB)
            for name, size in columns.head(top).items()
        ],
    }


def profile(data: str, top: int, phases_on: bool) -> dict[str, object]:
    import pandas as pd  # noqa: F401 - imported before the "before" figure on purpose
    import pandera.pandas  # noqa: F401

    import atlas.load as load

    phases = Phases()
    if phases_on:
        load.read_table = phases.wrap(lambda table, *_, **__: f"read {table.path}", load.read_table)
        for name in ("check_foreign_keys", "check_countries", "check_derived_not_typed"):
            setattr(load, name, phases.wrap(lambda *_, n=name: n, getattr(load, name)))
        load.derived_values = phases.wrap(lambda *_, **__: "derived_values", load.derived_values)
    gc.collect()
    before = rss_mb()
    can_reset = reset_hwm()
    hwm_before = hwm_mb()
    start = time.perf_counter()
    # the phases reset the mark too, so the load's own peak is the highest of every figure
    atlas = load.load_atlas(data)
    seconds = time.perf_counter() - start
    rest_peak = hwm_mb()
    peaks = [row["peak_mb"] for row in phases.rows] + [rest_peak, phases.between_mb, hwm_before]
    after = rss_mb()
    gc.collect()
    after_gc = rss_mb()
    frames = {
        name: frame_report(getattr(atlas, name), top)
        for name in (
            "values",
            "partnerships",
            "memberships",
            "hubs",
            "cities",
            "sources",
            "indicators",
            "networks",
        )
    }
    return {
        "data": data,
        "hwm_reset": can_reset and phases.can_reset,
        "rss_before_mb": before,
        "peak_load_mb": max(peaks),
        "peak_after_last_phase_mb": rest_peak,
        "rss_after_mb": after,
        "rss_after_gc_mb": after_gc,
        "load_seconds": seconds,
        "phases": phases.rows,
        "frames": frames,
        "frames_total_mb": sum(f["total_mb"] for f in frames.values()),
    }


def print_report(result: dict[str, object]) -> None:
    print(f"data: {result['data']}")
    if not result["hwm_reset"]:
        print("(the kernel refused to reset VmHWM: peaks include the imports)")
    print(f"RSS before load:         {result['rss_before_mb']:8.0f} MB")
    print(f"peak RSS during load:    {result['peak_load_mb']:8.0f} MB  (VmHWM)")
    print(f"RSS after load:          {result['rss_after_mb']:8.0f} MB")
    print(f"RSS after load + gc:     {result['rss_after_gc_mb']:8.0f} MB")
    print(f"load time:               {result['load_seconds']:8.2f} s")
    if result["phases"]:
        print("\nphase                              seconds  RSS start   peak   RSS end (MB)")
        for row in result["phases"]:
            print(
                f"  {row['phase']:<32} {row['seconds']:7.2f} {row['rss_start_mb']:9.0f} "
                f"{row['peak_mb']:7.0f} {row['rss_end_mb']:8.0f}"
            )
        print(
            f"  {'(rest, after the last phase)':<32} {'':7} {'':9} "
            f"{result['peak_after_last_phase_mb']:7.0f}"
        )
    print(f"\nAtlas frames, deep memory_usage: {result['frames_total_mb']:.0f} MB in all")
    for name, info in result["frames"].items():
        print(
            f"  {name:<13} {info['rows']:>9,} rows {info['total_mb']:8.1f} MB "
            f"(index {info['index_mb']:.1f} MB)"
        )
        for column, dtype, size in info["top"]:
            print(f"      {column:<20} {dtype:<22} {size:8.1f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="data", help="data folder (default: data/)")
    parser.add_argument("--top", type=int, default=4, help="columns shown per frame")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="loads, each in a fresh subprocess; the median time is reported",
    )
    parser.add_argument("--no-phases", action="store_true", help="do not time phases")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if args.repeat > 1:
        results = []
        for _ in range(args.repeat):
            command = [sys.executable, __file__, "--data", args.data, "--json"]
            command += ["--top", str(args.top)] + (["--no-phases"] if args.no_phases else [])
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            results.append(json.loads(out))
        times = [r["load_seconds"] for r in results]
        peaks = [r["peak_load_mb"] for r in results]
        print_report(results[-1])
        print(
            f"\n{args.repeat} fresh loads: time median {statistics.median(times):.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f}); peak median "
            f"{statistics.median(peaks):.0f} MB"
        )
        return 0
    result = profile(args.data, args.top, phases_on=not args.no_phases)
    if args.json:
        print(json.dumps(result))
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
