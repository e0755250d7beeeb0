"""The Compare page's model: the side-by-side table, and the rows behind the radar of groups and
the time series, no Streamlit.

Built from ``atlas.peers`` (the comparison logic); ui/compare_view.py caches these and draws the
radar and the small multiples with ``components.chart_*``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from atlas import catalogue
from atlas.catalogue import is_rank
from atlas.derive import NO_CENSUS_YEAR
from atlas.editions import holdings_summary, missing_text
from atlas.load import Atlas
from atlas.numbers import NO_DATA, format_number
from atlas.peers import (
    city_percentiles,
    compare_values,
    group_scores,
    percentile_ranks,
    series_values,
    suggest_peers,
)
from atlas.rankings import geo_label
from atlas.views.rankings import display_names

GROUP_LABELS = {
    "profile": "Profile",
    "diplomacy": "Diplomacy",
    "partnerships": "Partnerships",
    "inputs": "Inputs (talent, investment)",
    "outputs": "Outputs",
}
BEST_MARK = "★ "
NORMALISATION = (
    "Each indicator is turned into a percentile rank among all cities with data in the same "
    "edition (0 = lowest, 100 = best; for ranks the best rank scores 100; tied cities share "
    "the middle of their places). A group's score is the average over the indicators the city "
    "has data for, using its latest edition."
)


def city_names(atlas: Atlas, ids: Sequence[str]) -> dict[str, str]:
    """Short column names for the chosen cities; the country code is added where the Atlas
    holds two cities of that name (see atlas.views.rankings.display_names)."""
    names = display_names(atlas)
    return {c: str(names[c]) for c in ids}


def percentiles(atlas: Atlas) -> pd.DataFrame:
    """Every figure's percentile rank among the cities with data; the radar reads it for any
    choice of cities, so it is worth computing once per data."""
    return percentile_ranks(atlas.values, atlas.indicators.reset_index(drop=True))


def peers(
    atlas: Atlas,
    anchor: str,
    exclude: tuple[str, ...],
    allowed: tuple[str, ...] | None,
) -> list[str]:
    """Five cities like ``anchor`` to suggest (atlas.peers.suggest_peers on the Atlas's cities)."""
    return suggest_peers(
        atlas.cities.reset_index(drop=True), anchor, n=5, exclude=exclude, allowed=allowed
    )


def comparison(atlas: Atlas, ids: Sequence[str], up_to_year: int | None) -> pd.DataFrame:
    """Long comparison table (atlas.peers.compare_values) with labels for display."""
    long = compare_values(
        atlas.values, atlas.indicators.reset_index(drop=True), list(ids), up_to_year
    )
    labels = catalogue.labels(atlas.indicators)
    long["label"] = long["indicator_id"].map(labels)
    long["publisher"] = long["source_id"].map(atlas.sources["publisher"])
    return long


def tidy_table(atlas: Atlas, long: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """One row per indicator and city, with every detail: what the downloads carry."""
    return pd.DataFrame(
        {
            "Indicator": long["label"],
            "City": long["city_id"].map(names),
            "Value": long["value"],
            "Unit": long["unit"],
            "Year": long["year"],
            "Geography": [
                geo_label(g, u) for g, u in zip(long["geo_unit"], long["unit_name"], strict=True)
            ],
            "Best in row": long["best"],
            "Years differ": long["years_differ"],
            "Basis": long["basis"],
            "Note": long["note"],
            "Source": long["publisher"],
            "source_id": long["source_id"],
        }
    )


def missing_texts(atlas: Atlas, long: pd.DataFrame) -> dict[str, str]:
    """Per indicator, what an empty cell says: in a partial ranking (WIPO's 100 clusters, of
    which the Atlas holds some) a city without a figure is "not in the Atlas's copy of this
    ranking", elsewhere "no data". The edition is the latest one among the cities shown."""
    out: dict[str, str] = {}
    for indicator_id, rows in long.groupby("indicator_id", sort=False):
        years = rows["year"].dropna()
        out[str(indicator_id)] = missing_text(
            atlas, str(indicator_id), int(years.max()) if len(years) else None
        )
    return out


def partial_notes(atlas: Atlas, long: pd.DataFrame) -> list[str]:
    """One sentence naming each partial ranking in the table and how much of it is held."""
    ids = list(dict.fromkeys(long["indicator_id"].astype(str)))
    held = holdings_summary(atlas, ids)
    if not held:
        return []
    return [
        "Rankings the Atlas holds only part of (a city without a figure is not in the Atlas's "
        "copy of the ranking, not necessarily unranked): " + "; ".join(held) + "."
    ]


def side_by_side(
    long: pd.DataFrame, names: Mapping[str, str], missing: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The wide table: one row per indicator; value (★ on the best), year and source per city.

    The mark is text, not a cell colour: it reads without colour vision, survives the CSV
    download, and a styled table costs more than the page's whole rerun budget to send.
    """
    ids = list(names)
    missing = missing or {}
    texts = [missing.get(str(i), NO_DATA) for i in long["indicator_id"]]
    for i, (value, best) in enumerate(zip(long["value"], long["best"], strict=True)):
        if not pd.isna(value):
            texts[i] = f"{BEST_MARK}{format_number(value)}" if best else format_number(value)
    frame = long.assign(
        _text=texts,
        _year=[
            "" if pd.isna(y) or str(n).startswith(NO_CENSUS_YEAR) else str(int(y))
            for y, n in zip(long["year"], long["note"], strict=True)
        ],
        _source=long["publisher"].fillna(""),
    )
    meta = frame.drop_duplicates("indicator_id").set_index("indicator_id")
    order = list(meta.index)
    wide = pd.DataFrame(
        {
            "Group": [GROUP_LABELS.get(str(g), str(g)) for g in meta["group"]],
            "Indicator": meta["label"].tolist(),
            "Unit": meta["unit"].tolist(),
        }
    )
    pivot = {
        col: frame.pivot(index="indicator_id", columns="city_id", values=col).reindex(order)
        for col in ("_text", "_year", "_source", "best")
    }
    for city in ids:
        name = names[city]
        wide[name] = pivot["_text"][city].to_numpy()
        wide[f"{name} · year"] = pivot["_year"][city].to_numpy()
        wide[f"{name} · source"] = pivot["_source"][city].to_numpy()
    best = pivot["best"][ids].astype(bool)
    wide["Best"] = [", ".join(names[c] for c in ids if row[c]) for _, row in best.iterrows()]
    differ = frame.groupby("indicator_id", sort=False)["years_differ"].first().reindex(order)
    wide["Reads"] = [
        "context, not rated"
        if str(g) == "profile"
        else ("higher is better" if bool(h) else "lower is better")
        + ("; years differ" if bool(d) else "")
        for g, h, d in zip(meta["group"], meta["higher_is_better"], differ, strict=True)
    ]
    return wide


def radar_rows(
    atlas: Atlas,
    ids: Sequence[str],
    names: Mapping[str, str],
    up_to_year: int | None,
    ranks: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The radar's group scores (one row per city and group, named for the axes) and the table
    behind it: one row per city and indicator with the percentile that went into its group's
    score, and its ``source_id`` for the figure's source line and the downloads.

    ``ranks`` is :func:`percentiles`, passed in so a caller can keep it between choices.
    """
    indicators = atlas.indicators.reset_index(drop=True)
    ranks = percentiles(atlas) if ranks is None else ranks
    scores = group_scores(atlas.values, indicators, list(ids), up_to_year, percentiles=ranks)
    detail = city_percentiles(atlas.values, indicators, list(ids), up_to_year, percentiles=ranks)
    frame = scores.assign(
        name=scores["city_id"].map(names),
        axis=scores["group"].map(GROUP_LABELS),
    )
    detail = detail.merge(
        atlas.values[["city_id", "indicator_id", "year", "source_id"]],
        on=["city_id", "indicator_id", "year"],
        how="left",
    )
    score_of = scores.set_index(["city_id", "group"])["score"]
    labels = catalogue.labels(atlas.indicators)
    table = pd.DataFrame(
        {
            "City": detail["city_id"].map(names),
            "Group": detail["group"].map(GROUP_LABELS),
            "Group score (0–100)": [
                round(float(score_of.get((c, g), float("nan"))), 1)
                for c, g in zip(detail["city_id"], detail["group"], strict=True)
            ],
            "Indicator": detail["indicator_id"].map(labels),
            "Year": detail["year"].astype(int),
            "Value": detail["value"],
            "Percentile rank": detail["percentile"].round(1),
            "Cities compared": detail["n"],
            "source_id": detail["source_id"],
        }
    )
    return frame, table


def series_rows(
    atlas: Atlas, ids: Sequence[str], names: Mapping[str, str], up_to_year: int | None
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The figures of indicators with several editions, named for the small multiples; the
    table behind them; and the labels of the ranks among them (drawn lower-is-better).

    All three are empty when no chosen city has an indicator with two editions.
    """
    rows = series_values(
        atlas.values, atlas.indicators.reset_index(drop=True), list(ids), up_to_year
    )
    if rows.empty:
        return rows, rows, []
    labels = catalogue.labels(atlas.indicators)
    cat = atlas.indicators
    rows = rows.assign(
        name=rows["city_id"].map(names),
        indicator=rows["indicator_id"].map(labels),
        unit=rows["indicator_id"].map(cat["unit"]),
    )
    ranks = [labels[i] for i in rows["indicator_id"].unique() if is_rank(cat.loc[i])]
    table = pd.DataFrame(
        {
            "Indicator": rows["indicator"],
            "City": rows["name"],
            "Year": rows["year"].astype(int),
            "Value": rows["value"],
            "Unit": rows["unit"],
            "Basis": rows["basis"],
            "source_id": rows["source_id"],
            "Source": rows["source_id"].map(atlas.sources["publisher"]),
        }
    )
    return rows, table, ranks
