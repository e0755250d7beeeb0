"""The rows each map layer draws, for a set of cities and a year: plain frames, no drawing.

Pages and the briefing export draw the same things, so which hubs, arcs and memberships belong
to a filtered view is decided once, here, and tested without a browser.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from atlas.load import Atlas
from atlas.schema import DERIVED_SOURCE_ID

DERIVED_SOURCE_TEXT = "computed by the Atlas from its own lists"


def source_text(atlas: Atlas, source_ids: pd.Series) -> pd.Series:
    """'Publisher (year)' for each source id; derived figures say they are computed."""
    sources = atlas.sources
    year = sources["year"].map(lambda y: "" if pd.isna(y) else f" ({int(y)})")
    labels = sources["publisher"].astype(str) + year
    out = source_ids.map(labels)
    return out.where(source_ids != DERIVED_SOURCE_ID, DERIVED_SOURCE_TEXT)


def latest_values(
    atlas: Atlas, indicator_id: str, city_ids: Collection[str], year: int | None = None
) -> pd.DataFrame:
    """One row per city with data: the given year's figure or, failing that, the latest before."""
    values = atlas.values
    rows = values.loc[(values["indicator_id"] == indicator_id) & values["city_id"].isin(city_ids)]
    if year is not None:
        rows = rows.loc[rows["year"] <= year]
    rows = rows.sort_values(["city_id", "year"]).drop_duplicates("city_id", keep="last")
    return rows.set_index("city_id")


def city_points(
    atlas: Atlas, city_ids: Collection[str], indicator_id: str | None, year: int | None = None
) -> pd.DataFrame:
    """Cities with their figure for one indicator (value missing where there is none).

    `geography` names the unit a figure describes when it is not the city itself ("GII
    cluster: Tokyo–Yokohama"), so a reader never mistakes a cluster's output for the city's.
    """
    cities = atlas.cities.loc[atlas.cities.index.isin(city_ids)]
    columns = ["city_id", "name", "country", "country_name", "region", "latitude", "longitude"]
    out = cities[columns].copy()
    if indicator_id is None:
        return out
    found = latest_values(atlas, indicator_id, out.index, year)
    geo_unit = str(atlas.indicators.at[indicator_id, "geo_unit"])
    unit_names = found["unit_name"].reindex(out.index)
    out["value"] = found["value"].reindex(out.index).astype(float)
    out["year"] = found["year"].reindex(out.index)
    out["source_id"] = found["source_id"].reindex(out.index)
    out["source"] = source_text(atlas, out["source_id"])
    out["geography"] = [
        f"{geo_unit}: {u}" if isinstance(u, str) and u.strip() else geo_unit
        for u in unit_names.tolist()
    ]
    out.loc[out["value"].isna(), "geography"] = pd.NA
    return out


def _positions(atlas: Atlas) -> pd.DataFrame:
    return atlas.cities[["name", "country_name", "latitude", "longitude"]]


def hub_points(atlas: Atlas, city_ids: Collection[str], year: int | None = None) -> pd.DataFrame:
    """Hubs hosted by the cities; with a year, only those opened by then (unknown year kept)."""
    hubs = atlas.hubs.loc[atlas.hubs["host_city_id"].isin(city_ids)]
    if year is not None:
        opened = hubs["year_opened"]
        hubs = hubs.loc[opened.isna() | (opened <= year)]
    pos = _positions(atlas)
    return hubs.assign(
        latitude=hubs["host_city_id"].map(pos["latitude"]),
        longitude=hubs["host_city_id"].map(pos["longitude"]),
        host_city=hubs["host_city_id"].map(pos["name"]),
        source=source_text(atlas, hubs["source_id"]),
    ).reset_index(drop=True)


def partnership_pairs(
    atlas: Atlas, city_ids: Collection[str], year: int | None = None
) -> pd.DataFrame:
    """Agreements with at least one end among the cities, with both ends' positions.

    One end is enough: a filter on Europe should still show Europe's partners in Asia. With a
    year, only agreements signed by then (unknown year kept, as the agreement exists).
    """
    pairs = atlas.partnerships
    keep = pairs["city_a_id"].isin(city_ids) | pairs["city_b_id"].isin(city_ids)
    pairs = pairs.loc[keep]
    if year is not None:
        pairs = pairs.loc[pairs["year"].isna() | (pairs["year"] <= year)]
    pos = _positions(atlas)
    return pairs.assign(
        lat_a=pairs["city_a_id"].map(pos["latitude"]),
        lon_a=pairs["city_a_id"].map(pos["longitude"]),
        lat_b=pairs["city_b_id"].map(pos["latitude"]),
        lon_b=pairs["city_b_id"].map(pos["longitude"]),
        name_a=pairs["city_a_id"].map(pos["name"]),
        name_b=pairs["city_b_id"].map(pos["name"]),
        source=source_text(atlas, pairs["source_id"]),
    ).reset_index(drop=True)


def membership_points(
    atlas: Atlas, city_ids: Collection[str], networks: Collection[str] = ()
) -> pd.DataFrame:
    """Memberships of the cities, optionally only in some networks, placed at the city."""
    members = atlas.memberships.loc[atlas.memberships["city_id"].isin(city_ids)]
    if networks:
        members = members.loc[members["network_id"].isin(networks)]
    pos = _positions(atlas)
    return members.assign(
        latitude=members["city_id"].map(pos["latitude"]),
        longitude=members["city_id"].map(pos["longitude"]),
        name=members["city_id"].map(pos["name"]),
        network=members["network_id"].map(atlas.networks["name"]),
        source=source_text(atlas, members["source_id"]),
    ).reset_index(drop=True)
