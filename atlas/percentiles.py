"""Where one city stands on each indicator, against all cities and against its own region.

Definition used throughout the Atlas (City profile page, briefing card):

    percentile = 100 * (number of *other* cities the city does better than
                        + half the number of other cities it ties with)
                 / (number of other cities with a value)

"Better" follows the indicator's direction: for a published rank (lower is better) rank 3
does better than rank 4. This is the mid-rank convention, the same one the Compare radar
uses: a higher percentile is always better, the best city scores 100, ties score alike, and a
tie counts half, so a city with no hubs among many cities with none sits low, not at the 78th
percentile it would get if ties counted in full. The city itself is not counted in its own
comparison (a city alone with a value has no percentile: NaN).
Comparisons are made within one year (edition), never across editions.
"""

from __future__ import annotations

import pandas as pd

from atlas.catalogue import directions

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


def _shares(better: pd.Series, keys: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Per indicator: the percentile of ``better`` (1, 0.5 for a tie, 0 per city) and the count."""
    grouped = better.groupby(keys, sort=False)
    n = grouped.size()
    return 100.0 * grouped.sum() / n, n


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

    Vectorised over indicators (one pass of group sums), because the City profile computes
    this on every change of city.
    """
    ids = cities["city_id"].astype(str)
    known = set(ids)
    if city_id not in known:
        raise KeyError(city_id)
    region_of = pd.Series(cities["region"].to_numpy(), index=ids.to_numpy())
    region = region_of.get(city_id)
    region = None if pd.isna(region) else region

    catalogue = indicators.drop_duplicates("indicator_id").set_index("indicator_id")
    rows = values.loc[values["value"].notna(), ["city_id", "indicator_id", "year", "value"]]
    rows = rows.loc[rows["city_id"].isin(known) & rows["indicator_id"].isin(catalogue.index)]
    own = rows.loc[rows["city_id"] == city_id]
    if own.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in PERCENTILE_COLUMNS})
    own_latest = own.sort_values("year", kind="stable").groupby("indicator_id", sort=False).tail(1)
    own_latest = own_latest.set_index("indicator_id")

    # The other cities with a value in the (indicator, year) editions the city is compared in.
    edition = rows["indicator_id"].map(own_latest["year"])
    others = rows.loc[rows["year"].eq(edition).fillna(False) & (rows["city_id"] != city_id)]
    keys = others["indicator_id"]
    own_value = keys.map(own_latest["value"]).astype("float64")
    higher = directions(catalogue)
    higher_here = keys.map(higher).astype(bool)
    theirs = others["value"].astype("float64")
    strictly = (higher_here & (theirs < own_value)) | (~higher_here & (theirs > own_value))
    better = strictly.astype("float64") + 0.5 * (theirs == own_value).astype("float64")
    share_all, n_all = _shares(better, keys)
    if region is None:
        in_region = pd.Series(False, index=others.index)
    else:
        in_region = others["city_id"].map(region_of).eq(region).fillna(False).astype(bool)
    share_region, n_region = _shares(better[in_region], keys[in_region])

    order = [i for i in catalogue.index if i in own_latest.index]
    out = pd.DataFrame(
        {
            "indicator_id": order,
            "label": catalogue["label"].reindex(order).to_numpy() if "label" in catalogue else None,
            "unit": catalogue["unit"].reindex(order).to_numpy() if "unit" in catalogue else None,
            "group": catalogue["group"].reindex(order).to_numpy() if "group" in catalogue else None,
            "higher_is_better": higher.reindex(order).to_numpy(),
            "year": own_latest["year"].reindex(order).astype(int).to_numpy(),
            "value": own_latest["value"].reindex(order).astype("float64").to_numpy(),
            "percentile_all": share_all.reindex(order).astype("float64").to_numpy(),
            "n_all": n_all.reindex(order).fillna(0).astype(int).to_numpy() + 1,
            "region": region,
            "percentile_region": share_region.reindex(order).astype("float64").to_numpy(),
            "n_region": (
                n_region.reindex(order).fillna(0).astype(int).to_numpy() + 1
                if region is not None
                else 0
            ),
        }
    )
    return out.loc[:, PERCENTILE_COLUMNS]
