"""Work the first visitor would otherwise wait for, done when the server starts.

`scripts/serve.py` (what run_app.sh, the Docker image and the replicas start) calls `preload`
before it hands over to Streamlit: the data package is loaded, validated and derived in a
thread while the server boots, into a process-wide holder that ui/data.py's cached loader
takes it from. A visitor who arrives before the load ends waits on that same load, under the
loader's spinner; a broken package reaches the visitor as the same `DataValidationError`, so
the validation report is shown instead of the pages. Nothing is kept after it is handed over,
so a curator who fixes a file and reloads gets a fresh load.

Once the data is in, the default views' cached builders (the Overview's findings and world
map, the Partnerships page's network measures and drawings) are computed in the same thread,
and the modules pages draw with are imported: with 10,000 cities betweenness alone takes
seconds, and every visitor's first view is the same. Then everything start-up built is set
aside from garbage collection (`_settle`, ui/memory.py), which Streamlit runs after every
script run.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import threading
import time
from concurrent.futures import Future

from atlas.filters import Filters, city_ids
from atlas.load import Atlas, load_atlas, resolve_data_dir

#: The start-up log (scripts/serve.py prints it at INFO; the e2e tests read it).
LOG = logging.getLogger("atlas.start")
READY = "Atlas data loaded, validated and derived at start"
WARMED = "default views warmed"
IN_VISITOR_RUN = "loading the Atlas in a visitor's run"
#: How long a warm-up waits for Streamlit's runtime (its data caches live there).
RUNTIME_WAIT_S = 120.0

_lock = threading.Lock()
_preloads: dict[str, Future[Atlas]] = {}
#: Set when the start-up load and warm-up are over, whether done, failed or skipped.
_settled = threading.Event()
#: What the health check answers (HTTP 503) until then; Streamlit's page shows it while it
#: retries, and opens the Atlas by itself once the check answers "ok". English: the check
#: belongs to no session, so no visitor's language is known.
STARTING = "The Atlas is loading its data; this page opens by itself when it is ready."


def preload(
    data_dir: str | None = None, runtime_wait_s: float = RUNTIME_WAIT_S
) -> threading.Thread:
    """Start loading the Atlas (then warming its default views) in a daemon thread.

    The warm-up is skipped when no Streamlit runtime appears within `runtime_wait_s`.
    """
    folder = str(resolve_data_dir(data_dir))
    future: Future[Atlas] = Future()
    with _lock:
        _preloads[folder] = future
    thread = threading.Thread(
        target=_load_then_warm,
        args=(folder, future, runtime_wait_s),
        name="atlas-preload",
        daemon=True,
    )
    thread.start()
    return thread


def take(data_dir: str) -> Future[Atlas] | None:
    """The load started at server start for this folder, handed over once (None if none)."""
    with _lock:
        return _preloads.pop(data_dir, None)


def _load_then_warm(folder: str, future: Future[Atlas], runtime_wait_s: float) -> None:
    try:
        _load_then_warm_once(folder, future, runtime_wait_s)
    finally:  # a failed load is "ready" too: the visitor is shown its validation report
        _settled.set()


def _load_then_warm_once(folder: str, future: Future[Atlas], runtime_wait_s: float) -> None:
    started = time.perf_counter()
    future.set_running_or_notify_cancel()
    try:
        atlas = load_atlas(folder)
    except BaseException as err:  # handed to the visitor's run, which shows the report
        future.set_exception(err)
        LOG.warning("the Atlas data at %s could not be loaded at start: %s", folder, err)
        return
    future.set_result(atlas)
    LOG.info("%s in %.1f s (%s)", READY, time.perf_counter() - started, folder)
    if _wait_for_runtime(runtime_wait_s):
        _warm(atlas)
        _settle()
        LOG.info("%s %.1f s after start", WARMED, time.perf_counter() - started)


def hold_health_until_ready(settled: threading.Event = _settled) -> None:
    """Make the server's health check (`/_stcore/health`) answer 503 until `settled` is set.

    A visitor who opened the Atlas while the warm-up was still running used to wait for it in
    their first run (1.5 times a later visitor's load in bench/bench_pages.py, against a target
    of 1.3). Until the warm-up is over the server now says it is not ready, as a readiness
    check should: Docker's health check, a load balancer and Streamlit's own page (which pings
    the check before it opens its connection and retries, showing `STARTING`) all wait for a
    server that answers at once. Streamlit 1.67 asks `Runtime.is_ready_for_browser_connection`
    for that answer and offers no hook, so that property is wrapped;
    tests/ui/test_warmup.py fails if its shape changes.
    """
    from streamlit.runtime.runtime import Runtime

    streamlit_ready = Runtime.is_ready_for_browser_connection.fget

    async def ready(runtime: Runtime) -> tuple[bool, str]:
        ok, message = await streamlit_ready(runtime)
        if ok and not settled.is_set():
            return False, STARTING
        return ok, message

    Runtime.is_ready_for_browser_connection = property(ready)  # type: ignore[method-assign]


def _wait_for_runtime(timeout_s: float) -> bool:
    """Streamlit's data caches live in its runtime, which exists once the server is built."""
    from streamlit import runtime

    deadline = time.monotonic() + timeout_s
    while not runtime.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _warm(atlas: Atlas) -> None:
    # imported here: loading data needs none of the pages' modules (nor plotly and pydeck)
    from atlas.views.network import year_bounds
    from ui import network_view, story, worldmap

    try:
        story.finding_cards(atlas)
        # the same argument the page passes (a tuple), so the page finds this entry
        worldmap.overview_deck(atlas, tuple(city_ids(atlas, Filters())))
    except Exception:  # a warm-up must never take the server down; the page computes itself
        LOG.exception("warming the Overview's default view failed")
    try:
        first, last = year_bounds(atlas)
        network_view.compute(atlas, (), first, last, Filters())
        network_view.cached_pictures(atlas, (), first, last, Filters())
    except Exception:
        LOG.exception("warming the Partnerships page's default view failed")


#: The packages whose modules pages import as they run (ui.registry's pages, their views and
#: charts); imported by `_settle` so they are among the start-up objects set aside.
PAGE_PACKAGES = ("atlas", "components", "ui")


def _settle() -> None:
    """Import every module the pages use, then set all start-up objects aside from garbage
    collection (ui/memory.py): what start-up built lives as long as the server, and
    Streamlit's collection after each run would otherwise walk it every time."""
    from ui import memory

    try:
        for name in PAGE_PACKAGES:
            package = importlib.import_module(name)
            for module in pkgutil.walk_packages(package.__path__, f"{name}."):
                importlib.import_module(module.name)
    except Exception:  # an import error shows on the page that needs the module, not here
        LOG.exception("importing the pages' modules at start failed")
    memory.freeze_long_lived()


def start(atlas: Atlas) -> threading.Thread | None:
    """Warm the default views in a daemon thread, on a real server only (not under AppTest).

    For a server started without scripts/serve.py (`streamlit run app.py`): the data was
    loaded in the first visitor's run, the warm-up follows it.
    """
    from streamlit import runtime

    if not runtime.exists():
        return None
    thread = threading.Thread(
        target=lambda: (_warm(atlas), _settle()), name="atlas-warmup", daemon=True
    )
    thread.start()
    return thread
