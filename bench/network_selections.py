"""What a new agreement-type selection costs on the Partnerships page, selection by selection.

Not part of the test run. The page benchmark (bench/bench_pages.py) changes one widget back
and forth, so its rerun column sees one or two selections; issue 20's target is "any
agreement-type selection". For every single type, two pairs of types and all types, this
measures, uncached and in one process:

- the view (`atlas.views.network.build_view`), the map and the network drawing
  (`ui.network_view.arc_deck`, `graph_figure`), and the ties between regions
  (`build_bridges`, built only when their table is open): medians of ``--repeats`` calls;
- with ``--page``, the whole page rerun as a reader gets it: AppTest on app.py with
  ATLAS_DATA_DIR set, each selection chosen once (so uncached; "all types" is the default
  that the start-up warms).

    python bench/network_selections.py --scale 100 --page
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from bench/: the packages are beside

from bench.bench_pages import data_dir_for  # noqa: E402


def selections(types: list[str]) -> list[tuple[str, ...]]:
    """All types (the empty selection), each type, the first two and the last two."""
    chosen: list[tuple[str, ...]] = [(), *[(t,) for t in types]]
    if len(types) >= 2:
        chosen += [tuple(types[:2]), tuple(types[-2:])]
    return list(dict.fromkeys(chosen))


def measure(atlas: Any, selection: tuple[str, ...], repeats: int = 3) -> dict[str, float]:
    """Median seconds of the view, its two pictures and its ties between regions, uncached."""
    from atlas.views.network import build_bridges, build_view
    from ui import network_view

    view_s, pictures_s, bridges_s = [], [], []
    agreements = 0
    for _ in range(repeats):
        started = time.perf_counter()
        data = build_view(atlas, selection, None, None, None)
        drawn = time.perf_counter()
        network_view.arc_deck(atlas, data)
        network_view.graph_figure(atlas, data)
        pictured = time.perf_counter()
        build_bridges(atlas, data)
        view_s.append(drawn - started)
        pictures_s.append(pictured - drawn)
        bridges_s.append(time.perf_counter() - pictured)
        agreements = len(data.shown)
    return {
        "agreements": agreements,
        "view_s": statistics.median(view_s),
        "pictures_s": statistics.median(pictures_s),
        "bridges_s": statistics.median(bridges_s),
    }


def page_reruns(data_dir: Path, timeout_s: float = 900) -> dict[str, float]:
    """Seconds of the Partnerships page's rerun after choosing each selection once."""
    from streamlit.testing.v1 import AppTest

    os.environ["ATLAS_DATA_DIR"] = str(data_dir)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout_s)
    at.run()
    at.switch_page("pages/partnerships.py").run()
    key = next(w.key for w in at.multiselect if w.key and w.key.endswith("types"))
    times: dict[str, float] = {}
    for selection in [*selections(list(at.multiselect(key=key).options))[1:], ()]:
        at.multiselect(key=key).set_value(list(selection))
        started = time.perf_counter()
        at.run()
        if at.exception:
            raise RuntimeError(f"{selection}: {at.exception[0].value}")
        times[" + ".join(selection) or "all types"] = time.perf_counter() - started
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="100", help="'curated' or a synthetic scale")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--page", action="store_true", help="also the page reruns (AppTest)")
    args = parser.parse_args(argv)
    from atlas.load import load_atlas

    data_dir = data_dir_for(args.scale, args.seed)
    atlas = load_atlas(data_dir)
    present = set(atlas.partnerships["type"].dropna())
    print("| selection | agreements | view + pictures | ties between regions, when opened |")
    print("|---|---|---|---|")
    for selection in selections(sorted(present)):
        got = measure(atlas, selection, args.repeats)
        total = got["view_s"] + got["pictures_s"]
        print(
            f"| {' + '.join(selection) or 'all types'} | {got['agreements']:,} | "
            f"{got['view_s']:.2f} + {got['pictures_s']:.2f} = {total:.2f} s | "
            f"{got['bridges_s']:.2f} s |",
            flush=True,
        )
    if args.page:
        print("\n| selection | page rerun |\n|---|---|")
        for name, seconds in page_reruns(data_dir).items():
            print(f"| {name} | {seconds:.2f} s |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
