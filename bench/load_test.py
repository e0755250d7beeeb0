"""Many simultaneous users: 20 browser sessions through every page for a bounded time.

Not part of the test run. Starts its own `streamlit run app.py` on a free localhost port
(ATLAS_DATA_DIR set to the chosen data), opens `--sessions` browser contexts in one headless
Debian Chromium, and has each go through the pages registered in app.py (each starting at a
different page) until `--duration` seconds have passed. Every page load opens a new Streamlit
session, as a user opening shared links does. Then all contexts close and the server is watched
for `--settle` seconds, to see its memory come back down once the disconnected sessions expire
(`server.disconnectedSessionTTL`, passed with `--ttl`; Streamlit's default is 120 s)::

    python bench/load_test.py --scale curated --sessions 20 --duration 60 --ttl 15 --settle 45

The burst is run `--rounds` times (default 2) on the same server: caches that are kept and
reused leave the second burst's memory flat, a leak makes it grow again.

Reports errors (exception boxes, pages that failed to load or did not finish), the median and
95th percentile page completion time (navigation start until the app is idle with content,
as in bench/bench_pages.py), and the server's resident memory before, during (peak) and after.
The figures go to bench/out/load-test.json, and into bench/RESULTS.md on the next run of
bench/bench_pages.py (or now, with `--write-results`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pages import (
    LOAD_RESULTS,
    OUT,
    RENDER_PROBE,
    Server,
    data_dir_for,
    machine_info,
    registered_pages,
    render_load_section,
    summarize,
)
from harness import async_chromium


@dataclass
class LoadRecord:
    """What happened on one page load of one session."""

    session: int
    page: str
    started_s: float
    completion_ms: float | None = None
    error: str | None = None
    #: for a failed load, what the tab showed (see `stuck_state`)
    state: dict[str, Any] | None = None


@dataclass
class LoadReport:
    """The outcome of a load test, as written to bench/out/load-test.json."""

    scale: str
    sessions: int
    duration_s: float
    ttl_s: int | None
    settle_s: float
    rounds: int = 1
    loads: int = 0
    errors: list[str] = field(default_factory=list)
    completion: dict[str, float] = field(default_factory=dict)
    per_page: dict[str, dict[str, float]] = field(default_factory=dict)
    rss_mb: dict[str, float | None] = field(default_factory=dict)
    rss_timeline: list[tuple[float, float | None]] = field(default_factory=list)
    machine: dict[str, Any] = field(default_factory=dict)


def summarize_loads(records: list[LoadRecord]) -> tuple[dict[str, float], dict[str, dict]]:
    """Completion time summary of the successful loads, overall and per page."""
    done = [r for r in records if r.completion_ms is not None]
    overall = summarize([r.completion_ms for r in done])  # type: ignore[misc]
    per_page: dict[str, dict] = {}
    for page in sorted({r.page for r in records}):
        times = [r.completion_ms for r in done if r.page == page]
        failed = sum(1 for r in records if r.page == page and r.error)
        per_page[page] = {**summarize(times), "errors": failed}  # type: ignore[arg-type]
    return overall, per_page


def error_lines(records: list[LoadRecord]) -> list[str]:
    """One line per distinct problem, with how often it happened."""
    counts: dict[str, int] = {}
    for record in records:
        if record.error:
            key = f"{record.page}: {record.error}"
            counts[key] = counts.get(key, 0) + 1
    return [f"{n}× {text}" for text, n in sorted(counts.items(), key=lambda kv: -kv[1])]


async def wait_rendered(tab: Any, timeout_s: float, quiet_s: float = 1.0) -> float:
    """Async twin of bench_pages.wait_until_rendered."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        done = await tab.evaluate("window.__atlasRender")
        if done is not None and await tab.evaluate("performance.now()") - done > quiet_s * 1000:
            return float(done)
        await asyncio.sleep(0.2)
    raise TimeoutError(f"still running after {timeout_s:.0f} s")


#: What a tab that did not finish shows: is Streamlit still running (and what its status
#: widget says), which charts and maps are not drawn, are skeletons left. Tells a slow page
#: from a stuck one, and a stuck script from a chart that never drew.
STUCK_PROBE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  const all = (sel) => main ? [...main.querySelectorAll(sel)] : [];
  const without = (sel, inner) => all(sel).filter(e => !e.querySelector(inner)).length;
  return {
    url: location.href,
    status: status ? status.innerText.slice(0, 200) : null,
    connection: document.querySelector('[data-testid="stConnectionStatus"]') ? 'shown' : null,
    elements: all('[data-testid="stElementContainer"]').length,
    skeletons: all('[data-testid="stSkeleton"]').length,
    plotly: all('[data-testid="stPlotlyChart"]').length,
    plotly_undrawn: without('[data-testid="stPlotlyChart"]', '.main-svg'),
    decks: all('[data-testid="stDeckGlJsonChart"]').length,
    decks_undrawn: without('[data-testid="stDeckGlJsonChart"]', 'canvas'),
    images_pending: all('[data-testid="stImage"] img').filter(i => !i.complete).length,
    exception: all('[data-testid="stException"]').length,
    text: main ? main.innerText.slice(0, 300) : null,
  };
}"""


async def stuck_state(tab: Any, name: str) -> dict[str, Any] | None:
    """STUCK_PROBE's answer, and a screenshot in bench/out/stuck/ (None if the tab is gone)."""
    try:
        state = await tab.evaluate(STUCK_PROBE)
        folder = OUT / "stuck"
        folder.mkdir(parents=True, exist_ok=True)
        await tab.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        state["screenshot"] = str(folder / f"{name}.png")
        return state
    except Exception as err:  # the tab may have crashed: say so instead of failing the run
        return {"probe_failed": f"{type(err).__name__}: {str(err)[:120]}"}


