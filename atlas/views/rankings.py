"""The Rankings page's model: a ranking within the sidebar's filters and the tables it shows.

No Streamlit: ui/rankings_view.py caches these, draws the figure (``components.chart_bars``)
and adds the column settings. The catalogue's rules (ranks, direction, per million) are
atlas/catalogue.py's and the ranking itself is ``atlas.rankings``'s.
"""

from __future__ import annotations

import pandas as pd

from atlas import citation, terms
from atlas.catalogue import higher_is_better, is_rank, unit_label
from atlas.editions import disagreement_text
from atlas.filters import Filters, city_ids
from atlas.i18n import NP_, _, pgettext
from atlas.load import Atlas
from atlas.rankings import RankingResult, geo_label, rank_indicator

PROFILE_PAGE = "pages/profile.py"
PROFILE_PATH = "./profile"

# How a figure was obtained (atlas/schema.py BASIS), as the tables show it.
BASIS_NAMES = (NP_("basis", "published"), NP_("basis", "inferred"), NP_("basis", "derived"))


def basis_name(value: object) -> str:
    """'published', 'inferred' or 'derived' in the run's language (the data keeps English)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return ""
    return pgettext("basis", str(value))


# --------------------------------------------------------------------------------------------
# Catalogue helpers shared with Compare
# --------------------------------------------------------------------------------------------


def display_names(atlas: Atlas) -> pd.Series:
    """city_id -> name, with the country code added where the Atlas holds two cities of that
    name (Vienna AT / Vienna US), so a chart label is never mistaken for the better-known one."""
    cities = atlas.cities
    shared = cities["name"].duplicated(keep=False)
    return cities["name"].where(~shared, cities["name"] + " (" + cities["country"] + ")")


def editions(atlas: Atlas) -> dict[str, list[int]]:
    """indicator_id -> the years with at least one value, oldest first, so the page offers
    only editions that rank someone."""
    rows = atlas.values.loc[atlas.values["value"].notna(), ["indicator_id", "year"]]
    years = rows.dropna().drop_duplicates().sort_values("year")
    return {
        str(k): [int(y) for y in g["year"]] for k, g in years.groupby("indicator_id", sort=False)
    }


# --------------------------------------------------------------------------------------------
# The ranking
# --------------------------------------------------------------------------------------------


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
# Tables
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
    frame["publisher"] = frame["source_id"].map(known).fillna(_("not stated"))
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
        row["city_id"]: disagreement_text(row, atlas.sources) for _i, row in disputed.iterrows()
    }
    return pd.Series(
        [
            "; ".join(t for t in (texts.get(c), n) if t)
            for c, n in zip(frame["city_id"], notes, strict=True)
        ],
        index=frame.index,
    )


def top_rows(frame: pd.DataFrame, top_n: int) -> pd.DataFrame:
    """The rows a top-N chart draws: every city ranked at or above the N-th, so a tie at the
    cut is drawn whole rather than split at random."""
    return frame.loc[frame["rank"] <= _cutoff(frame, top_n)]


def _cutoff(frame: pd.DataFrame, top_n: int) -> float:
    if frame.empty:
        return 0
    if top_n >= len(frame):
        return float(frame["rank"].max())
    return float(frame["rank"].iloc[top_n - 1])


def chart_table(frame: pd.DataFrame, meta: pd.Series, per_million: bool) -> pd.DataFrame:
    """The rows behind the chart, for its Table tab and downloads."""
    value_name = (
        _("Published rank")
        if is_rank(meta)
        else _("Value ({unit})").format(unit=unit_label(meta, per_million))
    )
    return pd.DataFrame(
        {
            _("Rank"): frame["rank"].astype("Int64"),
            _("City"): frame["label"],
            _("Country"): frame["country_name"],
            value_name: frame["value"],
            _("Year"): frame["year"].astype("Int64"),
            _("Geography"): frame["geography"],
            _("Source"): frame["publisher"],
            "source_id": frame["source_id"],
        }
    )


def change_column(previous_year: int | None) -> str:
    """The rank-change column's id, which says the edition it compares with (the shown header
    is :func:`column_labels`'s)."""
    return f"Change since {previous_year}" if previous_year else "Change"


def column_labels(meta: pd.Series, per_million: bool, previous_year: int | None) -> dict[str, str]:
    """The full table's column ids (English, as downloads and links know them) -> the headers
    a reader sees in the run's language."""
    unit = unit_label(meta, per_million)
    labels = {
        "Rank": _("Place here") if is_rank(meta) else _("Rank"),
        "City": _("City"),
        "Country": _("Country"),
        "Region": _("Region"),
        "Published rank": _("Published rank"),
        f"Per million ({meta['unit']})": _("Per million ({unit})").format(unit=meta["unit"]),
        f"Absolute ({meta['unit']})": _("Absolute ({unit})").format(unit=meta["unit"]),
        "Population (city proper)": _("Population (city proper)"),
        f"Value ({unit})": _("Value ({unit})").format(unit=unit),
        "Previous rank": _("Previous rank"),
        "Year": _("Year"),
        "Geography": _("Geography"),
        "Basis": _("Basis"),
        "Note": _("Note"),
        "Source": _("Source"),
        "Profile": _("Profile"),
    }
    if previous_year:
        labels[change_column(previous_year)] = _("Change since {year}").format(year=previous_year)
    return labels


def full_table(
    frame: pd.DataFrame, meta: pd.Series, per_million: bool, previous_year: int | None
) -> tuple[pd.DataFrame, list[str]]:
    """The whole ranking as shown, and its visible column order.

    The frame keeps ``source_id`` for downloads; the order leaves it out of sight and puts the
    profile link next to the city.
    """
    unit = unit_label(meta, per_million)
    table = pd.DataFrame(
        {
            "Rank": frame["rank"].astype("Int64"),
            "City": frame["name"],
            "Country": frame["country_name"],
            "Region": frame["region"].map(terms.region),
        }
    )
    if is_rank(meta):
        table["Published rank"] = frame["value"].astype("Int64")
    elif per_million:
        table[f"Per million ({meta['unit']})"] = frame["value"]
        table[f"Absolute ({meta['unit']})"] = frame["raw_value"]
        table["Population (city proper)"] = frame["population"].astype("Int64")
    else:
        table[f"Value ({unit})"] = frame["value"]
    if previous_year:
        table[change_column(previous_year)] = frame["rank_change"].astype("float64")
        table["Previous rank"] = frame["previous_rank"].astype("float64")
    table["Year"] = frame["year"].astype("Int64")
    table["Geography"] = frame["geography"]
    table["Basis"] = frame["basis"].map(basis_name)
    table["Note"] = frame["note"]
    table["Source"] = frame["publisher"]
    table["Profile"] = frame["profile"]
    table["source_id"] = frame["source_id"]
    order = [c for c in table.columns if c not in ("source_id", "Profile")]
    order.insert(order.index("City") + 1, "Profile")
    return table, order
