"""Peer comparison for the Compare page: suggest "cities like mine", then set them side by side.

A municipal official compares with cities of similar weight in the same part of the world, so
similarity is the distance between populations on a log scale (a city of 1 million is as far
from one of 2 million as 5 million is from 10 million), within the region by default.

Once the peers are chosen, the same long ``values`` table gives the side-by-side comparison
(each city's latest figure per indicator, the best one marked), the percentile ranks behind the
radar of indicator groups, and the yearly series. All pure pandas, so tests pin them down.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from atlas.catalogue import directions
from atlas.schema import INDICATOR_GROUPS

#: The catalogue groups, in the order the radar and the tables show them.
GROUPS: tuple[str, ...] = INDICATOR_GROUPS

#: Groups that describe a city rather than rate it: no "best" is marked there (a bigger
#: population is context, not an achievement).
UNRATED_GROUPS: frozenset[str] = frozenset({"profile"})

COMPARE_COLUMNS: list[str] = [
    "indicator_id",
    "label",
    "group",
    "unit",
    "geo_unit",
    "higher_is_better",
    "city_id",
    "value",
    "year",
    "source_id",
    "unit_name",
    "basis",
    "note",
    "best",
    "years_differ",
]


def suggest_peers(
    cities: pd.DataFrame,
    city_id: str,
    n: int = 5,
    same_region: bool = True,
    exclude: Iterable[str] = (),
    allowed: Iterable[str] | None = None,
) -> list[str]:
    """Up to ``n`` city ids closest in log population to ``city_id``, nearest first.

    Ties are broken by city_id so the suggestion is the same on every rerun. The city itself
    and cities without a (positive) population are never suggested; when the region holds
    fewer than ``n`` candidates, fewer are returned rather than padding with other regions,
    because a peer from another region is not what the user asked for (pass
    ``same_region=False`` to look worldwide). A city with unknown population, or unknown
    region when ``same_region``, gets no suggestion. Raises KeyError for an unknown city_id.
    ``exclude`` (cities already chosen) and, when given, everything outside ``allowed`` (the
    cities passing the sidebar filters) are never suggested.
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
    candidates &= ~ids.isin({str(c) for c in exclude})
    if allowed is not None:
        candidates &= ids.isin({str(c) for c in allowed})
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


# --------------------------------------------------------------------------------------------
# Side by side
# --------------------------------------------------------------------------------------------


def _up_to(values: pd.DataFrame, up_to_year: int | None) -> pd.DataFrame:
    usable = values["value"].notna()
    if up_to_year is not None:
        usable &= values["year"] <= up_to_year
    return values.loc[usable]


def _catalogue(indicators: pd.DataFrame) -> pd.DataFrame:
    cat = indicators.drop_duplicates("indicator_id").set_index("indicator_id", drop=False)
    return cat.assign(higher_is_better=directions(cat))


