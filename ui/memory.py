"""Keep the server process's memory low and its garbage collection short.

Streamlit runs every session's script in its own thread. glibc's allocator keeps the memory
those runs free inside its heaps for reuse instead of returning it, so a server that had 20
visitors at once stays at that peak long after they leave (the soak in bench/soak.py measured
it: a flat plateau, not a leak). `malloc_trim(0)` asks glibc to hand free pages back. It is
cheap (milliseconds) and changes nothing the program sees, so scripts/serve.py runs it every
`INTERVAL_S` seconds in a daemon thread. Where the C library has no `malloc_trim` (macOS,
musl), nothing is started. `tune_allocator` gives every start path the same allocator
settings, and `freeze_long_lived` keeps Streamlit's collection after every run from walking
what lives as long as the process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import os
import threading
from collections.abc import Callable, Mapping
from typing import Any

#: Seconds between trims: short next to a session's life (disconnected sessions are kept
#: 30 s, see .streamlit/config.toml), long next to the few milliseconds one trim takes.
INTERVAL_S = 30.0

LOG = logging.getLogger("atlas.start")

#: glibc allocator settings the Atlas runs with, by the environment variables that set them.
#: Streamlit runs every session's script in its own thread and glibc gives threads their own
#: arenas, which keep freed memory: with 2 arenas a soak of 20 sessions at 10x data ended 9 %
#: above its warmed baseline instead of 20 %, and 20 sessions at 100x peaked at 720 MB instead
#: of 1,041 MB (bench/RESULTS.md). A fixed mmap threshold (128 KiB, glibc's starting value,
#: which it otherwise raises up to 32 MB as large blocks are freed) keeps pandas' and numpy's
#: large buffers in their own mappings, returned to the system when freed, instead of
#: fragmenting the heaps (docs/DEPLOY.md, "Memory").
ALLOCATOR_SETTINGS = {"MALLOC_ARENA_MAX": 2, "MALLOC_MMAP_THRESHOLD_": 131072}

#: mallopt(3)'s parameter number for each setting (glibc's malloc.h: M_ARENA_MAX,
#: M_MMAP_THRESHOLD)
_MALLOPT_PARAMETERS = {"MALLOC_ARENA_MAX": -8, "MALLOC_MMAP_THRESHOLD_": -3}


def allocator_env() -> dict[str, str]:
    """The settings as environment variables, for a process started by another program."""
    return {name: str(value) for name, value in ALLOCATOR_SETTINGS.items()}


def glibc_mallopt() -> Callable[[int, int], int] | None:
    """glibc's `mallopt(parameter, value)`, or None where the C library has none."""
    mallopt = _libc_function("mallopt")
    if mallopt is None:
        return None
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return lambda parameter, value: int(mallopt(parameter, value))


def tune_allocator(
    environ: Mapping[str, str] | None = None,
    mallopt: Callable[[int, int], int] | None = None,
) -> dict[str, int]:
    """Apply `ALLOCATOR_SETTINGS` with `mallopt`, before the server starts its threads; return
    what was applied.

    `bash scripts/run_app.sh`, the Docker image, the replicas and the benchmarks all start the
    Atlas through scripts/serve.py, so all of them run with the same allocator: a laptop at a
    meeting as much as a deployment (the 100x load test without these settings peaked at
    1,041 MB, above the 1 GB target). A setting the environment already makes is left alone:
    glibc read it at start, and an operator's or a benchmark's own choice wins.
    """
    environ = os.environ if environ is None else environ
    mallopt = mallopt or glibc_mallopt()
    if mallopt is None:
        LOG.info("no mallopt in this C library: the allocator keeps its own settings")
        return {}
    applied = {}
    for name, value in ALLOCATOR_SETTINGS.items():
        if name in environ:
            continue
        if mallopt(_MALLOPT_PARAMETERS[name], value) == 1:  # mallopt returns 1 on success
            applied[name] = value
    if applied:
        LOG.info("allocator: %s", ", ".join(f"{name}={value}" for name, value in applied.items()))
    return applied


def _libc_function(symbol: str) -> Any:
    """The C library's function `symbol`, or None where there is no such library or function
    (macOS, musl)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return getattr(ctypes.CDLL(name), symbol)
    except (OSError, AttributeError):
        return None


def glibc_trim() -> Callable[[], int] | None:
    """glibc's `malloc_trim(0)` as a function, or None where the C library has none."""
    trim = _libc_function("malloc_trim")
    if trim is None:
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return lambda: int(trim(0))


def start_trimmer(
    interval_s: float = INTERVAL_S,
    trim: Callable[[], int] | None = None,
    stop: threading.Event | None = None,
) -> threading.Thread | None:
    """Start the daemon thread that trims every `interval_s` seconds until `stop` is set.

    Returns None (and logs why) when there is nothing to call.
    """
    trim = trim or glibc_trim()
    if trim is None:
        LOG.info("no malloc_trim in this C library: freed memory is left to the allocator")
        return None
    stop = stop or threading.Event()

    def loop() -> None:
        while not stop.wait(interval_s):
            trim()

    thread = threading.Thread(target=loop, name="atlas-malloc-trim", daemon=True)
    thread.start()
    return thread


def freeze_long_lived() -> int:
    """Set every object alive now aside from the garbage collector (`gc.freeze`); return how
    many.

    Streamlit collects garbage after every script run (its `runner.postScriptGC`, on by
    default, which keeps a closed session's cycles from piling up). A full collection walks
    every tracked object: with the libraries the pages use and the loaded Atlas, about 180,000
    of them, 85 ms per run on the benchmark machine, more than the page's own code. Called
    once the start-up has loaded and warmed what lives as long as the process, later
    collections walk only what sessions create; reference counting still frees frozen objects
    as before, only their reference cycles would stay.
    """
    gc.collect()  # start-up garbage is freed first, not frozen with the rest
    gc.freeze()
    count = gc.get_freeze_count()
    LOG.info("%d start-up objects set aside from garbage collection", count)
    return count
