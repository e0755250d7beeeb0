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
from atlas.i18n import N_, _
from atlas.load import Atlas
from atlas.numbers import format_number, no_data
from atlas.peers import (
    city_percentiles,
    compare_values,
    group_scores,
    percentile_ranks,
    series_values,
    suggest_peers,
)
from atlas.rankings import geo_label
from atlas.views.rankings import basis_name, display_names

# English source texts, marked for extraction; shown through group_label() and normalisation().
GROUP_LABELS = {
    # Translators: an indicator group (a city's profile: population, area ...), not a page.
    "profile": N_("Profile"),
    "diplomacy": N_("Diplomacy"),
    "partnerships": N_("Partnerships"),
    "inputs": N_("Inputs (talent, investment)"),
    "outputs": N_("Outputs"),
}
BEST_MARK = "★ "
NORMALISATION = N_(
    "Each indicator is turned into a percentile rank among all cities with data in the same "
    "edition (0 = lowest, 100 = best; for ranks the best rank scores 100; tied cities share "
    "the middle of their places). A group's score is the average over the indicators the city "
    "has data for, using its latest edition."
)


def group_label(group: object) -> str:
    """An indicator group's name in the run's language (an unknown group is shown as it is)."""
    key = str(group)
    return _(GROUP_LABELS[key]) if key in GROUP_LABELS else key


def normalisation() -> str:
    """How the radar's scores are made, in the run's language."""
    return _(NORMALISATION)


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
            _("Indicator"): long["label"],
            _("City"): long["city_id"].map(names),
            _("Value"): long["value"],
            _("Unit"): long["unit"],
            _("Year"): long["year"],
            _("Geography"): [
                geo_label(g, u) for g, u in zip(long["geo_unit"], long["unit_name"], strict=True)
            ],
            _("Best in row"): long["best"],
            _("Years differ"): long["years_differ"],
            _("Basis"): long["basis"].map(basis_name),
            _("Note"): long["note"],
            _("Source"): long["publisher"],
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
        _(
            "Rankings the Atlas holds only part of (a city without a figure is not in the "
            "Atlas's copy of the ranking, not necessarily unranked): {rankings}."
        ).format(rankings="; ".join(held))
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
    texts = [missing.get(str(i)) or no_data() for i in long["indicator_id"]]
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
            _("Group"): [group_label(g) for g in meta["group"]],
            _("Indicator"): meta["label"].tolist(),
            _("Unit"): meta["unit"].tolist(),
        }
    )
    pivot = {
        col: frame.pivot(index="indicator_id", columns="city_id", values=col).reindex(order)
        for col in ("_text", "_year", "_source", "best")
    }
    for city in ids:
        name = names[city]
        wide[name] = pivot["_text"][city].to_numpy()
        wide[_("{city} · year").format(city=name)] = pivot["_year"][city].to_numpy()
        wide[_("{city} · source").format(city=name)] = pivot["_source"][city].to_numpy()
    best = pivot["best"][ids].astype(bool)
    wide[_("Best")] = [", ".join(names[c] for c in ids if row[c]) for _i, row in best.iterrows()]
    differ = frame.groupby("indicator_id", sort=False)["years_differ"].first().reindex(order)
    wide[_("Reads")] = [
        _reads(str(g), bool(h), bool(d))
        for g, h, d in zip(meta["group"], meta["higher_is_better"], differ, strict=True)
    ]
    return wide


def _reads(group: str, higher_is_better: bool, years_differ: bool) -> str:
    """How a row of the side-by-side table reads, in the run's language."""
    if group == "profile":
        return _("context, not rated")
    if higher_is_better:
        return _("higher is better; years differ") if years_differ else _("higher is better")
    return _("lower is better; years differ") if years_differ else _("lower is better")


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
        axis=scores["group"].map(group_label),
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
            _("City"): detail["city_id"].map(names),
            _("Group"): detail["group"].map(group_label),
            _("Group score (0–100)"): [
                round(float(score_of.get((c, g), float("nan"))), 1)
                for c, g in zip(detail["city_id"], detail["group"], strict=True)
            ],
            _("Indicator"): detail["indicator_id"].map(labels),
            _("Year"): detail["year"].astype(int),
            _("Value"): detail["value"],
            _("Percentile rank"): detail["percentile"].round(1),
            _("Cities compared"): detail["n"],
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
            _("Indicator"): rows["indicator"],
            _("City"): rows["name"],
            _("Year"): rows["year"].astype(int),
            _("Value"): rows["value"],
            _("Unit"): rows["unit"],
            _("Basis"): rows["basis"].map(basis_name),
            "source_id": rows["source_id"],
            _("Source"): rows["source_id"].map(atlas.sources["publisher"]),
        }
    )
    return rows, table, ranks
