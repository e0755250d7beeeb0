"""bench/webgl_layers.py: its variant pages run and its trace reading adds the right events."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from bench import page_load, webgl_layers


@pytest.mark.parametrize("name", list(webgl_layers.LAYERS))
def test_every_variant_page_draws_its_map(name):
    app = AppTest.from_string(webgl_layers.app_source(webgl_layers.LAYERS[name]))
    app.run(timeout=60)
    assert not app.exception
    decks = app.get("deck_gl_json_chart")
    assert len(decks) == 1
    assert decks[0].proto.json.count('"@@type"') >= webgl_layers.LAYERS[name].count("Layer") + 1


def test_gpu_costs_adds_webgl_of_the_gpu_main_thread_and_every_read_back():
    events = [
        {"ph": "M", "name": "thread_name", "pid": 1, "tid": 1, "args": {"name": "CrGpuMain"}},
        {"ph": "M", "name": "thread_name", "pid": 2, "tid": 5, "args": {"name": "CrRendererMain"}},
        {"ph": "X", "name": "WebGL", "pid": 1, "tid": 1, "dur": 300_000},
        {"ph": "X", "name": "WebGL", "pid": 1, "tid": 1, "dur": 50_000},
        {"ph": "X", "name": "WebGL", "pid": 2, "tid": 5, "dur": 999_000},  # not the GPU process
        {"ph": "X", "name": "GLES2::ReadPixels", "pid": 2, "tid": 5, "dur": 120_000},
        {"ph": "B", "name": "GLES2::ReadPixels", "pid": 2, "tid": 5},  # not a complete event
    ]
    assert webgl_layers.gpu_costs(events) == {"webgl_ms": 350.0, "readback_ms": 120.0}


def test_a_variant_is_the_chart_floor_with_only_its_map_replaced():
    source = webgl_layers.app_source("dot")
    assert page_load.FLOOR_MAP not in source
    assert "_CompactDeck(layers=layers" in source
    floor_rest = page_load.FLOOR_APP.split(page_load.FLOOR_MAP)
    assert all(part in source for part in floor_rest)
