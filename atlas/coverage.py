"""Which city has which indicator for which years: the coverage matrix of the methods page.

A ranking of 40 cities among 387 means little unless a reader can see the other 347 have no
figure, so coverage is shown as plainly as the data: latest year per city and indicator, "—"
where there is none (never 0), and per indicator how many of the chosen cities have a figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from atlas.load import Atlas

NO_DATA = "—"


def years_text(years: Iterable[int]) -> str:
    """Compact, readable list of years: [2019, 2020, 2021, 2023] -> "2019–2021, 2023"."""
    ordered = sorted({int(y) for y in years})
    if not ordered:
        return NO_DATA
    parts: list[str] = []
    start = prev = ordered[0]
    for year in [*ordered[1:], None]:
        if year is not None and year == prev + 1:
            prev = year
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if year is not None:
            start = prev = year
    return ", ".join(parts)


def _values(atlas: Atlas, city_ids: Sequence[str], max_year: int | None) -> pd.DataFrame:
    values = atlas.values
    keep = values["city_id"].isin(city_ids) & values["value"].notna()
    if max_year is not None:
        keep &= values["year"] <= max_year
    return values.loc[keep, ["city_id", "indicator_id", "year"]]


def city_indicator_years(
    atlas: Atlas, city_ids: Sequence[str], max_year: int | None = None
) -> pd.DataFrame:
    """One row per city and indicator with data: first, latest and number of years, and which.

    `max_year` is the shared year filter: coverage as it stood in that year.
    """
    values = _values(atlas, city_ids, max_year)
    if values.empty:
        return pd.DataFrame(
            columns=["city_id", "indicator_id", "first", "latest", "n_years", "years"]
        )
    grouped = values.groupby(["city_id", "indicator_id"], sort=False)["year"]
    out = grouped.agg(first="min", latest="max", n_years="nunique").reset_index()
    out["years"] = grouped.agg(years_text).to_numpy()
    return out


def coverage_matrix(
    atlas: Atlas,
    city_ids: Sequence[str],
    indicator_ids: Sequence[str],
    max_year: int | None = None,
) -> pd.DataFrame:
    """Cities as rows, indicators as columns (by id), cells the latest year with data or "—".

    The first columns name the city (name, country, region) so the table reads on its own;
    callers rename indicator columns to labels for display. Vectorised: the page recomputes
    it whenever the sidebar filters change.
    """
    cities = atlas.cities.loc[list(city_ids)]
    values = _values(atlas, city_ids, max_year)
    latest = values.groupby(["city_id", "indicator_id"], sort=False)["year"].max().unstack()
    wide = latest.reindex(index=cities.index, columns=list(indicator_ids))
    cells = wide.astype("Int64").astype("string").fillna(NO_DATA).astype(object)
    out = pd.DataFrame(
        {
            "city_id": cities.index.astype(str),
            "City": cities["name"].to_numpy(),
            "Country": cities["country_name"].to_numpy(),
            "Region": cities["region"].to_numpy(),
        }
    )
    for indicator_id in indicator_ids:
        out[indicator_id] = cells[indicator_id].to_numpy()
    return out.sort_values(["City", "Country"]).reset_index(drop=True)


def coverage_summary(
    atlas: Atlas,
    city_ids: Sequence[str],
    indicator_ids: Sequence[str],
    max_year: int | None = None,
) -> pd.DataFrame:
    """Per indicator: cities with data among those chosen, share, and the years available."""
    values = _values(atlas, city_ids, max_year)
    grouped = values.groupby("indicator_id", sort=False)
    n_cities = grouped["city_id"].nunique()
    years = grouped["year"].unique()
    total = len(city_ids)
    catalogue = atlas.indicators.reindex(list(indicator_ids))
    counts = n_cities.reindex(list(indicator_ids)).fillna(0).astype(int)
    return pd.DataFrame(
        {
            "indicator_id": list(indicator_ids),
            "Indicator": catalogue["label"].to_numpy(),
            "Group": catalogue["group"].to_numpy(),
            "Geographic unit": catalogue["geo_unit"].to_numpy(),
            "Cities with data": counts.to_numpy(),
            "Of cities": total,
            "Share with data (%)": (
                (100 * counts / total).round(1).to_numpy() if total else [None] * len(counts)
            ),
            "Years available": [years_text(years.get(i, [])) for i in indicator_ids],
        }
    )
