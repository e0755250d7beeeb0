"""The memory trimmer calls malloc_trim on its timer and stays away where there is none."""

from __future__ import annotations

import threading
import weakref

from ui import memory


def test_glibc_trim_is_callable_here():
    # the CI machines and the Docker image run glibc: the trimmer must find it there
    trim = memory.glibc_trim()
    assert trim is not None
    assert trim() in (0, 1)


def test_trimmer_calls_trim_on_its_timer_until_stopped():
    calls = threading.Semaphore(0)
    stop = threading.Event()

    def trim() -> int:
        calls.release()
        return 1

    thread = memory.start_trimmer(interval_s=0.01, trim=trim, stop=stop)
    assert thread is not None and thread.daemon
    assert calls.acquire(timeout=5) and calls.acquire(timeout=5)
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_no_thread_without_malloc_trim(monkeypatch, caplog):
    monkeypatch.setattr(memory.ctypes.util, "find_library", lambda name: None)
    assert memory.glibc_trim() is None
    with caplog.at_level("INFO", logger="atlas.start"):
        assert memory.start_trimmer(interval_s=0.01) is None
    assert "no malloc_trim" in caplog.text


def test_freeze_sets_the_live_objects_aside_and_later_collections_skip_them(caplog):
    import gc

    try:
        with caplog.at_level("INFO", logger="atlas.start"):
            count = memory.freeze_long_lived()
        assert count > 1000 and gc.get_freeze_count() > 1000
        assert f"{count} start-up objects set aside" in caplog.text

        # what is created afterwards is still collected: a reference cycle made now goes
        class Node:
            pass

        node = Node()
        node.me = node
        gone = weakref.ref(node)
        del node
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()
