"""Failover check: kill a replica under 20 open views and prove every view comes back.

Not part of the test run (it takes a few minutes and two app servers). It starts the topology of
scripts/replicas.py on loopback ports (replicas a and b behind nginx, sticky by the atlas_node
cookie), then:

1. opens 20 browser sessions through nginx, each in its own browser context (its own cookies,
   so nginx shares them between the replicas), each on a link with parameters to a different
   page or view, and records what each shows (address, heading, the text of the main area
   and the sidebar);
2. kills replica a with SIGKILL, as a crash or the out-of-memory killer would;
3. waits, for each session that was on a, until the browser has reconnected through nginx to
   replica b (a new websocket, the cookie now naming b), the app has run again and drawn the
   page, and checks it shows the same view as before, with no exception box, no
   "Page not found" and no "could not be followed" note. Sessions on b must be untouched;
4. restarts replica a, checks that nginx gives it new visitors again while the moved sessions
   stay on b, where their session now lives.

It prints the sessions affected, the time to recover (median and maximum, from the kill to the
view drawn again) and, last, `lost views: N` (exit status 1 when N > 0 or a step failed)::

    python bench/failover.py                    # curated data, ports 8521, 8522, nginx 8529
    python bench/failover.py --sessions 20 --recover-timeout 120

Everything is bounded: each step has a timeout and the topology stops itself after
`--max-seconds`. Only loopback addresses are used. Figures go to bench/out/failover.json,
screenshots of each affected tab before the kill and after its recovery to
bench/out/failover/shots/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_pages import OUT, RENDER_PROBE  # noqa: E402
from harness import async_chromium  # noqa: E402
from replicas import DEFAULT_PORTS, DEFAULT_PROXY_PORT, Topology  # noqa: E402

# Links people share: every page, most with parameters, several views of the same page.
VIEWS = (
    "map?layers=cities,networks&indicator=gii_cluster_rank&city=geneva-ch",
    "profile?city=barcelona-es",
    "rankings?indicator=nature_index_rank&top=10",
    "compare?cities=barcelona-es,geneva-ch,munich-de",
    "index_builder?preset=innovation&norm=percentile",
    "partnerships?types=twinning",
    "hubs?types=landing+pad",
    "data_methods?section=coverage",
    "?region=Europe",
    "profile?city=paris-fr",
    "rankings?indicator=hubs_hosted&per_million=1&top=10",
    "compare?cities=barcelona-es,munich-de,tokyo-jp",
    "hubs?operators=CH",
    "partnerships?types=twinning&signed=1980-2000",
    "data_methods?section=coverage&region=Oceania",
    "rankings?indicator=gii_st_share&edition=2023",
    "inputs_outputs?x=hubs_hosted&y=gii_cluster_rank",
    "map?layers=cities&city=nairobi-ke",
    # a two-step tour (Europe on the Map, Barcelona's profile), as atlas.tour.to_link writes it
    "tour?tour=eNqLrlYqySzJSVWyUnItLcovSFXSUSpITAfxcxMLgJzC0tSiSiWraqWyzNRyoGgqRFVtrQ5Cp1NiUXJqTn5eIkJzQVF-WmZOKrIByZklQFopCaZYN7UYaEwsAAejK70",
    "?region=Asia",
)

# Counts websockets opened and closed, so a reconnect can be told from a page that never lost
# its connection (Streamlit keeps the old elements on screen while it reconnects).
WS_PROBE = """
(() => {
  window.__atlasWs = {opened: 0, closed: 0, lastOpen: null};
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const ws = new Native(...args);
    ws.addEventListener('open', () => {
      window.__atlasWs.opened += 1; window.__atlasWs.lastOpen = performance.now();
    });
    ws.addEventListener('close', () => { window.__atlasWs.closed += 1; });
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();
"""

# What "the same view" means: the address (path and parameters) and what the page says in its
# main area and sidebar. Running indicators are left out; the page has finished by then.
VIEW_JS = """
() => {
  const text = (sel) => { const el = document.querySelector(sel); return el ? el.innerText : ''; };
  return {
    path: location.pathname,
    query: location.search,
    heading: text('[data-testid="stMain"] h1'),
    main: text('[data-testid="stMain"]'),
    sidebar: text('[data-testid="stSidebarUserContent"]'),
    exception: document.querySelectorAll('[data-testid="stException"]').length,
  };
}
"""
PROBLEMS = ("Page not found", "could not be followed")


@dataclass
class Session:
    """One browser session: its link, where it was served and what happened to it."""

    number: int
    view: str
    replica_before: str = ""
    replica_after: str = ""
    affected: bool = False
    recovered: bool = False
    recover_s: float | None = None
    problem: str | None = None
    before: dict[str, Any] = field(default_factory=dict, repr=False)


def view_key(view: dict[str, Any]) -> tuple[str, tuple, str, str, str]:
    """The parts of a view that must be equal before and after a failover."""
    query = tuple(sorted(urllib.parse.parse_qsl(str(view.get("query", "")).lstrip("?"))))
    return (
        str(view.get("path", "")),
        query,
        str(view.get("heading", "")).strip(),
        " ".join(str(view.get("main", "")).split()),
        " ".join(str(view.get("sidebar", "")).split()),
    )


def difference(before: dict[str, Any], after: dict[str, Any]) -> str | None:
    """Which part of the view changed, in words (None when it is the same view)."""
    names = ("address", "parameters", "heading", "main area text", "sidebar text")
    for name, old, new in zip(names, view_key(before), view_key(after), strict=True):
        if old != new:
            if isinstance(old, str) and len(old) > 60:
                at = next((i for i, (x, y) in enumerate(zip(old, new, strict=False)) if x != y), 0)
                old, new = old[max(0, at - 20) : at + 40], new[max(0, at - 20) : at + 40]
            return f"{name} differs: {old!r} became {new!r}"
    return None


def problem_in(view: dict[str, Any]) -> str | None:
    """An exception box or a 'not found'/'not followed' message on the page."""
    if view.get("exception"):
        return "exception box"
    page = f"{view.get('main', '')}\n{view.get('sidebar', '')}"
    return next((f"'{p}' on the page" for p in PROBLEMS if p in page), None)


def summarise(sessions: list[Session]) -> dict[str, Any]:
    """The figures the check prints and saves."""
    affected = [s for s in sessions if s.affected]
    times = sorted(s.recover_s for s in affected if s.recovered and s.recover_s is not None)
    lost = [s for s in sessions if s.problem]
    return {
        "sessions": len(sessions),
        "affected": len(affected),
        "recovered": sum(1 for s in affected if s.recovered),
        "recover_median_s": round(statistics.median(times), 1) if times else None,
        "recover_max_s": round(max(times), 1) if times else None,
        "lost_views": len(lost),
        "lost": [f"session {s.number} ({s.view}): {s.problem}" for s in lost],
    }


def report_lines(summary: dict[str, Any], restart: dict[str, Any]) -> list[str]:
    """What the check prints; `lost views: N` is always the last line."""

    def secs(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1f} s"

    lines = [
        f"sessions: {summary['sessions']}",
        f"sessions affected (on the killed replica): {summary['affected']}",
        f"recovered on the other replica: {summary['recovered']} of {summary['affected']}",
        f"time to recover: median {secs(summary['recover_median_s'])}, "
        f"max {secs(summary['recover_max_s'])}",
        f"after restart: new visitors on the restarted replica: {restart.get('new_on_restarted')}"
        f" of {restart.get('new_visitors')}; moved sessions still on the survivor: "
        f"{restart.get('moved_stayed')} of {summary['affected']}",
    ]
    lines += [f"  lost: {line}" for line in summary["lost"]]
    lines += [f"  restart problem: {p}" for p in restart.get("problems", [])]
    lines.append(f"lost views: {summary['lost_views']}")
    return lines


# ------------------------------------------------------------------------------- browsing


async def replica_of(context: Any) -> str:
    """The replica nginx says served this browser last (its atlas_node cookie)."""
    for cookie in await context.cookies():
        if cookie["name"] == "atlas_node":
            return str(cookie["value"])
    return ""


async def settled(tab: Any, timeout_s: float, after_ms: float | None = None) -> dict | None:
    """Wait until the page is drawn, idle and unchanged for two seconds; return what it shows.

    "Idle" is the render probe's (no script running, every chart drawn); on a loaded machine a
    page can look idle between two runs, so the page must also have drawn its heading (every
    Atlas page has one) and read the same twice, 2 s apart, with no new render in between.
    With `after_ms`, the render must be newer than that.
    """
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        done = await tab.evaluate("window.__atlasRender")
        now = await tab.evaluate("performance.now()")
        if done is not None and now - done > 1000 and (after_ms is None or done > after_ms):
            first = await tab.evaluate(VIEW_JS)
            await asyncio.sleep(2.0)
            again = await tab.evaluate(VIEW_JS)
            same = view_key(first) == view_key(again)
            if same and again["heading"] and await tab.evaluate("window.__atlasRender") == done:
                again["_rendered_ms"] = done
                return again
        await asyncio.sleep(0.25)
    return None


async def open_view(browser: Any, session: Session, base: str, timeout_s: float, gate) -> Any:
    """Open the session's link in a fresh context and record the view it shows."""
    async with gate:  # a few at a time: 20 first runs at once would only measure the CPU
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        await context.add_init_script(RENDER_PROBE)
        await context.add_init_script(WS_PROBE)
        tab = await context.new_page()
        await tab.goto(f"{base}/{session.view}", timeout=timeout_s * 1000)
        view = await settled(tab, timeout_s)
        if view is None:
            session.problem = f"the page did not finish within {timeout_s:.0f} s"
        session.before = view or await tab.evaluate(VIEW_JS)
        session.problem = session.problem or problem_in(session.before)
        session.replica_before = await replica_of(context)
        return context, tab


async def watch_recovery(
    session: Session,
    context: Any,
    tab: Any,
    killed_at: float,
    survivor: str,
    timeout_s: float,
    shots: Path | None = None,
) -> None:
    """Poll one affected session until it shows its view again from the survivor."""
    deadline = killed_at + timeout_s
    opened_before = session.before.get("_ws_opened", 1)
    after: dict | None = None
    while time.monotonic() < deadline:
        ws = await tab.evaluate("window.__atlasWs")
        if ws["opened"] > opened_before and await replica_of(context) == survivor:
            after = await settled(tab, deadline - time.monotonic(), after_ms=ws["lastOpen"])
            break
        await asyncio.sleep(0.25)
    session.replica_after = await replica_of(context)
    if after is None:
        session.problem = f"not back on replica {survivor} within {timeout_s:.0f} s"
        return
    # from the kill to the moment the page was drawn again (not to the end of the checking)
    now = await tab.evaluate("performance.now()")
    session.recover_s = round(
        time.monotonic() - killed_at - (now - after["_rendered_ms"]) / 1000, 2
    )
    session.problem = problem_in(after) or difference(session.before, after)
    session.recovered = session.problem is None
    if shots is not None:  # to look at: the same view, drawn by the other replica
        await tab.screenshot(path=str(shots / f"session-{session.number:02d}-after.png"))


async def check_untouched(session: Session, context: Any, tab: Any) -> None:
    """A session on the surviving replica keeps its connection and its view."""
    ws = await tab.evaluate("window.__atlasWs")
    if ws["closed"]:
        session.problem = "its websocket closed although its replica was not killed"
        return
    after = await tab.evaluate(VIEW_JS)
    session.replica_after = await replica_of(context)
    session.problem = problem_in(after) or difference(session.before, after)


async def check_restarted(
    browser: Any, base: str, restarted: str, opened: list[tuple[Session, Any, Any]], args
) -> dict[str, Any]:
    """New visitors reach the restarted replica again; moved sessions stay where they are."""
    problems: list[str] = []
    on_restarted = 0
    visitors = 0
    for n in range(args.new_visitors):
        visitors += 1
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        await context.add_init_script(RENDER_PROBE)
        tab = await context.new_page()
        view = VIEWS[n % len(VIEWS)]
        try:
            await tab.goto(f"{base}/{view}", timeout=args.page_timeout * 1000)
            shown = await settled(tab, args.page_timeout)
            if shown is None:
                problems.append(f"new visitor {n} on {view}: the page did not finish")
            found = problem_in(shown or await tab.evaluate(VIEW_JS))
            if found:
                problems.append(f"new visitor {n} on {view}: {found}")
            on_restarted += await replica_of(context) == restarted
        finally:
            await context.close()
    if on_restarted == 0:
        problems.append(f"no new visitor reached the restarted replica {restarted}")
    moved_stayed = 0
    for session, context, tab in opened:
        if not session.affected:
            continue
        # a request from the moved tab (as a media file or download would make) must reach
        # the replica that now holds its session
        await tab.evaluate("fetch('/_stcore/health', {credentials: 'same-origin'})")
        moved_stayed += await replica_of(context) == session.replica_after
    return {
        "new_visitors": visitors,
        "new_on_restarted": on_restarted,
        "moved_stayed": moved_stayed,
        "problems": problems,
    }


async def run_check(topology: Topology, args: argparse.Namespace) -> tuple[list[Session], dict]:
    base = topology.url
    sessions = [Session(n, VIEWS[n % len(VIEWS)]) for n in range(args.sessions)]
    async with async_chromium() as browser:
        try:
            # one visit per replica first, so the check measures failover, not data loading
            for replica in topology.replicas.values():
                context = await browser.new_context()
                await context.add_init_script(RENDER_PROBE)
                tab = await context.new_page()
                await tab.goto(f"{replica.url}/", timeout=args.page_timeout * 1000)
                await settled(tab, args.page_timeout)
                await context.close()
            gate = asyncio.Semaphore(args.parallel)
            print(f"opening {len(sessions)} sessions through nginx on {base}", flush=True)
            pairs = await asyncio.gather(
                *(open_view(browser, s, base, args.page_timeout, gate) for s in sessions)
            )
            opened = [(s, c, t) for s, (c, t) in zip(sessions, pairs, strict=True)]
            for session, _, tab in opened:
                session.before["_ws_opened"] = (await tab.evaluate("window.__atlasWs"))["opened"]
            held = {name: sum(s.replica_before == name for s in sessions) for name in "ab"}
            print(f"sessions per replica: a {held['a']}, b {held['b']}", flush=True)
            victim, survivor = args.kill, "b" if args.kill == "a" else "a"
            shots = OUT / "failover" / "shots"
            shots.mkdir(parents=True, exist_ok=True)
            for session, _, tab in opened:
                session.affected = session.replica_before == victim
                if session.affected:
                    await tab.screenshot(
                        path=str(shots / f"session-{session.number:02d}-before.png")
                    )
            print(
                f"SIGKILL replica {victim} (pid {topology.replicas[victim].proc.pid}); load "
                f"average {' '.join(f'{x:.1f}' for x in os.getloadavg())}",
                flush=True,
            )
            killed_at = time.monotonic()
            topology.kill(victim)
            await asyncio.gather(
                *(
                    watch_recovery(s, c, t, killed_at, survivor, args.recover_timeout, shots)
                    for s, c, t in opened
                    if s.affected and not s.problem
                )
            )
            for s, c, t in opened:
                if not s.affected and not s.problem:
                    await check_untouched(s, c, t)
            print(f"restarting replica {victim}", flush=True)
            if topology.restart(victim):
                restart = await check_restarted(browser, base, victim, opened, args)
            else:
                restart = {"problems": [f"replica {victim} did not come back"]}
            for _, context, _ in opened:
                await context.close()
        finally:
            await browser.close()
    return sessions, restart


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--kill", choices=("a", "b"), default="a", help="replica to kill")
    parser.add_argument("--ports", type=int, nargs=2, default=list(DEFAULT_PORTS))
    parser.add_argument("--proxy-port", type=int, default=DEFAULT_PROXY_PORT)
    parser.add_argument("--data", type=Path, default=None, help="ATLAS_DATA_DIR (curated)")
    parser.add_argument("--parallel", type=int, default=4, help="sessions opened at once")
    parser.add_argument("--page-timeout", type=float, default=180)
    parser.add_argument("--recover-timeout", type=float, default=180)
    parser.add_argument("--new-visitors", type=int, default=4, help="after the restart")
    parser.add_argument("--max-seconds", type=float, default=1500, help="stop everything then")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.sessions < 1:
        raise SystemExit("--sessions must be at least 1")
    started = time.monotonic()
    with Topology(
        args.ports,
        args.proxy_port,
        run_dir=OUT / "failover",
        data_dir=args.data,
        lifetime_s=args.max_seconds,
    ) as topology:
        sessions, restart = asyncio.run(run_check(topology, args))
    summary = summarise(sessions)
    lines = report_lines(summary, restart)
    OUT.mkdir(parents=True, exist_ok=True)
    record = {
        "summary": summary,
        "restart": restart,
        "seconds": round(time.monotonic() - started),
        "sessions": [{k: v for k, v in asdict(s).items() if k != "before"} for s in sessions],
    }
    (OUT / "failover.json").write_text(json.dumps(record, indent=1))
    print("\n".join(lines))
    return 1 if summary["lost_views"] or restart.get("problems") else 0


if __name__ == "__main__":
    raise SystemExit(main())
