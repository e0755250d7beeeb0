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


# --------------------------------------------------------------------------------------------
# what a world map can show
#
# At the curated size every row is drawn. A data set a hundred times larger would put tens of
# megabytes of points and arcs into the browser for a 1,200-pixel map where most of them overlap;
# so each layer draws at most a fixed number of rows, chosen by a stated rule, and the page says
# how many it left out. Tables and downloads still hold every row.

MAX_CITY_DOTS = 3000
MAX_HUB_DOTS = 2000
MAX_ARCS = 2000
MAX_RINGS = 3000


def cap_cities(
    points: pd.DataFrame,
    higher_is_better: bool = True,
    limit: int = MAX_CITY_DOTS,
    value_col: str = "value",
) -> pd.DataFrame:
    """The `limit` cities with the best figures (no-data cities last), in their given order.

    Best figures first because those are the big, bright dots a reader looks for; a grey
    no-data dot is the first thing a crowded map can spare.
    """
    if len(points) <= limit:
        return points
    order = pd.DataFrame(
        {
            "no_value": points[value_col].isna().to_numpy() if value_col in points else True,
            "key": (
                pd.to_numeric(points[value_col], errors="coerce").to_numpy()
                if value_col in points
                else 0.0
            ),
            "city_id": points["city_id"].astype(str).to_numpy(),
            "pos": range(len(points)),
        }
    )
    if higher_is_better:
        order["key"] = -order["key"]
    kept = order.sort_values(["no_value", "key", "city_id"], kind="mergesort").head(limit)
    return points.iloc[sorted(kept["pos"])]


def cap_hubs(hubs: pd.DataFrame, limit: int = MAX_HUB_DOTS) -> pd.DataFrame:
    """At most `limit` hubs: one per host city first, cities hosting most hubs first.

    Hubs sit exactly on their host city, so a second hub in the same city is hidden under the
    first; spending the budget on more cities shows more of the map. Active hubs come first
    within a city.
    """
    if len(hubs) <= limit:
        return hubs
    host = hubs["host_city_id"].astype(str)
    order = pd.DataFrame(
        {
            "inactive": (hubs["status"].astype(str) != "active").to_numpy()
            if "status" in hubs
            else False,
            "hub_id": hubs["hub_id"].astype(str).to_numpy(),
            "host": host.to_numpy(),
            "hosted": -host.map(host.value_counts()).to_numpy(),
            "pos": range(len(hubs)),
        }
    ).sort_values(["host", "inactive", "hub_id"], kind="mergesort")
    order["nth"] = order.groupby("host", sort=False).cumcount()
    kept = order.sort_values(["nth", "hosted", "host", "hub_id"], kind="mergesort").head(limit)
    return hubs.iloc[sorted(kept["pos"])]


def cap_pairs(pairs: pd.DataFrame, limit: int = MAX_ARCS) -> pd.DataFrame:
    """At most `limit` agreements: active ones between the best-connected cities first.

    A city's connections are counted within the agreements given (its degree there), so the
    arcs kept are the backbone of what the filters selected.
    """
    if len(pairs) <= limit:
        return pairs
    ends = pd.concat([pairs["city_a_id"], pairs["city_b_id"]]).astype(str)
    degree = ends.value_counts()
    score = pairs["city_a_id"].astype(str).map(degree) + pairs["city_b_id"].astype(str).map(degree)
    order = pd.DataFrame(
        {
            "inactive": (pairs["status"].astype(str) != "active").to_numpy()
            if "status" in pairs
            else False,
            "score": -score.to_numpy(),
            "pid": (
                pairs["partnership_id"].astype(str).to_numpy()
                if "partnership_id" in pairs
                else range(len(pairs))
            ),
            "pos": range(len(pairs)),
        }
    )
    kept = order.sort_values(["inactive", "score", "pid"], kind="mergesort").head(limit)
    return pairs.iloc[sorted(kept["pos"])]


def cap_members(members: pd.DataFrame, limit: int = MAX_RINGS) -> pd.DataFrame:
    """At most `limit` network rings, whole cities at a time, cities in most networks first.

    A city's rings are concentric, so dropping one ring of a city would misstate how many
    networks it belongs to; cities are kept or left out as a whole.
    """
    if len(members) <= limit:
        return members
    city = members["city_id"].astype(str)
    sizes = city.value_counts()
    ranked = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))
    kept: set[str] = set()
    used = 0
    for city_id, size in ranked:
        if used + size > limit:
            break
        kept.add(city_id)
        used += size
    return members.loc[city.isin(kept).to_numpy()]


def cap_note(counts: dict[str, tuple[int, int]]) -> str | None:
    """'Drawn: 3,000 of 10,000 cities (…)': None when every row is drawn.

    `counts` maps a layer ("cities", "hubs", "partnerships") to (drawn, total).
    """
    rules = {
        "cities": ("cities", "best figures first"),
        "hubs": ("hubs", "one per host city, the cities hosting most first"),
        "partnerships": ("agreements", "active ones between the best-connected cities first"),
        "memberships": ("network memberships", "whole cities, those in most networks first"),
    }
    parts = [
        f"{drawn:,} of {total:,} {rules[layer][0]} ({rules[layer][1]})"
        for layer, (drawn, total) in counts.items()
        if drawn < total
    ]
    if not parts:
        return None
    return (
        "To stay quick to load, this map draws "
        + "; ".join(parts)
        + ". Narrow the filters to draw them all; the tables and downloads hold every row."
    )
