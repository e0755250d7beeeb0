"""Start the Atlas: `streamlit run app.py` with the data already loading when the server starts.

    python scripts/serve.py [streamlit run options, e.g. --server.port 8501]

scripts/run_app.sh, the Docker image and scripts/replicas.py start the Atlas this way. Before
handing over to Streamlit's own command line (so every option works as with `streamlit run`),
it starts loading, validating and deriving the data package (ATLAS_DATA_DIR or data/) in a
thread, so the first visitor finds it ready; its health check answers 503 until that load and
the warm-up after it are over; see ui/warmup.py and docs/DEPLOY.md ("Start-up"). It also
sets the memory allocator's arenas and mmap threshold and starts ui/memory.py's timer, which
hands memory closed sessions freed back to the system (docs/DEPLOY.md, "Memory").
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> None:
    """Start the load, then run Streamlit's CLI as `streamlit run app.py ARGV` (never returns)."""
    args = sys.argv[1:] if argv is None else argv
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from ui import memory, warmup  # the modules app.py's runs import: one holder per process

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    warmup.LOG.addHandler(handler)
    warmup.LOG.setLevel(logging.INFO)
    warmup.LOG.propagate = False
    memory.tune_allocator()  # before any thread starts: threads take their arenas then
    warmup.preload()
    warmup.hold_health_until_ready()
    memory.start_trimmer()

    from streamlit.web import cli

    sys.argv = streamlit_argv(args)
    cli.main(prog_name="streamlit")


#: A served Atlas does not watch its source files: Streamlit's watcher follows the app's folder
#: recursively (the virtual environment and bench/out included) and, on a busy server, spent
#: its time in inotify overflows ("reconciling recursive watches") while visitors waited. An
#: option given on the command line comes later and wins (click keeps the last value).
SERVED_DEFAULTS = ("--server.fileWatcherType", "none")


def streamlit_argv(args: list[str]) -> list[str]:
    """The command line Streamlit's CLI is given: `streamlit run app.py`, the served defaults,
    then the caller's options."""
    return ["streamlit", "run", str(ROOT / "app.py"), *SERVED_DEFAULTS, *args]


if __name__ == "__main__":
    main()
