"""The rows each map layer draws, for a set of cities and a year: plain frames, no drawing.

Pages and the briefing export draw the same things, so which hubs, arcs and memberships belong
to a filtered view is decided once, here, and tested without a browser.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from atlas import citation
from atlas.i18n import N_, _, ngettext
from atlas.load import Atlas
from atlas.numbers import format_count


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
    out["source"] = citation.label(atlas.sources, out["source_id"])
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
        source=citation.label(atlas.sources, hubs["source_id"]),
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
        source=citation.label(atlas.sources, pairs["source_id"]),
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
        source=citation.label(atlas.sources, members["source_id"]),
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
    # factorised codes and one Arrow sort, not `.map` and a frame sort over string ids: those
    # took most of the arc map's build for the 100,000 agreements at 100x
    n = len(pairs)
    ends = pd.concat([pairs["city_a_id"], pairs["city_b_id"]], ignore_index=True)
    codes, _ = pd.factorize(ends.astype(str).to_numpy(dtype=object))
    counts = np.bincount(codes[codes >= 0], minlength=1).astype(float)
    degree = np.where(codes >= 0, counts[np.maximum(codes, 0)], np.nan)
    score = degree[:n] + degree[n:]  # an end without an id ranks its agreement last
    score = np.where(np.isnan(score), np.inf, -score)
    inactive = (
        (pairs["status"].astype(str) != "active").to_numpy(dtype=bool)
        if "status" in pairs
        else np.zeros(n, dtype=bool)
    )
    keys = {"inactive": inactive, "score": score}
    if "partnership_id" in pairs:  # a missing id after every id
        keys["pid"] = pa.array(
            pairs["partnership_id"].astype(str).to_numpy(dtype=object), from_pandas=True
        )
    # Arrow's sort is stable (ties keep the table's order) and compares the string ids in C++
    order = pc.sort_indices(
        pa.table(keys),
        sort_keys=[(name, "ascending") for name in keys],  # nulls last, Arrow's default
    ).to_numpy()
    return pairs.iloc[np.sort(order[:limit])]


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
    parts = [_cap_part(layer, drawn, total) for layer, (drawn, total) in counts.items()]
    shown = [
        part for part, (drawn, total) in zip(parts, counts.values(), strict=True) if drawn < total
    ]
    if not shown:
        return None
    return _(
        "To stay quick to load, this map draws {parts}. Narrow the filters to draw them all; "
        "the tables and downloads hold every row."
    ).format(parts="; ".join(shown))


def _cap_part(layer: str, drawn: int, total: int) -> str:
    """'3,000 of 10,000 cities (best figures first)' for one layer."""
    n = {"drawn": format_count(drawn), "total": format_count(total)}
    if layer == "cities":
        text = ngettext(
            "{drawn} of {total} city (best figures first)",
            "{drawn} of {total} cities (best figures first)",
            total,
        )
    elif layer == "hubs":
        text = ngettext(
            "{drawn} of {total} hub (one per host city, the cities hosting most first)",
            "{drawn} of {total} hubs (one per host city, the cities hosting most first)",
            total,
        )
    elif layer == "partnerships":
        text = ngettext(
            "{drawn} of {total} agreement (active ones between the best-connected cities first)",
            "{drawn} of {total} agreements (active ones between the best-connected cities first)",
            total,
        )
    else:
        text = ngettext(
            "{drawn} of {total} network membership (whole cities, those in most networks first)",
            "{drawn} of {total} network memberships (whole cities, those in most networks first)",
            total,
        )
    return text.format(**n)


# --------------------------------------------------------------------------------------------
# ties: the partnership layer as a reader can take it in
#
# Hundreds of arcs drawn at once are a tangle on a projector. The map therefore draws ties (one
# arc per pair of cities, as wide as the number of agreements between them), the strongest first,
# and counts the rest; with a city selected, that city's ties are drawn apart from the others.

# English names (marked for translation): shown through tie_limit_names().
TIE_LIMITS = {
    "50": N_("{n} strongest ties"),
    "150": N_("{n} strongest ties"),
    "all": N_("All ties"),
}
DEFAULT_TIE_LIMIT = "50"


def city_ties(pairs: pd.DataFrame) -> pd.DataFrame:
    """One row per pair of cities with the number of agreements between them, strongest first.

    Strength is the number of agreements; ties with as many agreements are ordered by how
    connected their two cities are in the agreements given (the backbone first), then by ids,
    so the order never depends on the input's order. `type` is the agreements' type when they
    share one and "several types" otherwise.
    """
    columns = [
        "city_a_id",
        "city_b_id",
        "agreements",
        "type",
        "first_year",
        "active",
        "lat_a",
        "lon_a",
        "lat_b",
        "lon_b",
        "name_a",
        "name_b",
        "source",
    ]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    a = pairs["city_a_id"].astype(str)
    b = pairs["city_b_id"].astype(str)
    swap = (a > b).to_numpy()
    frame = pd.DataFrame(
        {
            "city_a_id": a.where(~swap, b).to_numpy(),
            "city_b_id": b.where(~swap, a).to_numpy(),
            "type": pairs["type"].astype(str).to_numpy(),
            "year": pd.to_numeric(pairs["year"], errors="coerce").to_numpy(),
            "active": (pairs["status"].astype(str) == "active").to_numpy()
            if "status" in pairs
            else True,
            "source": pairs["source"].astype(str).to_numpy() if "source" in pairs else "",
        }
    )
    for side, other in (("a", "b"), ("b", "a")):
        for col in ("lat", "lon", "name"):
            mine = pairs[f"{col}_{side}"].to_numpy(dtype=object)
            theirs = pairs[f"{col}_{other}"].to_numpy(dtype=object)
            frame[f"{col}_{side}"] = np.where(swap, theirs, mine)
    grouped = frame.groupby(["city_a_id", "city_b_id"], sort=False)
    ties = grouped.agg(
        agreements=("type", "size"),
        types=("type", lambda t: sorted(set(t))),
        first_year=("year", "min"),
        active=("active", "any"),
        lat_a=("lat_a", "first"),
        lon_a=("lon_a", "first"),
        lat_b=("lat_b", "first"),
        lon_b=("lon_b", "first"),
        name_a=("name_a", "first"),
        name_b=("name_b", "first"),
        source=("source", lambda s: "; ".join(sorted(set(s)))),
    ).reset_index()
    ties["type"] = [t[0] if len(t) == 1 else "several types" for t in ties.pop("types")]
    degree = pd.concat([ties["city_a_id"], ties["city_b_id"]]).value_counts()
    ties["_score"] = ties["city_a_id"].map(degree) + ties["city_b_id"].map(degree)
    ties = ties.sort_values(
        ["agreements", "_score", "city_a_id", "city_b_id"],
        ascending=[False, False, True, True],
        kind="mergesort",
    )
    return ties.drop(columns="_score").reset_index(drop=True)[columns]


def split_ties(
    ties: pd.DataFrame, city_id: str | None, limit: int | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the selected city's ties, the other ties to draw), the others cut to `limit`.

    The selected city's ties are always drawn whole: they are what the reader asked for.
    """
    if city_id is None:
        mine = ties.iloc[0:0]
        others = ties
    else:
        touches = (ties["city_a_id"] == city_id) | (ties["city_b_id"] == city_id)
        mine, others = ties.loc[touches], ties.loc[~touches]
    if limit is not None:
        others = others.head(limit)
    return mine, others


