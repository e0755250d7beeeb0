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


def test_the_allocator_settings_go_to_mallopt_unless_the_environment_sets_them(caplog):
    calls: list[tuple[int, int]] = []

    def mallopt(parameter: int, value: int) -> int:
        calls.append((parameter, value))
        return 1

    with caplog.at_level("INFO", logger="atlas.start"):
        applied = memory.tune_allocator(environ={}, mallopt=mallopt)
    assert applied == memory.ALLOCATOR_SETTINGS
    assert calls == [(-8, 2), (-3, 131072)]  # M_ARENA_MAX, M_MMAP_THRESHOLD
    assert "MALLOC_ARENA_MAX=2" in caplog.text

    calls.clear()
    applied = memory.tune_allocator(environ={"MALLOC_ARENA_MAX": "4"}, mallopt=mallopt)
    assert applied == {"MALLOC_MMAP_THRESHOLD_": 131072}  # the operator's arenas win
    assert calls == [(-3, 131072)]


def test_a_refused_setting_is_not_reported_as_applied():
    assert memory.tune_allocator(environ={}, mallopt=lambda parameter, value: 0) == {}


def test_glibc_mallopt_is_callable_here():
    mallopt = memory.glibc_mallopt()
    assert mallopt is not None
    assert mallopt(-3, 131072) == 1  # glibc's own starting threshold: nothing changes


def test_no_tuning_without_mallopt(monkeypatch, caplog):
    monkeypatch.setattr(memory.ctypes.util, "find_library", lambda name: None)
    with caplog.at_level("INFO", logger="atlas.start"):
        assert memory.tune_allocator(environ={}) == {}
    assert "no mallopt" in caplog.text


def test_the_environment_form_names_the_same_settings():
    assert memory.allocator_env() == {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072"}
