"""What the Rankings page shows, built from `atlas.rankings` and the `components.chart_*` builders.

The page script keeps widgets, URL state and layout; this module turns a ranking into the
figure and the tables it draws, and holds the cached computation so a widget change reruns in
well under the page budget. The catalogue's rules (ranks, direction, per million) are
atlas/catalogue.py's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from atlas import catalogue, citation
from atlas.catalogue import higher_is_better, is_rank, unit_label
from atlas.editions import disagreement_text
from atlas.filters import Filters, city_ids
from atlas.load import Atlas
from atlas.rankings import RankingResult, geo_label, rank_indicator
from components import chart_bars
from ui.cache import atlas_cached

PROFILE_PAGE = "pages/profile.py"
PROFILE_PATH = "./profile"


# --------------------------------------------------------------------------------------------
# Catalogue helpers shared with Compare
# --------------------------------------------------------------------------------------------


def display_names(atlas: Atlas) -> pd.Series:
    """city_id -> name, with the country code added where the Atlas holds two cities of that
    name (Vienna AT / Vienna US), so a chart label is never mistaken for the better-known one."""
    cities = atlas.cities
    shared = cities["name"].duplicated(keep=False)
    return cities["name"].where(~shared, cities["name"] + " (" + cities["country"] + ")")


@atlas_cached(max_entries=8)
def editions(atlas: Atlas) -> dict[str, list[int]]:
    """indicator_id -> the years with at least one value, oldest first (cached per data)."""
    rows = atlas.values.loc[atlas.values["value"].notna(), ["indicator_id", "year"]]
    years = rows.dropna().drop_duplicates().sort_values("year")
    return {
        str(k): [int(y) for y in g["year"]] for k, g in years.groupby("indicator_id", sort=False)
    }


# --------------------------------------------------------------------------------------------
# The ranking, cached
# --------------------------------------------------------------------------------------------


@atlas_cached(max_entries=256)
def ranking(
    atlas: Atlas, indicator_id: str, year: int | None, per_million: bool, filters: Filters
) -> tuple[RankingResult, pd.DataFrame]:
    """The ranking for the page's choices within the sidebar's region/country/network, and
    its frame with the names a reader needs (see :func:`enrich`)."""
    meta = atlas.indicators.loc[indicator_id]
    narrowed = bool(filters.regions or filters.countries or filters.networks)
    ids = city_ids(atlas, filters) if narrowed else None
    result = rank_indicator(
        atlas.values,
        atlas.cities.reset_index(drop=True),
        indicator_id,
        year=year,
        higher_is_better=higher_is_better(meta),
        per_million=per_million,
        city_ids=None if ids is None else list(ids),
        values_are_ranks=is_rank(meta),
    )
    return result, enrich(atlas, result, meta)


# --------------------------------------------------------------------------------------------
# Tables and figure
# --------------------------------------------------------------------------------------------


def enrich(atlas: Atlas, result: RankingResult, meta: pd.Series) -> pd.DataFrame:
    """The ranking with the names a reader needs: country, geography, source publisher."""
    frame = result.frame.copy()
    cities = atlas.cities
    frame["country_name"] = frame["city_id"].map(cities["country_name"])
    frame["label"] = frame["city_id"].map(display_names(atlas)).fillna(frame["name"])
    frame["ascii_name"] = frame["city_id"].map(cities["ascii_name"])
    frame["geography"] = [geo_label(meta.get("geo_unit"), u) for u in frame["unit_name"]]
    known = {
        sid: citation.credit(atlas.sources, sid, with_year=False)
        for sid in frame["source_id"].dropna().unique()
    }
    frame["publisher"] = frame["source_id"].map(known).fillna("not stated")
    frame["profile"] = PROFILE_PATH + "?city=" + frame["city_id"].astype(str)
    frame["note"] = _with_disagreements(atlas, frame, str(meta.name), result.year)
    return frame


def _with_disagreements(
    atlas: Atlas, frame: pd.DataFrame, indicator_id: str, year: int | None
) -> pd.Series:
    """The note column, led by 'Sources disagree: …' where two sources give two figures."""
    notes = frame["note"].astype("object").where(frame["note"].notna(), "")
    values = atlas.values
    if "other_value" not in values.columns or year is None:
        return notes
    disputed = values.loc[
        (values["indicator_id"] == indicator_id)
        & (values["year"] == year)
        & values["other_value"].notna()
    ]
    texts = {
        row["city_id"]: disagreement_text(row, atlas.sources) for _, row in disputed.iterrows()
    }
    return pd.Series(
        [
            "; ".join(t for t in (texts.get(c), n) if t)
            for c, n in zip(frame["city_id"], notes, strict=True)
        ],
        index=frame.index,
    )


@atlas_cached(resource=True, max_entries=128)
def chart(
    atlas: Atlas,
    indicator_id: str,
    edition: int | None,
    per_million: bool,
    filters: Filters,
    top_n: int,
    highlight: Sequence[str],
) -> tuple[go.Figure, pd.DataFrame]:
    """The top-N figure of :func:`ranking` and the rows it draws (for its Table tab and
    downloads).

    Building a plotly figure takes longer than the page's rerun budget, and a figure is never
    changed once built, so it is kept per ranking, top N and highlights. It takes the ranking's
    own arguments, so its cache key cannot miss one of them.
    """
    result, frame = ranking(atlas, indicator_id, edition, per_million, filters)
    meta = atlas.indicators.loc[indicator_id]
    label = catalogue.labels(atlas.indicators)[indicator_id]
    year = int(result.year)
    shown = frame.loc[frame["rank"] <= _cutoff(frame, top_n)]
    source = citation.line(atlas.sources, list(shown["source_id"]))
    if is_rank(meta):
        fig = chart_bars.rank_dots(
            frame,
            "value",
            "label",
            label,
            str(year),
            source,
            highlight=set(highlight),
            top_n=top_n,
            detail_col="geography",
        )
    else:
        fig = chart_bars.ranked_bar(
            frame,
            "value",
            "label",
            label,
            unit_label(meta, per_million),
            str(year),
            source,
            higher_is_better=higher_is_better(meta),
            highlight=set(highlight),
            top_n=top_n,
            detail_col="geography",
        )
    return fig, chart_table(shown, meta, per_million)


def _cutoff(frame: pd.DataFrame, top_n: int) -> float:
    if frame.empty:
        return 0
    if top_n >= len(frame):
        return float(frame["rank"].max())
    return float(frame["rank"].iloc[top_n - 1])


def chart_table(frame: pd.DataFrame, meta: pd.Series, per_million: bool) -> pd.DataFrame:
    value_name = "Published rank" if is_rank(meta) else f"Value ({unit_label(meta, per_million)})"
    return pd.DataFrame(
        {
            "Rank": frame["rank"].astype("Int64"),
            "City": frame["label"],
            "Country": frame["country_name"],
            value_name: frame["value"],
            "Year": frame["year"].astype("Int64"),
            "Geography": frame["geography"],
            "Source": frame["publisher"],
            "source_id": frame["source_id"],
        }
    )


def full_table(
    frame: pd.DataFrame, meta: pd.Series, per_million: bool, previous_year: int | None
) -> tuple[pd.DataFrame, dict[str, Any], list[str]]:
    """The whole ranking as shown: data, column config and visible column order.

    The frame keeps ``source_id`` for downloads; the order leaves it out of sight.
    """
    rank_type = is_rank(meta)
    unit = unit_label(meta, per_million)
    table = pd.DataFrame(
        {
            "Rank": frame["rank"].astype("Int64"),
            "City": frame["name"],
            "Country": frame["country_name"],
            "Region": frame["region"],
        }
    )
    if rank_type:
        table["Published rank"] = frame["value"].astype("Int64")
    elif per_million:
        table[f"Per million ({meta['unit']})"] = frame["value"]
        table[f"Absolute ({meta['unit']})"] = frame["raw_value"]
        table["Population (city proper)"] = frame["population"].astype("Int64")
    else:
        table[f"Value ({unit})"] = frame["value"]
    change_col = f"Change since {previous_year}" if previous_year else "Change"
    if previous_year:
        table[change_col] = frame["rank_change"].astype("float64")
        table["Previous rank"] = frame["previous_rank"].astype("float64")
    table["Year"] = frame["year"].astype("Int64")
    table["Geography"] = frame["geography"]
    table["Basis"] = frame["basis"]
    table["Note"] = frame["note"]
    table["Source"] = frame["publisher"]
    table["Profile"] = frame["profile"]
    table["source_id"] = frame["source_id"]

    kind = "published rank" if rank_type else "rank among the cities listed here"
    config: dict[str, Any] = {
        "Rank": st.column_config.NumberColumn(
            "Place here" if rank_type else "Rank",
            format="%d",
            help="Place among the cities in this list (1 = best; ties share a place)."
            if rank_type
            else "1 = best; ties share a rank. Cities without data are not ranked.",
        ),
        "Published rank": st.column_config.NumberColumn(
            format="%d", help="The rank as published (1 = best)."
        ),
        "Year": st.column_config.NumberColumn(format="%d"),
        "Geography": st.column_config.TextColumn(
            help="The unit the figure describes: city proper, metro, GII cluster, …"
        ),
        "Population (city proper)": st.column_config.NumberColumn(
            format="localized", help="GeoNames, city proper: the denominator of per million."
        ),
        "Profile": st.column_config.LinkColumn(
            "Profile", display_text="Open profile", help="The city's profile, in a new tab."
        ),
    }
    if previous_year:
        config[change_col] = st.column_config.NumberColumn(
            format="%+d",
            help=f"Change in {kind} since {previous_year}: positive = moved up; "
            "empty = not ranked then.",
        )
        config["Previous rank"] = st.column_config.NumberColumn(
            format="%d",
            help=f"The {'published rank' if rank_type else 'rank'} in {previous_year}.",
        )
    order = [c for c in table.columns if c not in ("source_id", "Profile")]
    order.insert(order.index("City") + 1, "Profile")
    return table, config, order
