"""Suggested peer cities for the Compare page: "cities like mine" by size and region.

A municipal official compares with cities of similar weight in the same part of the world, so
similarity is the distance between populations on a log scale (a city of 1 million is as far
from one of 2 million as 5 million is from 10 million), within the region by default.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def suggest_peers(
    cities: pd.DataFrame, city_id: str, n: int = 5, same_region: bool = True
) -> list[str]:
    """Up to ``n`` city ids closest in log population to ``city_id``, nearest first.

    Ties are broken by city_id so the suggestion is the same on every rerun. The city itself
    and cities without a (positive) population are never suggested; when the region holds
    fewer than ``n`` candidates, fewer are returned rather than padding with other regions,
    because a peer from another region is not what the user asked for (pass
    ``same_region=False`` to look worldwide). A city with unknown population, or unknown
    region when ``same_region``, gets no suggestion. Raises KeyError for an unknown city_id.
    """
    ids = cities["city_id"].astype(str)
    target = cities.loc[ids == city_id]
    if target.empty:
        raise KeyError(city_id)
    if n <= 0:
        return []
    population = pd.to_numeric(cities["population"], errors="coerce").astype("float64")
    target_population = population.loc[target.index[0]]
    if not (target_population > 0):
        return []

    candidates = (ids != city_id) & population.gt(0).fillna(False).astype(bool)
    if same_region:
        target_region = target["region"].iloc[0]
        if pd.isna(target_region):
            return []
        candidates &= cities["region"].eq(target_region).fillna(False).astype(bool)

    pool = pd.DataFrame(
        {
            "city_id": ids[candidates],
            "distance": np.abs(np.log(population[candidates]) - np.log(target_population)),
        }
    )
    # Rounded so that equal ratios (x2 and /2) tie exactly and the city_id tie-break applies,
    # instead of depending on the last bit of a logarithm.
    pool["distance"] = pool["distance"].round(9)
    pool = pool.sort_values(["distance", "city_id"], kind="mergesort")
    return pool["city_id"].head(n).tolist()
