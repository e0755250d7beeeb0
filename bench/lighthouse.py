"""Lighthouse accessibility and performance scores of every page registered in app.py.

Not part of the test run (the axe suite, tests/e2e/test_a11y.py, is what CI enforces). Needs
Node and the pinned Lighthouse in bench/lighthouse/ (`cd bench/lighthouse && npm ci`), and
Debian's Chromium (CHROME_PATH, default /usr/bin/chromium; nothing downloads a browser).

    python bench/lighthouse.py                    # every page, desktop and mobile presets
    python bench/lighthouse.py --pages map profile --presets mobile

Starts the app on a free port, opens each page once in Chromium so the server is warm, runs
Lighthouse per page and preset, keeps the JSON reports in bench/out/lighthouse/, and writes
the "Lighthouse" section of bench/RESULTS.md (between markers that bench_pages.py keeps).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_pages import (  # noqa: E402
    OUT,
    RESULTS,
    machine_info,
    registered_pages,
    splice_section,
)
from bench.harness import CHROMIUM, Server, chromium  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
REPORTS = OUT / "lighthouse"
SECTION = "lighthouse"  # RESULTS.md keeps it between <!-- lighthouse --> markers
TARGET = 95  # accessibility score every page must reach (issue 19)
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
    "--disable-background-networking --disable-component-update --no-first-run"
)


def run_lighthouse(url: str, preset: str, out: Path, timeout_s: float = 300) -> dict[str, Any]:
    """One Lighthouse run; the parts of its report the results table needs."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=accessibility,performance",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--max-wait-for-load=60000",
        "--quiet",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)}
    try:
        done = subprocess.run(
            command, env=env, timeout=timeout_s, check=False, capture_output=True, text=True
        )
        why = (done.stderr.strip().splitlines() or ["no message"])[-1][:160]
    except subprocess.TimeoutExpired:
        why = f"no report within {timeout_s:.0f} s"
    if not out.exists():
        return {"error": f"Lighthouse failed: {why}"}
    report = json.loads(out.read_text())
    return summarize(report)


def summarize(report: dict[str, Any]) -> dict[str, Any]:
    """Scores (0-100), the failing accessibility audits, and load timings."""
    categories = report.get("categories", {})
    audits = report.get("audits", {})

    def score(name: str) -> int | None:
        value = categories.get(name, {}).get("score")
        return None if value is None else round(100 * value)

    failing = [
        ref["id"]
        for ref in categories.get("accessibility", {}).get("auditRefs", [])
        if ref.get("weight")
        and audits.get(ref["id"], {}).get("score") is not None
        and audits[ref["id"]]["score"] < 1
    ]

    def ms(audit: str) -> float | None:
        return audits.get(audit, {}).get("numericValue")

    return {
        "accessibility": score("accessibility"),
        "performance": score("performance"),
        "failing": failing,
        "fcp_ms": ms("first-contentful-paint"),
        "lcp_ms": ms("largest-contentful-paint"),
        "tbt_ms": ms("total-blocking-time"),
        "error": (report.get("runtimeError") or {}).get("code"),
    }


def merge_rows(earlier: list[dict], new: list[dict], order: list[str]) -> list[dict]:
    """This run's rows replace the same page and preset of an earlier run (one page can be
    measured again); rows come out in app.py's page order, desktop before mobile."""
    rows = {(r["page"], r["preset"]): r for r in earlier}
    rows.update({(r["page"], r["preset"]): r for r in new})

    def key(row: dict) -> tuple[int, str]:
        page = order.index(row["page"]) if row["page"] in order else len(order)
        return page, row["preset"]

    return sorted(rows.values(), key=key)


def render_section(results: dict[str, Any]) -> str:
    """The Markdown of the Lighthouse section of bench/RESULTS.md (markers added on writing)."""

    def sec(value: float | None) -> str:
        return "–" if value is None else f"{value / 1000:.1f} s"

    lines = [
        "## Lighthouse",
        "",
        f"`python bench/lighthouse.py` on {results['date']} with Lighthouse 12.2.3 and Debian's "
        f"Chromium ({results['machine'].get('cores', '?')} cores, shared; load average "
        f"{results['load']:.2f} at start). Accessibility target: {TARGET} on every page. "
        "Performance uses Lighthouse's simulated throttling (mobile: slow 4G and a 4x slower "
        "CPU), so it reads lower than the first-render figures above.",
        "",
        "| page | preset | accessibility | performance | first contentful paint | "
        "largest contentful paint | total blocking time | accessibility audits not passed |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in results["rows"]:
        if row.get("accessibility") is None:
            lines.append(
                f"| {row['page']} | {row['preset']} | – | – | – | – | – | {row['error']} |"
            )
            continue
        mark = "✓" if row["accessibility"] >= TARGET else "✗"
        failing = ", ".join(row["failing"]) or "none"
        blocking = "–" if row["tbt_ms"] is None else f"{row['tbt_ms']:.0f} ms"
        lines.append(
            f"| {row['page']} | {row['preset']} | {row['accessibility']} {mark} | "
            f"{row['performance']} | {sec(row['fcp_ms'])} | {sec(row['lcp_ms'])} | "
            f"{blocking} | {failing} |"
        )
    return "\n".join(lines)


def write_section(section: str, path: Path = RESULTS) -> None:
    """Replace the Lighthouse section of RESULTS.md (or add it at the end); bench_pages.py
    keeps marked sections when it rewrites the file."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Page benchmark results\n"
    path.write_text(splice_section(text, SECTION, section), encoding="utf-8")


def warm(url: str) -> None:
    """Open the page once so the measured load is not the server's first script run."""
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        tab = context.new_page()
        tab.goto(url, timeout=180000)
        tab.wait_for_selector('[data-testid="stMain"] h1', timeout=180000)
        tab.wait_for_timeout(2000)
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="*", help="url paths (default: every registered page)")
    parser.add_argument("--presets", nargs="*", default=["desktop", "mobile"])
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: cd bench/lighthouse && npm ci", file=sys.stderr)
        return 2
    pages = [p for p in registered_pages() if not args.pages or p.url_path in args.pages]
    REPORTS.mkdir(parents=True, exist_ok=True)
    rows = []
    load = os.getloadavg()[0]
    with Server(ROOT / "app.py", log=OUT / "server-lighthouse.log") as server:
        for page in pages:
            url = f"{server.url}/{page.link}"
            warm(url)
            for preset in args.presets:
                report = REPORTS / f"{page.url_path}-{preset}.json"
                report.unlink(missing_ok=True)
                row = {
                    "page": page.url_path,
                    "preset": preset,
                    **run_lighthouse(url, preset, report),
                }
                print(json.dumps(row), flush=True)
                rows.append(row)
    saved = OUT / "lighthouse.json"
    earlier = json.loads(saved.read_text())["rows"] if saved.exists() else []
    results = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine_info(),
        "load": load,
        "rows": merge_rows(earlier, rows, [p.url_path for p in registered_pages()]),
    }
    saved.write_text(json.dumps(results, indent=1))
    write_section(render_section(results), args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
