"""What translation costs a rerun: each page's rerun time in English and in a translated
language, and against a checkout from before the Atlas had languages, measured in one run.

    python bench/bench_languages.py --baseline /path/to/older/checkout --langs en ca fr

Each (checkout, language, page) is measured in its own process (AppTest through app.py, the
page's first option widget changed `--runs` times, as bench/page_rerun.py does), and the
checkouts and languages alternate page by page, so a busy moment of the machine falls on all
of them alike. A baseline checkout without languages ignores `lang`: it is measured once.
Prints a Markdown table of median rerun and CPU times and their ratio to the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_WORKER = """
import json, sys
root, page, runs, lang = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] or None
sys.path.insert(0, root)
from ui.pages_folder import run_through_app
run_through_app()
from bench import page_rerun
import inspect
takes_lang = "lang" in inspect.signature(page_rerun.page_rerun_times).parameters
kwargs = {"lang": lang} if takes_lang else {}
print(json.dumps(page_rerun.page_rerun_times(page, runs, 600, **kwargs), default=str))
"""


def measure(root: Path, page: str, runs: int, lang: str | None) -> dict:
    """One page's rerun figures from a fresh process in `root` (its own code and data)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", _WORKER, str(root), page, str(runs), lang or ""],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        return {"error": (done.stderr or done.stdout).strip()[-300:]}
    return json.loads(lines[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, help="a checkout from before the languages")
    parser.add_argument("--langs", nargs="+", default=["en", "ca"])
    parser.add_argument("--pages", nargs="*", help="page files (default: every page)")
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from ui.registry import PAGES

    pages = args.pages or [spec.path for spec in PAGES]
    columns = [("now", lang) for lang in args.langs]
    if args.baseline:
        columns.insert(0, ("before", None))
    raw: dict[str, dict[str, dict]] = {}
    for page in pages:
        raw[page] = {}
        for which, lang in columns:
            root = args.baseline if which == "before" else ROOT
            print(f"  {page} {which} {lang or ''}", flush=True)
            raw[page][f"{which} {lang or ''}".strip()] = measure(root, page, args.runs, lang)
    heads = list(next(iter(raw.values())))
    print("\n| page | " + " | ".join(f"{h} rerun ms (cpu)" for h in heads) + " |")
    print("|---|" + "---|" * len(heads))
    ratios: dict[str, list[float]] = {h: [] for h in heads}
    for page, figures in raw.items():
        cells = []
        base = figures.get(heads[0], {}).get("rerun", {}).get("median")
        for head in heads:
            fig = figures[head]
            if "error" in fig:
                cells.append("error")
                continue
            median, cpu = fig["rerun"]["median"], fig["rerun_cpu"]["median"]
            cell = f"{median:.0f} ({cpu:.0f})"
            if base and head != heads[0]:
                ratios[head].append(median / base)
                cell += f" ×{median / base:.2f}"
            cells.append(cell)
        print(f"| {Path(page).stem} | " + " | ".join(cells) + " |")
    for head, values in ratios.items():
        if values:
            print(f"median ratio {head} / {heads[0]}: {statistics.median(values):.2f}")
    print(f"load average: {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
