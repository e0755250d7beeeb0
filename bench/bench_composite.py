"""Time the rank-stability analysis, the one composite computation heavy enough to make a page
feel slow: the target is 1,000 weight draws over 500 cities x 20 indicators in under a second
on a 2-core machine. Also timed: the curated data with the "Balanced" preset (what the Index
builder computes on first load) and a 10,000-city matrix (the 100x stress data set's size).

Run from the repository root:  python bench/bench_composite.py  (or python -m bench.bench_composite)

``time_stability`` is reusable with a matrix built from the real data, e.g.
``time_stability(matrix, weights, directions)`` in a notebook or a later script.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

if __package__ in (None, ""):  # run as a file: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from atlas.composite import (
    AGGREGATIONS,
    MISSING_POLICIES,
    PRESETS,
    IndexSettings,
    directions_from_catalogue,
    rank_stability,
)
from atlas.index_data import index_inputs
from atlas.load import load_atlas


def synthetic_matrix(
    n_cities: int = 500, n_indicators: int = 20, missing: float = 0.1, seed: int = 0
) -> tuple[pd.DataFrame, dict[str, float], dict[str, bool]]:
    """Skewed, partly missing data shaped like the Atlas's (counts with a long tail, a few rank
    indicators), so the benchmark exercises masking and inversion, not just a dense product."""
    rng = np.random.default_rng(seed)
    values = rng.lognormal(mean=1.0, sigma=1.2, size=(n_cities, n_indicators))
    values[rng.random(values.shape) < missing] = np.nan
    columns = [f"ind_{j:02d}" for j in range(n_indicators)]
    matrix = pd.DataFrame(
        values,
        index=pd.Index([f"city-{i:04d}" for i in range(n_cities)], name="city_id"),
        columns=columns,
    )
    weights = {
        c: float(w) for c, w in zip(columns, rng.uniform(0.5, 2.0, n_indicators), strict=True)
    }
    directions = {c: j % 5 != 4 for j, c in enumerate(columns)}  # every fifth is a rank
    return matrix, weights, directions


def time_stability(
    matrix: pd.DataFrame,
    weights: Mapping[str, float],
    directions: Mapping[str, bool],
    repeats: int = 5,
    draws: int = 1000,
    settings: IndexSettings | None = None,
) -> float:
    """Median wall-clock seconds of ``repeats`` full ``rank_stability`` calls (normalisation
    included, since a page pays for it on every slider change); the median resists a single
    run disturbed by other work on the machine."""
    rank_stability(matrix, weights, directions, settings, draws=10)  # warm-up: imports, caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        rank_stability(matrix, weights, directions, settings, draws=draws, seed=0)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def curated_matrix(
    preset: str = "balanced",
) -> tuple[pd.DataFrame, dict[str, float], dict[str, bool]]:
    """The matrix the Index builder builds for a preset: every curated city, latest figures."""
    atlas = load_atlas()
    weights = dict(PRESETS[preset]["weights"])
    inputs = index_inputs(atlas.values, atlas.cities.index, list(weights))
    return inputs.matrix, weights, directions_from_catalogue(atlas.indicators)


def main() -> None:
    for preset in ("balanced", "innovation"):
        matrix, weights, directions = curated_matrix(preset)
        seconds = time_stability(matrix, weights, directions, repeats=7)
        print(
            f"rank_stability, 1,000 draws, curated data, '{preset}' preset "
            f"({matrix.shape[0]} cities x {matrix.shape[1]} indicators), median of 7 runs: "
            f"{seconds * 1000:.1f} ms"
        )

    matrix, weights, directions = synthetic_matrix()
    share_missing = float(matrix.isna().to_numpy().mean())
    print(
        f"rank_stability, 1,000 draws, {matrix.shape[0]} cities x {matrix.shape[1]} indicators "
        f"({share_missing:.1%} missing), median of 5 runs:"
    )
    for aggregation in AGGREGATIONS:
        for missing in MISSING_POLICIES:
            settings = IndexSettings("minmax", aggregation, missing, 0.5)
            seconds = time_stability(matrix, weights, directions, settings=settings)
            print(f"  {aggregation:<10} {missing:<8} {seconds * 1000:8.1f} ms")
    seconds = time_stability(
        matrix, weights, directions, settings=IndexSettings("percentile", "arithmetic")
    )
    print(f"  {'percentile':<10} {'reweight':<8} {seconds * 1000:8.1f} ms")

    matrix, weights, directions = synthetic_matrix(n_cities=10_000)
    seconds = time_stability(matrix, weights, directions, repeats=3)
    print(
        f"rank_stability, 1,000 draws, {matrix.shape[0]:,} cities x {matrix.shape[1]} "
        f"indicators, median of 3 runs: {seconds * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
