"""The data side of the Index builder: from the long values table to the wide matrix that
``atlas.composite`` works on, and from a computed index back to long rows that the rest of the
Atlas can rank, compare and map like any other indicator.

Kept apart from ``atlas.composite`` (the method) and from the page (widgets) so that both
conversions are plain functions a test can pin down: which figure a city contributes (its
latest, or its latest up to a chosen year), and what the index looks like once it becomes a
session indicator.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from atlas import catalogue
from atlas.composite import IndexResult
from atlas.i18n import N_, _, ngettext
from atlas.numbers import format_count, format_share

INDEX_ID = "user_index"
# English source texts; the session's catalogue row gets them in the run's language.
INDEX_LABEL = N_("Your composite index")
INDEX_UNIT = N_("score (0–100)")
INDEX_GEO_UNIT = N_("mixed: see the Index builder")
INDEX_SOURCE = "atlas-derived"

VALUE_COLUMNS = ("city_id", "indicator_id", "year", "value", "source_id", "unit_name", "basis")


@dataclass(frozen=True, eq=False)
class IndexInputs:
    """The figures an index is built from, one per city and indicator.

    ``matrix`` (index city_id, one column per requested indicator that has at least one
    figure) holds the values, NaN where a city has none; ``rows`` are the long value rows
    behind it (with year, source, unit name and note) so every number can be traced;
    ``empty`` lists requested indicators with no figure for any of the cities.
    """

    matrix: pd.DataFrame
    rows: pd.DataFrame
    empty: tuple[str, ...]


def index_inputs(
    values: pd.DataFrame,
    city_ids: Iterable[str],
    indicator_ids: Sequence[str],
    year: int | None = None,
) -> IndexInputs:
    """Each city's latest figure per indicator, or its latest up to ``year`` when one is set.

    The same rule as the shared year filter (``atlas.filters.values_for``), so the index and
    the Rankings page agree on which figure a city has. Cities keep the order given; cities
    without any figure stay as all-NaN rows, so the index can report them as left out.
    """
    cities = pd.Index(list(dict.fromkeys(city_ids)), name="city_id")
    wanted = list(dict.fromkeys(indicator_ids))
    rows = values.loc[values["indicator_id"].isin(wanted) & values["city_id"].isin(cities)]
    if year is not None:
        rows = rows.loc[rows["year"] <= year]
    rows = rows.sort_values("year", kind="stable").drop_duplicates(
        ["city_id", "indicator_id"], keep="last"
    )
    present = [i for i in wanted if i in set(rows["indicator_id"])]
    empty = tuple(i for i in wanted if i not in present)
    matrix = (
        rows.pivot(index="city_id", columns="indicator_id", values="value")
        .reindex(index=cities, columns=present)
        .astype("float64")
    )
    matrix.columns.name = None
    rows = rows.sort_values(["city_id", "indicator_id"], kind="stable").reset_index(drop=True)
    return IndexInputs(matrix=matrix, rows=rows, empty=empty)


def settings_token(*parts: object) -> str:
    """A short, stable fingerprint of everything that produced an index, so the session's
    copy is replaced exactly when the index changes (and other pages' caches notice)."""
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def index_catalogue_row(description: str) -> pd.DataFrame:
    """The catalogue row that makes the index an indicator like any other for this session."""
    text = {
        "indicator_id": INDEX_ID,
        "label": _(INDEX_LABEL),
        "unit": _(INDEX_UNIT),
        "group": "outputs",
        "geo_unit": _(INDEX_GEO_UNIT),
        "value_type": "score",
        "description": description,
        "default_source_id": INDEX_SOURCE,
        "per_million_note": _("A composite score cannot be divided by population."),
    }
    flags = {"higher_is_better": True, "derived": False, "per_million": False}
    columns = {k: pd.array([v], dtype="string") for k, v in text.items()}
    columns |= {k: pd.array([v], dtype="boolean") for k, v in flags.items()}
    return pd.DataFrame({k: columns[k] for k in catalogue.COLUMNS})


def index_value_rows(
    result: IndexResult,
    stability: pd.DataFrame,
    inputs: IndexInputs,
) -> pd.DataFrame:
    """One long value row per ranked city, in the Atlas's values layout.

    ``year`` is the most recent year among the figures the city's score uses (a score is as
    recent as its newest input and no more), and the note says how many indicators it rests
    on, the span of their years and how stable its rank is, so the index keeps its caveats
    wherever it is shown.
    """
    table = result.table
    used = used_rows(result, inputs)
    years = used.groupby("city_id")["year"].agg(["min", "max", "size"]).reindex(table.index)
    first = years["min"].astype("int64").tolist()
    last = years["max"].astype("int64").tolist()
    count = years["size"].astype("int64").tolist()
    coverage = table["coverage"].tolist()
    rank = table["rank"].tolist()
    n_ind = len(result.weights)
    draws = int(stability.attrs.get("draws", 0))
    stab = stability.reindex(table.index)
    low, high = stab["rank_p05"].tolist(), stab["rank_p95"].tolist()
    notes = []
    for k in range(len(table)):
        span = str(last[k]) if first[k] == last[k] else f"{first[k]}–{last[k]}"
        fields = {
            "n": format_count(count[k]),
            "total": format_count(n_ind),
            "years": span,
            "coverage": format_share(coverage[k]),
        }
        if draws and not pd.isna(low[k]):
            note = ngettext(
                "Composite index from the Index builder: {n} of {total} indicator (figures "
                "{years}), coverage {coverage}; rank {rank}, {low}–{high} in {ninety} of {draws} "
                "random weightings.",
                "Composite index from the Index builder: {n} of {total} indicators (figures "
                "{years}), coverage {coverage}; rank {rank}, {low}–{high} in {ninety} of {draws} "
                "random weightings.",
                n_ind,
            ).format(
                **fields,
                rank=int(rank[k]),
                low=int(low[k]),
                high=int(high[k]),
                draws=format_count(draws),
                ninety=format_share(0.9),
            )
        else:
            note = ngettext(
                "Composite index from the Index builder: {n} of {total} indicator (figures "
                "{years}), coverage {coverage}.",
                "Composite index from the Index builder: {n} of {total} indicators (figures "
                "{years}), coverage {coverage}.",
                n_ind,
            ).format(**fields)
        notes.append(note)
    n = len(table)
    return pd.DataFrame(
        {
            "city_id": pd.array(table.index.astype(str), dtype="string"),
            "indicator_id": pd.array([INDEX_ID] * n, dtype="string"),
            "year": pd.array(last, dtype="Int64"),
            "value": table["score"].to_numpy(dtype="float64"),
            "source_id": pd.array([INDEX_SOURCE] * n, dtype="string"),
            "unit_name": pd.Series([None] * n, dtype="object").to_numpy(),
            "basis": pd.array(["derived"] * n, dtype="string"),
            "note": pd.array(notes, dtype="string"),
        }
    )


def used_rows(result: IndexResult, inputs: IndexInputs) -> pd.DataFrame:
    """The input rows a result actually rests on: weighted indicators, ranked cities."""
    rows = inputs.rows
    keep = rows["indicator_id"].isin(list(result.weights)) & rows["city_id"].isin(
        result.table.index
    )
    return rows.loc[keep]


def contribution_frame(
    result: IndexResult,
    names: Mapping[str, str],
    labels: Mapping[str, str],
) -> pd.DataFrame:
    """The ranked table a reader checks a score against: rank, score, coverage and the points
    each indicator adds (NaN where the city has no figure and the policy re-weights)."""
    table = result.table
    out = pd.DataFrame(
        {
            _("Rank"): table["rank"].to_numpy(dtype="int64"),
            _("City"): [names.get(c, c) for c in table.index],
            _("Score"): table["score"].round(2).to_numpy(),
            _("Coverage (%)"): (100 * table["coverage"]).round(0).to_numpy(),
        }
    )
    for indicator in result.weights:
        column = table[f"contrib_{indicator}"].to_numpy(dtype="float64")
        out[_("{indicator} (points)").format(indicator=labels.get(indicator, indicator))] = (
            np.round(column, 2)
        )
    out.insert(0, "city_id", table.index.astype(str))
    return out
