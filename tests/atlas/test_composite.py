"""Tests for atlas.composite: hand-computed examples pin the formulas down, and invariants
guard the properties a reader relies on when moving the weight sliders."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from atlas.composite import (
    AGGREGATIONS,
    CONTRIBUTION_PREFIX,
    METHOD_NOTES,
    MISSING_POLICIES,
    NORMALISATIONS,
    PRESETS,
    IndexSettings,
    compute_index,
    describe,
    directions_from_catalogue,
    preset_weights,
    rank_stability,
)

ALL_SETTINGS = [
    IndexSettings(n, a, m, 0.3)
    for n, a, m in itertools.product(NORMALISATIONS, AGGREGATIONS, MISSING_POLICIES)
]
# z-score + arithmetic rescales against the sample; see METHOD_NOTES["zscore_caveat"].
MONOTONE_SETTINGS = [
    s for s in ALL_SETTINGS if not (s.normalisation == "zscore" and s.aggregation == "arithmetic")
]


def _ids(settings: IndexSettings) -> str:
    return f"{settings.normalisation}-{settings.aggregation}-{settings.missing}"


def frame(data: dict[str, list[float]], cities: str = "abcd") -> pd.DataFrame:
    n = len(next(iter(data.values())))
    return pd.DataFrame(data, index=pd.Index(list(cities[:n]), name="city_id"), dtype="float64")


@pytest.fixture
def three() -> pd.DataFrame:
    # x: higher is better; y: lower is better (a rank). Weights x:y = 1:3.
    return frame({"x": [0.0, 5.0, 10.0], "y": [1.0, 3.0, 2.0]})


W3 = {"x": 1.0, "y": 3.0}
D3 = {"x": True, "y": False}


def random_case(rng: np.random.Generator):
    n, k = int(rng.integers(3, 9)), int(rng.integers(1, 5))
    m = pd.DataFrame(
        rng.normal(size=(n, k)).round(1),
        index=[f"c{i}" for i in range(n)],
        columns=[f"i{j}" for j in range(k)],
    )
    m = m.mask(rng.random((n, k)) < 0.2)
    w = {c: float(rng.choice([0.0, 0.5, 1.0, 2.0, 3.0])) for c in m.columns}
    if sum(w.values()) == 0:
        w["i0"] = 1.0
    d = {c: bool(rng.random() < 0.6) for c in m.columns}
    return m, w, d


# --- hand-computed examples ----------------------------------------------------------------


def test_minmax_arithmetic_by_hand(three):
    r = compute_index(three, W3, D3, IndexSettings("minmax", "arithmetic"))
    # x -> 0, .5, 1; y inverted -> (3-1)/2=1, 0, .5; weights .25/.75
    assert r.scores.to_dict() == pytest.approx({"a": 75.0, "b": 12.5, "c": 62.5})
    assert r.ranks.to_dict() == {"a": 1, "c": 2, "b": 3}
    assert list(r.table.index) == ["a", "c", "b"]
    assert r.contributions.loc["c"].to_dict() == pytest.approx({"x": 25.0, "y": 37.5})
    assert r.weights == pytest.approx({"x": 0.25, "y": 0.75})


def test_zscore_arithmetic_by_hand(three):
    r = compute_index(three, W3, D3, IndexSettings("zscore", "arithmetic"))
    s = math.sqrt(1.5)  # population-sd z of (0, 5, 10) is (-s, 0, s)
    assert r.normalised["x"].tolist() == pytest.approx([-s, 0.0, s])
    assert r.normalised["y"].tolist() == pytest.approx([s, -s, 0.0])
    # composites: a=.5s, b=-.75s, c=.25s -> rescaled to 0..100 after aggregation
    assert r.scores.to_dict() == pytest.approx({"a": 100.0, "b": 0.0, "c": 80.0})
    # contributions: 100 * w * (z - lowest composite) / range
    assert r.contributions.loc["a"].to_dict() == pytest.approx({"x": -5.0, "y": 105.0})
    assert r.contributions.sum(axis=1).to_dict() == pytest.approx(r.scores.to_dict())


def test_percentile_ties_averaged():
    m = frame({"x": [1.0, 2.0, 2.0, 5.0]})
    r = compute_index(m, {"x": 1}, {"x": True}, IndexSettings("percentile"))
    assert r.normalised["x"].tolist() == pytest.approx([0.0, 0.5, 0.5, 1.0])
    assert r.scores.to_dict() == pytest.approx({"a": 0.0, "b": 50.0, "c": 50.0, "d": 100.0})
    mm = compute_index(m, {"x": 1}, {"x": True}, IndexSettings("minmax"))
    assert mm.normalised["x"].tolist() == pytest.approx([0.0, 0.25, 0.25, 1.0])


def test_percentile_arithmetic_by_hand(three):
    r = compute_index(three, W3, D3, IndexSettings("percentile", "arithmetic"))
    assert r.scores.to_dict() == pytest.approx({"a": 75.0, "b": 12.5, "c": 62.5})


def test_geometric_by_hand(three):
    r = compute_index(three, W3, D3, IndexSettings("minmax", "geometric"))
    # values mapped to 0.01 + 0.99 v: x -> .01, .505, 1; y -> 1, .01, .505
    expected = {
        "a": 100 * 0.01**0.25,
        "b": 100 * 0.505**0.25 * 0.01**0.75,
        "c": 100 * 0.505**0.75,
    }
    assert r.scores.to_dict() == pytest.approx(expected)
    assert r.ranks.to_dict() == {"c": 1, "a": 2, "b": 3}
    # contribution share of c: w * ln(v / .01)
    lx, ly = 0.25 * math.log(1 / 0.01), 0.75 * math.log(0.505 / 0.01)
    assert r.contributions.loc["c"].to_dict() == pytest.approx(
        {"x": expected["c"] * lx / (lx + ly), "y": expected["c"] * ly / (lx + ly)}
    )
    assert r.contributions.sum(axis=1).to_dict() == pytest.approx(expected)


def test_percentile_arithmetic_uneven_spacing_by_hand():
    # Percentile ranks ignore distances: x = (1, 2, 100) -> (0, .5, 1) whereas min-max gives
    # (0, 1/99, 1); y (higher is better) = (30, 10, 20) -> (1, 0, .5). Weights x:y = 1:1.
    m = frame({"x": [1.0, 2.0, 100.0], "y": [30.0, 10.0, 20.0]})
    w, d = {"x": 1.0, "y": 1.0}, {"x": True, "y": True}
    pct = compute_index(m, w, d, IndexSettings("percentile"))
    assert pct.scores.to_dict() == pytest.approx({"a": 50.0, "b": 25.0, "c": 75.0})
    mm = compute_index(m, w, d, IndexSettings("minmax"))
    assert mm.scores.to_dict() == pytest.approx({"a": 50.0, "b": 50 / 99, "c": 75.0})


def test_geometric_reweight_by_hand():
    # b has no y: its geometric mean runs over x alone. minmax x -> 0, .5, 1 -> .01, .505, 1;
    # y (a, c) -> 1, 0 -> 1, .01. Weights 1:1.
    m = frame({"x": [0.0, 5.0, 10.0], "y": [4.0, np.nan, 2.0]})
    r = compute_index(
        m, {"x": 1, "y": 1}, {"x": True, "y": True}, IndexSettings("minmax", "geometric")
    )
    assert r.scores.to_dict() == pytest.approx(
        {"a": 100 * math.sqrt(0.01 * 1.0), "b": 100 * 0.505, "c": 100 * math.sqrt(1.0 * 0.01)}
    )
    assert r.ranks.to_dict() == {"b": 1, "a": 2, "c": 2}
    assert math.isnan(r.contributions.at["b", "y"])


def test_geometric_percentile_floor():
    m = frame({"x": [1.0, 2.0, 2.0, 5.0]})
    r = compute_index(m, {"x": 1}, {"x": True}, IndexSettings("percentile", "geometric"))
    assert r.scores.tolist() == pytest.approx([100.0, 50.5, 50.5, 1.0])


def test_geometric_zscore_equals_minmax(three):
    z = compute_index(three, W3, D3, IndexSettings("zscore", "geometric"))
    mm = compute_index(three, W3, D3, IndexSettings("minmax", "geometric"))
    pd.testing.assert_series_equal(z.scores, mm.scores)


@pytest.mark.parametrize(
    ("method", "value"), [("minmax", 0.5), ("zscore", 0.0), ("percentile", 0.5)]
)
def test_constant_column(method, value):
    m = frame({"x": [3.0, 3.0, 3.0], "y": [1.0, 2.0, 3.0]})
    r = compute_index(m, {"x": 1, "y": 1}, {"x": True, "y": True}, IndexSettings(method))
    assert r.normalised["x"].tolist() == pytest.approx([value] * 3)
    assert r.ranks.to_dict() == {"c": 1, "b": 2, "a": 3}


def test_lower_is_better_inversion():
    ranks = frame({"r": [1.0, 2.0, 4.0]})
    for method in NORMALISATIONS:
        s = IndexSettings(method)
        low = compute_index(ranks, {"r": 1}, {"r": False}, s)
        neg = compute_index(-ranks, {"r": 1}, {"r": True}, s)
        pd.testing.assert_series_equal(low.scores, neg.scores)
        assert low.ranks.to_dict() == {"a": 1, "b": 2, "c": 3}
    mm = compute_index(ranks, {"r": 1}, {"r": False})
    assert mm.normalised["r"].tolist() == pytest.approx([1.0, 2 / 3, 0.0])


# --- missing data -------------------------------------------------------------------------


@pytest.fixture
def gappy() -> pd.DataFrame:
    nan = np.nan
    return frame(
        {
            "x": [1.0, 0.0, nan, nan],
            "y": [1.0, 0.0, 1.0, nan],
            "z": [1.0, 0.0, 0.0, 1.0],
        }
    )


EQ3 = {"x": 1.0, "y": 1.0, "z": 1.0}
UP3 = {"x": True, "y": True, "z": True}


def test_reweight_policy(gappy):
    r = compute_index(gappy, EQ3, UP3, IndexSettings(missing="reweight", min_coverage=0.5))
    assert r.coverage.to_dict() == pytest.approx({"a": 1, "b": 1, "c": 2 / 3, "d": 1 / 3})
    assert r.dropped == ("d",)
    assert r.scores.to_dict() == pytest.approx({"a": 100.0, "b": 0.0, "c": 50.0})
    assert r.table.loc["c", "coverage"] == pytest.approx(2 / 3)
    contrib = r.contributions.loc["c"]
    assert math.isnan(contrib["x"])
    assert contrib[["y", "z"]].tolist() == pytest.approx([50.0, 0.0])


def test_drop_policy_counts_gap_as_lowest(gappy):
    r = compute_index(gappy, EQ3, UP3, IndexSettings(missing="drop", min_coverage=0.5))
    assert r.dropped == ("d",)
    # c's missing x takes the lowest normalised x among kept cities (0)
    assert r.scores.to_dict() == pytest.approx({"a": 100.0, "b": 0.0, "c": 100 / 3})
    assert r.contributions.loc["c"].tolist() == pytest.approx([0.0, 100 / 3, 0.0])


def test_drop_with_full_coverage_is_case_deletion(gappy):
    r = compute_index(gappy, EQ3, UP3, IndexSettings(missing="drop", min_coverage=1.0))
    assert set(r.table.index) == {"a", "b"}
    assert r.dropped == ("c", "d")


def test_coverage_threshold_is_inclusive_and_weighted(gappy):
    r = compute_index(gappy, {"x": 2, "y": 1, "z": 1}, UP3, IndexSettings(min_coverage=0.5))
    assert r.coverage["c"] == pytest.approx(0.5)
    assert "c" in r.table.index


def test_cities_without_any_figure_always_left_out(gappy):
    m = pd.concat([gappy, frame({"x": [np.nan], "y": [np.nan], "z": [np.nan]}, "e")])
    r = compute_index(m, EQ3, UP3, IndexSettings(min_coverage=0.0))
    assert set(r.table.index) == {"a", "b", "c", "d"}
    assert r.dropped == ("e",)


def test_nullable_float_input(gappy):
    r1 = compute_index(gappy.astype("Float64"), EQ3, UP3)
    r2 = compute_index(gappy, EQ3, UP3)
    pd.testing.assert_frame_equal(r1.table, r2.table)


# --- invariants ---------------------------------------------------------------------------


@pytest.mark.parametrize("settings", ALL_SETTINGS, ids=_ids)
def test_scaling_weights_changes_nothing(settings):
    rng = np.random.default_rng(7)
    for _ in range(20):
        m, w, d = random_case(rng)
        r1 = compute_index(m, w, d, settings)
        r2 = compute_index(m, {k: v * 37.5 for k, v in w.items()}, d, settings)
        pd.testing.assert_frame_equal(r1.table, r2.table, check_exact=False, rtol=1e-9)


@pytest.mark.parametrize("settings", ALL_SETTINGS, ids=_ids)
def test_zero_weight_removes_indicator(settings):
    rng = np.random.default_rng(11)
    for _ in range(20):
        m, w, d = random_case(rng)
        m["extra"] = rng.normal(size=len(m))
        w, d = {**w, "extra": 0.0}, {**d, "extra": True}
        r1 = compute_index(m, w, d, settings)
        m2 = m.copy()
        m2["extra"] = rng.normal(size=len(m)) * 100
        m2.loc[m2.index[0], "extra"] = np.nan
        r2 = compute_index(m2, w, d, settings)
        pd.testing.assert_frame_equal(r1.table, r2.table)
        assert "extra" not in r1.weights
        assert CONTRIBUTION_PREFIX + "extra" not in r1.table.columns
        assert r1.zero_weight_indicators[-1] == "extra"


@pytest.mark.parametrize("settings", MONOTONE_SETTINGS, ids=_ids)
def test_better_figure_never_lowers_score_or_rank(settings):
    rng = np.random.default_rng(3)
    checked = 0
    for _ in range(100):
        m, w, d = random_case(rng)
        r = compute_index(m, w, d, settings)
        cells = [(c, i) for c in r.table.index for i in r.weights if not np.isnan(m.at[c, i])]
        if not cells:
            continue
        city, ind = cells[int(rng.integers(len(cells)))]
        m2 = m.copy()
        m2.at[city, ind] += (1.0 if d[ind] else -1.0) * rng.exponential()
        r2 = compute_index(m2, w, d, settings)
        assert r2.table.at[city, "score"] >= r.table.at[city, "score"] - 1e-9
        assert r2.table.at[city, "rank"] <= r.table.at[city, "rank"]
        checked += 1
    assert checked > 60


@pytest.mark.parametrize("missing", MISSING_POLICIES)
def test_zscore_arithmetic_own_composite_is_monotone(missing):
    # The 0-100 rescaling may move (see METHOD_NOTES["zscore_caveat"]) but the city's own
    # weighted z-score mean never falls when its figure improves.
    settings = IndexSettings("zscore", "arithmetic", missing, 0.3)
    rng = np.random.default_rng(5)

    def own_composite(result, city):
        z = result.normalised.loc[city]
        w = pd.Series(result.weights)
        if missing == "drop":
            z = z.fillna(result.normalised.min())
        return float((z * w)[z.notna()].sum() / w[z.notna()].sum())

    for _ in range(100):
        m, w, d = random_case(rng)
        r = compute_index(m, w, d, settings)
        cells = [(c, i) for c in r.table.index for i in r.weights if not np.isnan(m.at[c, i])]
        if not cells:
            continue
        city, ind = cells[int(rng.integers(len(cells)))]
        m2 = m.copy()
        m2.at[city, ind] += (1.0 if d[ind] else -1.0) * rng.exponential()
        r2 = compute_index(m2, w, d, settings)
        assert own_composite(r2, city) >= own_composite(r, city) - 1e-9


@pytest.mark.parametrize("settings", ALL_SETTINGS, ids=_ids)
def test_contributions_add_up_to_score(settings):
    rng = np.random.default_rng(13)
    for _ in range(20):
        m, w, d = random_case(rng)
        r = compute_index(m, w, d, settings)
        np.testing.assert_allclose(r.contributions.sum(axis=1), r.scores, atol=1e-9)
        assert r.scores.between(0 - 1e-9, 100 + 1e-9).all()


def test_ties_share_the_better_rank():
    m = frame({"x": [2.0, 2.0, 1.0, 3.0], "y": [5.0, 5.0, 0.0, 9.0]})
    for settings in ALL_SETTINGS:
        r = compute_index(m, {"x": 1, "y": 2}, {"x": True, "y": True}, settings)
        assert r.ranks.to_dict() == {"d": 1, "a": 2, "b": 2, "c": 4}
        assert r.ranks.dtype == np.int64


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"normalisation": "rank"}, "Unknown normalisation 'rank'"),
        ({"aggregation": "harmonic"}, "Unknown aggregation 'harmonic'"),
        ({"missing": "impute"}, "Unknown missing-data policy 'impute'"),
        ({"min_coverage": 1.5}, "min_coverage"),
        ({"epsilon": 0.0}, "epsilon"),
    ],
)
def test_bad_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        IndexSettings(**kwargs)


@pytest.mark.parametrize(
    ("weights", "directions", "message"),
    [
        ({"x": -1.0, "y": 1.0}, D3, "negative"),
        ({"x": 0.0, "y": 0.0}, D3, "All weights are zero"),
        ({}, D3, "No weights"),
        ({"x": float("nan")}, D3, "finite"),
        ({"x": 1.0, "y": 1.0}, {"x": True}, "No direction.*y"),
        ({"nope": 1.0}, D3, "None of the indicators"),
    ],
)
def test_bad_inputs(three, weights, directions, message):
    with pytest.raises(ValueError, match=message):
        compute_index(three, weights, directions)


def test_bad_matrix(three):
    with pytest.raises(ValueError, match="non-numeric"):
        compute_index(three.assign(x=["a", "b", "c"]), W3, D3)
    with pytest.raises(ValueError, match="Infinite"):
        compute_index(three.assign(x=[1.0, np.inf, 2.0]), W3, D3)
    with pytest.raises(ValueError, match="duplicate city ids"):
        compute_index(pd.concat([three, three.iloc[:1]]), W3, D3)


def test_bad_stability_arguments(three):
    with pytest.raises(ValueError, match="draws"):
        rank_stability(three, W3, D3, draws=0)
    with pytest.raises(ValueError, match="concentration"):
        rank_stability(three, W3, D3, concentration=-1.0)


# --- presets and description --------------------------------------------------------------


def test_presets_are_documented():
    assert set(PRESETS) == {"presence", "innovation", "balanced"}
    for preset in PRESETS.values():
        assert preset["label"] and preset["description"]
        assert all(v > 0 for v in preset["weights"].values())
    assert set(PRESETS["balanced"]["weights"]) == set(PRESETS["presence"]["weights"]) | set(
        PRESETS["innovation"]["weights"]
    )


def test_preset_tolerates_missing_indicators():
    m = frame({"hubs_hosted": [1.0, 2.0, 3.0], "partnerships": [3.0, 1.0, 2.0]})
    weights, skipped = preset_weights("presence", m.columns)
    assert set(weights) == {"hubs_hosted", "partnerships"}
    assert skipped == ["foreign_operators", "network_memberships"]
    dirs = {i: True for i in PRESETS["balanced"]["weights"]}
    r = compute_index(m, PRESETS["presence"]["weights"], dirs)
    assert r.skipped_indicators == ("foreign_operators", "network_memberships")
    assert "Not in the data, so skipped: foreign_operators, network_memberships." in r.describe()
    with pytest.raises(ValueError, match="Unknown preset"):
        preset_weights("nope", m.columns)


def test_directions_from_catalogue():
    cat = pd.DataFrame(
        {"indicator_id": ["gii_cluster_rank", "hubs_hosted"], "higher_is_better": [False, True]}
    )
    assert directions_from_catalogue(cat) == {"gii_cluster_rank": False, "hubs_hosted": True}


def test_describe(gappy):
    settings = IndexSettings("minmax", "arithmetic", "reweight", 0.5)
    r = compute_index(gappy, EQ3, UP3, settings)
    text = r.describe()
    assert text.startswith(
        "Scores are the weighted arithmetic mean of min-max normalised indicators"
    )
    assert "cities with less than 50% of the weight covered are left out (1 city)" in text
    assert "3 cities are ranked." in text
    assert "Weights: x 33.3%, y 33.3%, z 33.3%." in text
    assert "geometric mean" in describe(IndexSettings(aggregation="geometric"))
    assert "lowest normalised value" in describe(IndexSettings(missing="drop"))
    assert "no figure for any indicator are left out" in describe(IndexSettings(min_coverage=0))


def test_describe_names_indicators_by_label(three):
    r = compute_index(three, {**W3, "gone": 1.0}, {**D3, "gone": True})
    text = r.describe({"x": "Hubs hosted", "y": "GII rank", "gone": "Nature Index"})
    assert "Weights: Hubs hosted 25%, GII rank 75%." in text
    assert "Turned round because lower is better: GII rank." in text
    assert "Not in the data, so skipped: Nature Index." in text


def test_method_notes_cover_every_choice():
    for key in (*NORMALISATIONS, *AGGREGATIONS, *MISSING_POLICIES):
        assert METHOD_NOTES[key].endswith(".")


# --- rank stability -----------------------------------------------------------------------


@pytest.fixture
def field() -> tuple[pd.DataFrame, dict[str, float], dict[str, bool]]:
    rng = np.random.default_rng(42)
    m = pd.DataFrame(
        rng.normal(size=(30, 5)),
        index=[f"c{i:02d}" for i in range(30)],
        columns=[f"i{j}" for j in range(5)],
    )
    m = m.mask(rng.random(m.shape) < 0.1)
    m.loc["champion"] = 10.0  # best on every indicator, whatever the weights
    w = {"i0": 1.0, "i1": 2.0, "i2": 1.0, "i3": 0.5, "i4": 1.5}
    d = {c: True for c in m.columns}
    return m, w, d


def test_stability_reproducible(field):
    m, w, d = field
    a = rank_stability(m, w, d, draws=200, seed=1)
    b = rank_stability(m, w, d, draws=200, seed=1)
    c = rank_stability(m, w, d, draws=200, seed=2)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    assert list(a.columns) == [
        "base_rank",
        "median_rank",
        "rank_p05",
        "rank_p95",
        "share_base_rank",
    ]


def test_stability_robust_city(field):
    m, w, d = field
    out = rank_stability(m, w, d, draws=300, seed=0)
    champ = out.loc["champion"]
    assert champ["base_rank"] == 1
    assert champ["rank_p05"] <= champ["base_rank"] <= champ["rank_p95"]
    assert champ["share_base_rank"] == 1.0
    assert (out["rank_p05"] <= out["median_rank"]).all()
    assert (out["median_rank"] <= out["rank_p95"]).all()
    assert out["share_base_rank"].between(0, 1).all()


@pytest.mark.parametrize("settings", ALL_SETTINGS, ids=_ids)
def test_stability_agrees_with_compute_index(field, settings):
    m, w, d = field
    base = compute_index(m, w, d, settings)
    # A huge concentration keeps every draw on the chosen weights.
    out = rank_stability(m, w, d, settings, draws=20, seed=0, concentration=1e9)
    assert out["base_rank"].to_dict() == base.ranks.to_dict()
    assert (out["median_rank"] == out["base_rank"]).all()
    assert (out["share_base_rank"] == 1.0).all()


def test_stability_zero_weight_stays_zero(field):
    m, w, d = field
    w0 = {**w, "i4": 0.0}
    a = rank_stability(m, w0, d, draws=100, seed=3)
    b = rank_stability(m.assign(i4=-m["i4"] * 5), w0, d, draws=100, seed=3)
    pd.testing.assert_frame_equal(a, b)


def test_stability_scale_free(field):
    m, w, d = field
    a = rank_stability(m, w, d, draws=100, seed=3)
    b = rank_stability(m, {k: v * 10 for k, v in w.items()}, d, draws=100, seed=3)
    pd.testing.assert_frame_equal(a, b)


def test_stability_records_the_weight_spread(field):
    m, w, d = field
    out = rank_stability(m, w, d, draws=400, seed=5, concentration=50.0)
    total = sum(w.values())
    assert out.attrs["weights"] == pytest.approx({k: v / total for k, v in w.items()})
    for k, share in out.attrs["weights"].items():
        assert out.attrs["weight_p05"][k] < share < out.attrs["weight_p95"][k]
    tight = rank_stability(m, w, d, draws=400, seed=5, concentration=5000.0)
    spread = out.attrs["weight_p95"]["i1"] - out.attrs["weight_p05"]["i1"]
    assert tight.attrs["weight_p95"]["i1"] - tight.attrs["weight_p05"]["i1"] < spread / 5


def test_stability_blocks_do_not_change_the_result(field, monkeypatch):
    import atlas.composite as composite

    m, w, d = field
    whole = rank_stability(m, w, d, draws=150, seed=9)
    monkeypatch.setattr(composite, "_BLOCK_CELLS", 70)  # two draws per block, 75 blocks
    pieces = rank_stability(m, w, d, draws=150, seed=9)
    pd.testing.assert_frame_equal(whole, pieces)


def test_describe_in_spanish_keeps_whole_clauses_and_spanish_shares(gappy):
    from atlas.i18n import language

    settings = IndexSettings("minmax", "arithmetic", "reweight", 0.5)
    r = compute_index(gappy, EQ3, UP3, settings)
    with language("es"):
        text = r.describe()
    assert text.startswith("Las puntuaciones son la media aritmética ponderada")
    assert "menos del 50\u00a0% del peso cubierto quedan fuera (1 ciudad)" in text
    assert "Pesos: x 33,3\u00a0%, y 33,3\u00a0%, z 33,3\u00a0%." in text
    assert "3 ciudades clasificadas." in text