def compare_values(
    values: pd.DataFrame,
    indicators: pd.DataFrame,
    city_ids: Sequence[str],
    up_to_year: int | None = None,
) -> pd.DataFrame:
    """Every catalogued indicator for every chosen city: its latest figure, or a gap.

    One row per (indicator, city) in catalogue order then the order the cities were chosen
    (columns ``COMPARE_COLUMNS``); ``value`` is NaN where the city has no figure up to
    ``up_to_year`` (the sidebar year), never 0. ``best`` marks the best value of the row
    (lowest for ranks and other lower-is-better indicators; ties all marked) when at least two
    cities have one, except in :data:`UNRATED_GROUPS`. ``years_differ`` says the values of the
    row come from different years, so the reader weighs "best" accordingly.
    """
    cat = _catalogue(indicators)
    chosen = [str(c) for c in dict.fromkeys(city_ids)]
    rows = _up_to(values, up_to_year)
    rows = rows.loc[rows["city_id"].isin(chosen) & rows["indicator_id"].isin(cat.index)]
    latest = (
        rows.sort_values("year", kind="mergesort")
        .drop_duplicates(["indicator_id", "city_id"], keep="last")
        .set_index(["indicator_id", "city_id"])
    )
    grid = pd.MultiIndex.from_product([cat.index, chosen], names=["indicator_id", "city_id"])
    out = latest.reindex(grid).reset_index()
    out = out.merge(
        cat[["label", "group", "unit", "geo_unit", "higher_is_better"]],
        left_on="indicator_id",
        right_index=True,
        how="left",
    )
    out["value"] = out["value"].astype("float64")
    out["year"] = out["year"].astype("Int64")

    best = pd.Series(False, index=out.index)
    differ = pd.Series(False, index=out.index)
    for _, group in out.groupby("indicator_id", sort=False):
        have = group["value"].notna()
        if have.sum() < 2:
            continue
        differ.loc[group.index] = group.loc[have, "year"].nunique() > 1
        if group["group"].iloc[0] in UNRATED_GROUPS:
            continue
        target = (
            group.loc[have, "value"].max()
            if bool(group["higher_is_better"].iloc[0])
            else group.loc[have, "value"].min()
        )
        best.loc[group.index] = have & (group["value"] == target)
    out["best"] = best
    out["years_differ"] = differ
    for column in COMPARE_COLUMNS:
        if column not in out.columns:
            out[column] = pd.NA
    order = {c: i for i, c in enumerate(chosen)}
    out["_ind"] = out["indicator_id"].map({k: i for i, k in enumerate(cat.index)})
    out["_city"] = out["city_id"].map(order)
    out = out.sort_values(["_ind", "_city"], kind="mergesort")
    return out.loc[:, COMPARE_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Percentile ranks and group scores (the radar)
# --------------------------------------------------------------------------------------------


def percentile_ranks(values: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Percentile rank of every value among the cities with a value in the same edition.

    0 = the lowest-placed city, 100 = the best, in the indicator's direction (for ranks the
    lowest rank scores 100). Ties share the middle of the places they occupy (average rank), so
    when most cities hold 0 of something, each of them scores near the middle, not near the
    top. A city alone in an edition has no percentile (NaN): there is nothing to compare with.
    Returns the usable value rows with a ``percentile`` and ``n`` (cities compared) column.
    """
    cat = _catalogue(indicators)
    rows = values.loc[
        values["value"].notna() & values["indicator_id"].isin(cat.index),
        ["city_id", "indicator_id", "year", "value"],
    ].copy()
    direction = rows["indicator_id"].map(cat["higher_is_better"]).astype(bool)
    # One ascending ranking where larger is always better: flip lower-is-better values.
    rows["_score"] = np.where(direction, rows["value"], -rows["value"])
    groups = rows.groupby(["indicator_id", "year"], sort=False)["_score"]
    rank = groups.rank(method="average", ascending=True)
    n = groups.transform("size")
    rows["n"] = n.astype(int)
    rows["percentile"] = np.where(n > 1, 100.0 * (rank - 1) / (n - 1).clip(lower=1), np.nan)
    return rows.drop(columns="_score")


def city_percentiles(
    values: pd.DataFrame,
    indicators: pd.DataFrame,
    city_ids: Sequence[str],
    up_to_year: int | None = None,
    percentiles: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The chosen cities' percentile rank on each indicator, in its latest edition up to
    ``up_to_year`` that has one (columns of :func:`percentile_ranks` plus ``group``).

    Pass ``percentiles`` (from :func:`percentile_ranks`) to reuse a cached computation.
    """
    table = percentile_ranks(values, indicators) if percentiles is None else percentiles
    chosen = [str(c) for c in dict.fromkeys(city_ids)]
    own = table.loc[table["city_id"].isin(chosen) & table["percentile"].notna()]
    if up_to_year is not None:
        own = own.loc[own["year"] <= up_to_year]
    own = own.sort_values("year", kind="mergesort").drop_duplicates(
        ["city_id", "indicator_id"], keep="last"
    )
    cat = _catalogue(indicators)
    own = own.assign(group=own["indicator_id"].map(cat["group"]))
    order = {k: i for i, k in enumerate(cat.index)}
    city_order = {c: i for i, c in enumerate(chosen)}
    return (
        own.assign(_c=own["city_id"].map(city_order), _i=own["indicator_id"].map(order))
        .sort_values(["_c", "_i"], kind="mergesort")
        .drop(columns=["_c", "_i"])
        .reset_index(drop=True)
    )


def group_scores(
    values: pd.DataFrame,
    indicators: pd.DataFrame,
    city_ids: Sequence[str],
    up_to_year: int | None = None,
    percentiles: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each chosen city's average percentile rank per indicator group.

    For each indicator the city's latest edition up to ``up_to_year`` is used, compared with all
    cities that have a value in that edition; a group's score is the mean over the indicators
    of the group the city has a percentile for (``n_indicators``), NaN when it has none. Columns:
    city_id, group, score, n_indicators; one row per city and group in :data:`GROUPS` order.
    """
    own = city_percentiles(values, indicators, city_ids, up_to_year, percentiles)
    chosen = [str(c) for c in dict.fromkeys(city_ids)]
    stats = own.groupby(["city_id", "group"])["percentile"].agg(["mean", "size"])
    grid = pd.MultiIndex.from_product([chosen, list(GROUPS)], names=["city_id", "group"])
    stats = stats.reindex(grid)
    return pd.DataFrame(
        {
            "city_id": grid.get_level_values(0),
            "group": grid.get_level_values(1),
            "score": stats["mean"].to_numpy(dtype="float64"),
            "n_indicators": stats["size"].fillna(0).astype(int).to_numpy(),
        }
    )


def series_values(
    values: pd.DataFrame,
    indicators: pd.DataFrame,
    city_ids: Sequence[str],
    up_to_year: int | None = None,
    min_years: int = 2,
) -> pd.DataFrame:
    """The chosen cities' values for indicators where one of them has ``min_years`` or more
    editions, so a line can show change; single editions stay in the side-by-side table."""
    cat = _catalogue(indicators)
    chosen = [str(c) for c in dict.fromkeys(city_ids)]
    rows = _up_to(values, up_to_year)
    rows = rows.loc[rows["city_id"].isin(chosen) & rows["indicator_id"].isin(cat.index)]
    per_city = rows.groupby(["indicator_id", "city_id"])["year"].nunique()
    keep = sorted(
        set(per_city[per_city >= min_years].index.get_level_values(0)),
        key=list(cat.index).index,
    )
    out = rows.loc[rows["indicator_id"].isin(keep)].copy()
    out["_ind"] = out["indicator_id"].map({k: i for i, k in enumerate(keep)})
    return out.sort_values(["_ind", "city_id", "year"], kind="mergesort").drop(columns="_ind")