async def session(
    browser: Any,
    number: int,
    urls: list[tuple[str, str]],
    stop_at: float,
    records: list[LoadRecord],
    page_timeout_s: float,
) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    await context.add_init_script(RENDER_PROBE)
    tab = await context.new_page()
    index = number
    try:
        while time.monotonic() < stop_at:
            page, url = urls[index % len(urls)]
            index += 1
            record = LoadRecord(number, page, time.monotonic())
            records.append(record)
            try:
                await tab.goto(url, timeout=page_timeout_s * 1000)
                record.completion_ms = await wait_rendered(tab, page_timeout_s)
                boxes = tab.locator('[data-testid="stException"]')
                if await boxes.count():
                    text = (await boxes.first.inner_text())[:120].replace("\n", " ")
                    record.error = f"exception box: {text}"
                elif await tab.get_by_text("Page not found").count():
                    record.error = "'Page not found'"
            except Exception as err:  # a failed load is a result, not a crash of the test
                record.completion_ms = None
                record.error = f"{type(err).__name__}: {str(err).splitlines()[0][:120]}"
                record.state = await stuck_state(tab, f"session{number}-load{index}")
    finally:
        await context.close()


async def sample_rss(server: Server, timeline: list, start: float, stop: asyncio.Event) -> None:
    while not stop.is_set():
        timeline.append((round(time.monotonic() - start, 1), server.rss_mb()))
        await asyncio.sleep(1.0)


async def drive(server: Server, args: argparse.Namespace, report: LoadReport) -> None:
    pages = registered_pages()
    urls = [(p.path, f"{server.url}/{p.link}") for p in pages]
    records: list[LoadRecord] = []
    start = time.monotonic()
    stop_sampling = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(server, report.rss_timeline, start, stop_sampling))
    async with async_chromium() as browser:
        for burst in range(1, args.rounds + 1):
            # a second burst on the same server tells retained caches from a leak: memory
            # that is reused stays flat, a leak grows again
            stop_at = time.monotonic() + args.duration
            await asyncio.gather(
                *(
                    session(browser, n, urls, stop_at, records, args.page_timeout)
                    for n in range(args.sessions)
                )
            )
            suffix = "" if burst == 1 else f"_round_{burst}"
            report.rss_mb["at_close" + suffix] = server.rss_mb()
            print(f"round {burst}: sessions closed; watching memory for {args.settle:.0f} s")
            await asyncio.sleep(args.settle)
            report.rss_mb["after_settle" + suffix] = server.rss_mb()
        await browser.close()
    stop_sampling.set()
    await sampler
    during = [mb for t, mb in report.rss_timeline if mb is not None]
    report.rss_mb["peak_during"] = max(during) if during else None
    report.rss_mb["process_peak"] = server.peak_mb()
    report.loads = len(records)
    report.errors = error_lines(records)
    report.completion, report.per_page = summarize_loads(records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="curated", help="'curated' or a synthetic scale")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60, help="seconds of browsing")
    parser.add_argument("--ttl", type=int, default=15, help="server.disconnectedSessionTTL, s")
    parser.add_argument("--settle", type=float, default=45, help="seconds watched after close")
    parser.add_argument("--page-timeout", type=float, default=120)
    parser.add_argument("--rounds", type=int, default=2, help="bursts on the same server")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write-results", action="store_true", help="refresh RESULTS.md now")
    args = parser.parse_args(argv)
    data_dir = data_dir_for(args.scale, args.seed)
    report = LoadReport(
        args.scale,
        args.sessions,
        args.duration,
        args.ttl,
        args.settle,
        rounds=args.rounds,
        machine=machine_info(),
    )
    flags = ["--server.disconnectedSessionTTL", str(args.ttl)] if args.ttl is not None else []
    with Server(ROOT_APP, data_dir, flags, log=OUT / "server-load-test.log") as server:
        # one visit loads and checks the data, so the test measures browsing, not start-up
        from bench_pages import chromium, load_page

        with chromium() as browser:
            load_page(browser, f"{server.url}/{registered_pages()[0].link}")
        report.rss_mb["before"] = server.rss_mb()
        print(f"{args.sessions} sessions for {args.duration:.0f} s on {server.url}", flush=True)
        asyncio.run(drive(server, args, report))
    OUT.mkdir(parents=True, exist_ok=True)
    LOAD_RESULTS.write_text(json.dumps(asdict(report), indent=1, default=str))
    section = render_load_section(asdict(report))
    print(section)
    if args.write_results:
        import bench_pages

        raw = json.loads((OUT / "results.json").read_text())
        text = bench_pages.render_results(raw["machine"], raw["scales"], asdict(report))
        old = bench_pages.RESULTS.read_text(encoding="utf-8")
        for name, kept in bench_pages.kept_sections(old).items():  # the soak's section stays
            text = bench_pages.splice_section(text, name, kept)
        bench_pages.RESULTS.write_text(text, encoding="utf-8")
    return 1 if report.errors else 0


ROOT_APP = Path(__file__).resolve().parents[1] / "app.py"

if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
