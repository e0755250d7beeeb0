"""The server loads the Atlas when it starts and warms the default views once it is loaded."""

from __future__ import annotations

import logging
import shutil
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas.filters import Filters, city_ids
from atlas.load import DEFAULT_DATA_DIR, DataValidationError, load_atlas
from atlas.views.network import year_bounds
from ui import data, network_view, story, warmup, worldmap

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    """The curated tables with one latitude that is not a number."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target, ignore=shutil.ignore_patterns("geo"))
    cities = target / "cities.csv"
    lines = cities.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("latitude")] = "north"
    lines[1] = ",".join(row)
    cities.write_text("".join(lines), encoding="utf-8")
    return target


@pytest.fixture
def fresh_loader():
    """No Atlas cached and no load started, before and after the test."""
    data._cached_atlas.clear()
    warmup._preloads.clear()
    yield
    data._cached_atlas.clear()
    warmup._preloads.clear()


def test_no_thread_without_a_server(curated_atlas):
    assert warmup.start(curated_atlas) is None  # AppTest and scripts run without a runtime


def test_warm_computes_the_default_view_the_page_asks_for(monkeypatch, curated_atlas):
    atlas = curated_atlas
    calls = []
    monkeypatch.setattr(network_view, "compute", lambda *a: calls.append(("compute", a)))
    monkeypatch.setattr(network_view, "cached_pictures", lambda *a: calls.append(("pics", a)))
    monkeypatch.setattr(story, "finding_cards", lambda *a: calls.append(("cards", a)))
    monkeypatch.setattr(worldmap, "overview_deck", lambda *a: calls.append(("deck", a)))
    warmup._warm(atlas)
    first, last = year_bounds(atlas)
    assert [name for name, _ in calls] == ["cards", "deck", "compute", "pics"]
    assert calls[0][1] == (atlas,)
    assert calls[1][1][0] is atlas
    # the Overview's map, as the tuple the page passes (its cache entry is the page's)
    assert calls[1][1][1] == tuple(city_ids(atlas, Filters()))
    for _, args in calls[2:]:
        assert args == (atlas, (), first, last, Filters())


def test_the_real_warm_up_fills_the_caches_without_an_error(caplog, curated_atlas):
    """Unmocked: an argument the cache cannot hash (a pandas Index once) fails only in the log."""
    with caplog.at_level(logging.ERROR):
        warmup._warm(curated_atlas)
    assert "failed" not in caplog.text


def test_a_failing_warm_up_is_logged_not_raised(monkeypatch, caplog, curated_atlas):
    def boom(*_):
        raise RuntimeError("no")

    monkeypatch.setattr(network_view, "compute", boom)
    with caplog.at_level(logging.ERROR):
        warmup._warm(curated_atlas)
    assert "warming the Partnerships page" in caplog.text


def test_a_load_started_at_start_is_handed_over_once(fresh_loader):
    warmup.preload(runtime_wait_s=0).join()
    started = warmup.take(str(DEFAULT_DATA_DIR))
    assert started is not None
    atlas = started.result()
    assert len(atlas.cities) == len(load_atlas().cities)
    assert warmup.take(str(DEFAULT_DATA_DIR)) is None  # a later load is the loader's own


def test_a_broken_package_fails_the_started_load_with_its_problems(fresh_loader, broken_copy):
    warmup.preload(str(broken_copy), runtime_wait_s=0).join()
    started = warmup.take(str(broken_copy))
    assert started is not None
    with pytest.raises(DataValidationError) as err:
        started.result()
    assert any(p.column == "latitude" for p in err.value.problems)


def test_the_cached_loader_uses_the_started_load(fresh_loader, monkeypatch, caplog):
    atlas = load_atlas()
    started: Future = Future()
    started.set_result(atlas)
    warmup._preloads["somewhere"] = started

    def no_second_load(_):
        raise AssertionError("loaded again in the visitor's run")

    monkeypatch.setattr(data, "load_atlas", no_second_load)
    with caplog.at_level(logging.INFO, logger=warmup.LOG.name):
        assert data._cached_atlas("somewhere") is atlas
    assert warmup.IN_VISITOR_RUN not in caplog.text


def test_without_a_started_load_the_visitor_run_loads_and_says_so(fresh_loader, caplog):
    with caplog.at_level(logging.INFO, logger=warmup.LOG.name):
        atlas = data._cached_atlas(str(DEFAULT_DATA_DIR))
    assert len(atlas.cities) > 0
    assert warmup.IN_VISITOR_RUN in caplog.text


def test_a_broken_package_loaded_at_start_shows_its_report(fresh_loader, broken_copy, monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(broken_copy))
    warmup.preload(runtime_wait_s=0).join()
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "cannot show its data: 1 problem was found" in at.error[0].value
    assert "column 'latitude': must be a number (found 'north')" in at.code[0].value
    assert not at.metric  # the pages are not drawn
    # the curator fixes the file and reloads: a fresh load, not the failed one again
    shutil.copy2(DEFAULT_DATA_DIR / "cities.csv", broken_copy / "cities.csv")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert not at.error
    assert at.metric


def test_settle_imports_the_pages_modules_then_freezes(monkeypatch):
    import pkgutil
    import sys

    from ui import memory

    frozen: list[set[str]] = []
    monkeypatch.setattr(memory, "freeze_long_lived", lambda: frozen.append(set(sys.modules)))
    warmup._settle()
    assert len(frozen) == 1
    for name in warmup.PAGE_PACKAGES:
        package = __import__(name)
        expected = {m.name for m in pkgutil.walk_packages(package.__path__, f"{name}.")}
        assert expected and expected <= frozen[0], expected - frozen[0]


def test_the_start_up_thread_settles_after_warming(monkeypatch, curated_atlas):
    steps: list[str] = []
    monkeypatch.setattr(warmup, "_warm", lambda atlas: steps.append("warm"))
    monkeypatch.setattr(warmup, "_settle", lambda: steps.append("settle"))
    monkeypatch.setattr(warmup, "_wait_for_runtime", lambda timeout_s: True)
    monkeypatch.setattr(warmup, "load_atlas", lambda folder: curated_atlas)
    future: Future = Future()
    warmup._load_then_warm("data", future, 1.0)
    assert future.result() is curated_atlas
    assert steps == ["warm", "settle"]


def test_health_says_not_ready_until_the_start_up_is_over(monkeypatch):
    import asyncio

    from streamlit.runtime.runtime import Runtime, RuntimeState

    monkeypatch.setattr(
        Runtime,
        "is_ready_for_browser_connection",
        Runtime.__dict__["is_ready_for_browser_connection"],
    )  # restored after the test
    settled = threading.Event()
    warmup.hold_health_until_ready(settled)
    runtime = Runtime.__new__(Runtime)  # only its state is read
    runtime._state = RuntimeState.NO_SESSIONS_CONNECTED

    def health() -> tuple[bool, str]:
        # in a thread of its own: an earlier test in the same worker (Playwright's sync API)
        # may leave an event loop running in this one, where asyncio.run refuses to start
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, _read(runtime)).result()

    assert health() == (False, warmup.STARTING)
    settled.set()
    assert health() == (True, "ok")
    runtime._state = RuntimeState.STOPPING  # Streamlit's own answer still counts
    assert health()[0] is False


async def _read(runtime):
    return await runtime.is_ready_for_browser_connection


def test_a_failed_load_counts_as_settled(broken_copy, fresh_loader):
    warmup._settled.clear()
    future: Future = Future()
    warmup._load_then_warm(str(broken_copy), future, 0.1)
    assert warmup._settled.is_set()
    with pytest.raises(DataValidationError):
        future.result()
