"""The server warms the Partnerships page's default view once the data is loaded."""

from __future__ import annotations

import logging

from atlas.filters import Filters
from ui import network_view, warmup


def test_no_thread_without_a_server(curated_atlas):
    assert warmup.start(curated_atlas) is None  # AppTest and scripts run without a runtime


def test_warm_computes_the_default_view_the_page_asks_for(monkeypatch, curated_atlas):
    atlas = curated_atlas
    calls = []
    monkeypatch.setattr(network_view, "compute", lambda *a: calls.append(("compute", a)))
    monkeypatch.setattr(network_view, "cached_pictures", lambda *a: calls.append(("pics", a)))
    warmup._warm(atlas)
    first, last = network_view.year_bounds(atlas)
    assert [name for name, _ in calls] == ["compute", "pics"]
    for _, args in calls:
        assert args == (atlas, (), first, last, Filters())


def test_a_failing_warm_up_is_logged_not_raised(monkeypatch, caplog, curated_atlas):
    def boom(*_):
        raise RuntimeError("no")

    monkeypatch.setattr(network_view, "compute", boom)
    with caplog.at_level(logging.ERROR):
        warmup._warm(curated_atlas)
    assert "warming the Partnerships page" in caplog.text
