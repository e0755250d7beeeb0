"""Start the app and drive Chromium the same way in the browser tests and in every benchmark.

The e2e fixtures (tests/e2e/conftest.py), the page benchmark, the load, soak and failover
runs and the replica script each had their own copy of "streamlit run on a free port, poll
/_stcore/health", of Chromium's flags and of "wait until Streamlit's running indicator is
gone"; a fix to one (a longer health wait on a slow machine, a flag Chromium needs) missed
the others. Importable as `bench.harness` (tests) and as `harness` (scripts run from bench/).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
HEALTH = "/_stcore/health"
OUT = ROOT / "bench" / "out"  # benchmark output and server logs (git-ignored)
CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
# headless on a machine without a GPU, and no traffic of Chromium's own: the Atlas must work
# offline, and a background request would show up among a test's requests
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
RUNNING = '[data-testid="stStatusWidget"]'  # Streamlit's "running" indicator
# Every chart and map of the main area drawn: some content, no loading skeleton, each plotly
# chart has its SVG, each deck.gl map its canvas, each image has loaded (a chart whose script
# chunk is still being fetched is not drawn yet). The page benchmark's RENDER_PROBE uses it too.
DRAWN = """() => {
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
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command(
    script: Path | str, port: int, host: str = "127.0.0.1", flags: Sequence[str] = ()
) -> list[str]:
    """`streamlit run` headless on host:port, without usage statistics (no traffic out).

    The Atlas itself starts as run_app.sh starts it, through scripts/serve.py (`streamlit run
    app.py` with the data loading from the server's start); other scripts (the bare and chart
    floor pages of the benchmark) with `streamlit run`.
    """
    launch = (
        [str(ROOT / "scripts" / "serve.py")]
        if Path(script).resolve() == (ROOT / "app.py").resolve()
        else ["-m", "streamlit", "run", str(script)]
    )
    return [
        sys.executable,
        *launch,
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        *flags,
    ]


def healthy(url: str, timeout_s: float = 2.0) -> bool:
    """Does `url` + /_stcore/health answer 200 now?"""
    try:
        with urllib.request.urlopen(url + HEALTH, timeout=timeout_s) as response:
            return response.status == 200
    except OSError:
        return False


def wait_healthy(url: str, timeout_s: float, proc: subprocess.Popen | None = None) -> bool:
    """Poll the health route until it answers, the process exits, or time runs out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if healthy(url):
            return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.3)
    return False


def proc_status_mb(pid: int, field_name: str) -> float | None:
    """VmRSS (now) or VmHWM (peak) of a process in MB, from /proc (None once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def stop_process(proc: subprocess.Popen, timeout_s: float = 15) -> None:
    """SIGTERM, then SIGKILL if it has not ended within `timeout_s`."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


class Server:
    """`streamlit run` on a free port, healthy on entry, stopped on exit; memory from /proc."""

    def __init__(
        self,
        script: Path | str = ROOT / "app.py",
        data_dir: Path | None = None,
        extra_flags: Sequence[str] = (),
        log: Path | None = None,
        health_timeout_s: float = 90,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.script = Path(script)
        self.env = dict(os.environ if env is None else env)
        if data_dir is not None:
            self.env["ATLAS_DATA_DIR"] = str(data_dir)
        self.flags = list(extra_flags)
        self.log = log or (OUT / f"server-{self.script.stem}.log")
        self.health_timeout_s = health_timeout_s
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self._log: IO[str] | None = None
        self.started = 0.0  # perf_counter() when the process was started

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> Server:
        """Start the server; return once it answers its health route (RuntimeError if not)."""
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log.open("w")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            streamlit_command(self.script, self.port, flags=self.flags),
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        if wait_healthy(self.url, self.health_timeout_s, self.proc):
            return self
        self.stop()
        raise RuntimeError(
            f"the server did not answer {HEALTH} in {self.health_timeout_s:.0f} s; see {self.log}"
        )

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc)
        if self._log is not None:
            self._log.close()

    def rss_mb(self) -> float | None:
        return proc_status_mb(self.proc.pid, "VmRSS") if self.proc else None

    def peak_mb(self) -> float | None:
        return proc_status_mb(self.proc.pid, "VmHWM") if self.proc else None


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright, with the flags above; closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.asynccontextmanager
async def async_chromium() -> AsyncIterator[Any]:
    """The same browser for asyncio drivers (many sessions at once: load, soak, failover)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            await browser.close()


def wait_until_idle(tab: Any, timeout_s: float = 60, quiet_s: float = 1.0) -> None:
    """Wait until Streamlit's running indicator has stayed away for `quiet_s`.

    The quiet window is there because a rerun a click starts shows its indicator only after
    a round trip to the server: returning at the first absent indicator would read the page
    before the rerun.
    """
    tab.wait_for_selector('[data-testid="stApp"]', timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    quiet_since = None
    while time.monotonic() < deadline:
        if tab.locator(RUNNING).count() > 0:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > quiet_s:
            return
        time.sleep(0.1)
    raise AssertionError("the app was still running after the time limit")


def wait_until_drawn(tab: Any, timeout_s: float = 30, required: bool = True) -> bool:
    """Wait until every chart and map of the main area is drawn (DRAWN), then two animation
    frames: charts draw after the script ends, so an idle app is not yet a drawn page.

    With `required` False a page still drawing after `timeout_s` is not an error (the caller
    checks something else, such as accessibility, and goes on); the result says if it drew.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        tab.wait_for_function(DRAWN, timeout=timeout_s * 1000)
    except PlaywrightTimeout:
        if required:
            raise
        return False
    tab.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return True
