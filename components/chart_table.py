"""The ranking table beside a chart: the same rows, with Streamlit column settings as data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from atlas.i18n import N_, _
from components import chart_frame

# --------------------------------------------------------------------------------------------
# Table spec
# --------------------------------------------------------------------------------------------

# Marked here, translated where a column is labelled (no language is chosen at import).
_DEFAULT_LABELS = {
    "name": N_("City"),
    "ascii_name": N_("City (ASCII)"),
    "country": N_("Country"),
    "country_name": N_("Country"),
    "region": N_("Region"),
    "rank": N_("Rank"),
    "year": N_("Year"),
    "population": N_("Population"),
    "rank_change": N_("Change in rank"),
    "previous_rank": N_("Previous rank"),
    "basis": N_("Basis"),
    "note": N_("Note"),
    "unit_name": N_("Published unit"),
}


def _number_format(col: str, values: pd.Series) -> str:
    """printf formats understood by st.dataframe; years must not get a thousands separator."""
    clean = values.dropna()
    if col == "year" or col.endswith("_year") or "rank" in col:
        return "%d" if clean.empty or bool((clean % 1 == 0).all()) else "%.1f"
    if clean.empty or bool((clean % 1 == 0).all()):
        return "%,d"
    if clean.abs().max() >= 1000:
        return "localized"
    return "%.3f" if clean.abs().max() < 1 else "%.2f"


def ranking_table_spec(
    df: pd.DataFrame,
    columns: list[str],
    unit: str,
    year_label: str | None = None,
    *,
    value_col: str = "value",
    rank_col: str = "rank",
    higher_is_better: bool = True,
    source_line: str | None = None,
    labels: Mapping[str, str] | None = None,
    formats: Mapping[str, str] | None = None,
    help_texts: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Keyword arguments for ``st.dataframe(**spec)``: a sortable table beside the chart.

    Returned as plain dicts (the shape ``st.column_config.*Column`` produces) so this module
    stays free of Streamlit and the spec can be tested. Cities without a value stay in the
    table, sorted last and shown empty: a table can show a gap honestly where a bar cannot.
    Text is not escaped here because st.dataframe draws cells as text, not HTML; ``help`` is
    Markdown, so unit and source are quoted as plain words.
    """
    chart_frame.require_columns(df, columns)
    data = df.loc[:, list(columns)].copy()
    if rank_col in data.columns:
        data = data.sort_values(rank_col, na_position="last", kind="stable")
    elif value_col in data.columns:
        data = data.sort_values(
            value_col, ascending=not higher_is_better, na_position="last", kind="stable"
        )
    data = data.reset_index(drop=True)

    direction = _("Higher is better.") if higher_is_better else _("Lower is better (1 = best).")
    rank_help = (
        _("1 = best; tied cities share a rank, {year}.").format(year=year_label)
        if year_label
        else _("1 = best; tied cities share a rank.")
    )
    value_help = (
        _("In {unit}, {year}.").format(unit=unit, year=year_label)
        if year_label
        else _("In {unit}.").format(unit=unit)
    )
    value_help += " " + direction + " " + _("Empty = no data (not 0).")
    if source_line:
        value_help += " " + _("Source: {source}.").format(source=source_line)
    default_help = {rank_col: rank_help, value_col: value_help}
    labels = dict(labels or {})
    formats = dict(formats or {})
    help_texts = dict(help_texts or {})

    column_config: dict[str, dict[str, Any]] = {}
    for col in columns:
        label = (
            labels.get(col)
            or (
                _("Value ({unit})").format(unit=unit)
                if col == value_col
                else (_(_DEFAULT_LABELS[col]) if col in _DEFAULT_LABELS else None)
            )
            or col.replace("_", " ").capitalize()
        )
        entry: dict[str, Any] = {"label": label}
        help_text = help_texts.get(col, default_help.get(col))
        if help_text:
            entry["help"] = help_text
        if pd.api.types.is_numeric_dtype(data[col]) and not pd.api.types.is_bool_dtype(data[col]):
            entry["type_config"] = {
                "type": "number",
                "format": formats.get(col) or _number_format(col, chart_frame.numeric(data[col])),
            }
        else:
            entry["type_config"] = {"type": "text"}
        column_config[col] = entry

    return {
        "data": data,
        "column_config": column_config,
        "column_order": list(columns),
        "hide_index": True,
    }