def tie_limit_names() -> dict[str, str]:
    """TIE_LIMITS ids -> names in the run's language ("50 strongest ties")."""
    return {
        k: _(v).format(n=format_count(int(k))) if k.isdigit() else _(v)
        for k, v in TIE_LIMITS.items()
    }


def tie_limit(choice: str) -> int | None:
    """The number of ties a TIE_LIMITS choice draws (None: all)."""
    return None if choice == "all" else int(choice)


# --------------------------------------------------------------------------------------------
# time: what existed in a given year


def timeline_years(atlas: Atlas) -> list[int]:
    """Every year from the first recorded hub opening or agreement to the newest one."""
    years = pd.concat(
        [
            pd.to_numeric(atlas.hubs["year_opened"], errors="coerce"),
            pd.to_numeric(atlas.partnerships["year"], errors="coerce"),
        ]
    ).dropna()
    if years.empty:
        return []
    return list(range(int(years.min()), int(years.max()) + 1))


def closing_years(hubs: pd.DataFrame) -> pd.Series:
    """Each hub's closing year where recorded (all missing until the data records it).

    Read tolerantly: the `year_closed` column arrives with a later data release.
    """
    if "year_closed" in hubs:
        return pd.to_numeric(hubs["year_closed"], errors="coerce")
    return pd.Series(float("nan"), index=hubs.index)


def hubs_open_in(hubs: pd.DataFrame, year: int) -> pd.DataFrame:
    """Hubs open in `year`: opened by then and not closed before it. Undated hubs are left out."""
    opened = pd.to_numeric(hubs["year_opened"], errors="coerce")
    closed = closing_years(hubs)
    keep = opened.notna() & (opened <= year) & ~(closed.notna() & (closed <= year))
    return hubs.loc[keep.to_numpy()]


def pairs_signed_by(pairs: pd.DataFrame, year: int) -> pd.DataFrame:
    """Agreements signed in or before `year`. Undated agreements are left out."""
    signed = pd.to_numeric(pairs["year"], errors="coerce")
    return pairs.loc[(signed.notna() & (signed <= year)).to_numpy()]


def undated_counts(hubs: pd.DataFrame, pairs: pd.DataFrame) -> dict[str, int]:
    """How many hubs and agreements the timeline cannot place, to say so beside the year."""
    return {
        "hubs": int(pd.to_numeric(hubs["year_opened"], errors="coerce").isna().sum()),
        "partnerships": int(pd.to_numeric(pairs["year"], errors="coerce").isna().sum()),
    }


def next_year(years: list[int], current: int | None) -> int | None:
    """The year a playing timeline shows next: from today back to the start, else one on.

    None means the end was reached (the player stops on the newest year).
    """
    if not years:
        return None
    if current is None or current not in years:
        return years[0]
    position = years.index(current)
    return years[position + 1] if position + 1 < len(years) else None
