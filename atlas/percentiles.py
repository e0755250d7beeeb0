"""Where one city stands on each indicator, against all cities and against its own region.

Definition used throughout the Atlas (City profile page, briefing card):

    percentile = 100 * (number of *other* cities with a value that the city does at least as
                 well as) / (number of other cities with a value)

"At least as well" follows the indicator's direction: for a published rank (lower is better)
a city at rank 3 does at least as well as every city at rank 3 or more. So a higher percentile
is always better, the best city scores 100, ties score alike, and the city itself is not
counted in its own comparison (a city alone with a value has no percentile: NaN).
Comparisons are made within one year (edition), never across editions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PERCENTILE_COLUMNS: list[str] = [
    "indicator_id",
    "label",
    "unit",
    "group",
    "higher_is_better",
    "year",
    "value",
    "percentile_all",
    "n_all",
    "region",
    "percentile_region",
    "n_region",
]


def _percentile(own: float, others: np.ndarray, higher_is_better: bool) -> float:
    if others.size == 0:
        return float("nan")
    at_least_as_good = (others <= own) if higher_is_better else (others >= own)
    return 100.0 * float(at_least_as_good.sum()) / others.size


def percentiles(
    values: pd.DataFrame, cities: pd.DataFrame, city_id: str, indicators: pd.DataFrame
) -> pd.DataFrame:
    """One row per catalogued indicator the city has a value for (columns
    ``PERCENTILE_COLUMNS``, in catalogue order).

    For each indicator the city's latest year with a value is used, and it is compared with
    the cities that have a value in that same year, so a city missing from the newest edition
    still shows its last known standing with that year visible. ``n_all``/``n_region`` count
    the cities compared *including* the city itself ("among 12 cities"). Indicators absent from
    the catalogue are skipped because their direction is unknown; values of cities absent from
    ``cities`` are ignored, as in rankings.
    """
    known = set(cities["city_id"].astype(str))
    region_of = dict(zip(cities["city_id"].astype(str), cities["region"], strict=True))
    if city_id not in known:
        raise KeyError(city_id)
    region = region_of[city_id]
    region = None if pd.isna(region) else region

    catalogue = indicators.drop_duplicates("indicator_id").set_index("indicator_id")
    usable = (
        values["value"].notna()
        & values["city_id"].isin(known)
        & values["indicator_id"].isin(catalogue.index)
    )
    rows = values.loc[usable, ["city_id", "indicator_id", "year", "value"]]
    own = rows.loc[rows["city_id"] == city_id]
    if own.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in PERCENTILE_COLUMNS})
    own_latest = own.sort_values("year").groupby("indicator_id", sort=False).tail(1)
    own_year = dict(zip(own_latest["indicator_id"], own_latest["year"], strict=True))

    # Keep only the (indicator, year) editions the city is compared in.
    cohort = rows.merge(own_latest[["indicator_id", "year"]], on=["indicator_id", "year"])
    cohort["region"] = cohort["city_id"].map(region_of)

    out = []
    for indicator_id in [i for i in catalogue.index if i in own_year]:
        meta = catalogue.loc[indicator_id]
        higher = bool(meta["higher_is_better"]) if pd.notna(meta["higher_is_better"]) else True
        group = cohort.loc[cohort["indicator_id"] == indicator_id]
        is_self = (group["city_id"] == city_id).to_numpy()
        own_value = float(group.loc[is_self, "value"].iloc[0])
        others = group.loc[~is_self]
        all_values = others["value"].to_numpy(dtype="float64")
        if region is None:
            region_values = np.array([], dtype="float64")
            n_region = 0
        else:
            same = others["region"].eq(region).fillna(False).astype(bool)
            region_values = others.loc[same, "value"].to_numpy(dtype="float64")
            n_region = region_values.size + 1
        out.append(
            {
                "indicator_id": indicator_id,
                "label": meta.get("label"),
                "unit": meta.get("unit"),
                "group": meta.get("group"),
                "higher_is_better": higher,
                "year": int(own_year[indicator_id]),
                "value": own_value,
                "percentile_all": _percentile(own_value, all_values, higher),
                "n_all": all_values.size + 1,
                "region": region,
                "percentile_region": _percentile(own_value, region_values, higher),
                "n_region": n_region,
            }
        )
    return pd.DataFrame(out, columns=PERCENTILE_COLUMNS)
