"""One run of the Index builder's model on the five-city Atlas, without Streamlit."""

from __future__ import annotations

from atlas.composite import IndexSettings
from atlas.views.index import (
    PRESET_SLIDER_WEIGHT,
    SPREADS,
    indicator_choices,
    method_notes,
    percent,
    preset_slider_weights,
    run_index,
)


def _run(atlas, weights, version="v1"):
    return run_index(
        atlas,
        version,
        tuple(atlas.cities.index),
        tuple(weights.items()),
        None,
        "minmax",
        "arithmetic",
        "reweight",
        0,
        SPREADS["moderate"][1],
    )


def test_a_run_ranks_the_cities_with_an_interval_each(small_atlas):
    weights = {i: 50 for i in list(indicator_choices(small_atlas))[:2]}
    run = _run(small_atlas, weights)
    assert run.error is None
    assert run.result is not None and not run.result.table.empty
    assert run.stability is not None
    assert set(run.stability.index) <= set(small_atlas.cities.index)
    assert (run.stability["rank_p05"] <= run.stability["rank_p95"]).all()


def test_the_token_names_the_data_version_and_every_setting(small_atlas):
    weights = {next(iter(indicator_choices(small_atlas))): 50}
    assert _run(small_atlas, weights).token == _run(small_atlas, weights).token
    assert _run(small_atlas, weights).token != _run(small_atlas, weights, "v2").token
    assert _run(small_atlas, weights).token != _run(small_atlas, {**weights, "x": 1}).token


def test_all_weights_zero_is_reported_not_computed(small_atlas):
    weights = {i: 0 for i in list(indicator_choices(small_atlas))[:2]}
    run = _run(small_atlas, weights)
    assert (run.error, run.result, run.stability) == ("no-weight", None, None)


def test_words_for_weights_and_presets(small_atlas):
    assert percent(0.25) == "25%"
    assert percent(0.125) == "12.5%"
    sliders, _ = preset_slider_weights("no-such-preset", list(small_atlas.indicators.index))
    assert sliders and max(sliders.values()) == PRESET_SLIDER_WEIGHT
    notes = method_notes(IndexSettings("zscore", "arithmetic", "reweight", 0.5))
    assert len(notes) == len(set(notes)) > 5
