"""Lines over the years: one indicator (time series), several (small multiples), and the
openings of hubs per year."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from atlas.i18n import _, ngettext
from atlas.numbers import format_count, format_number, no_data
from components import chart_frame, theme
from components.chart_frame import base_layout, escape_text

# --------------------------------------------------------------------------------------------
# Time series and small multiples
# --------------------------------------------------------------------------------------------


def _series_keys(data: pd.DataFrame, color: str, id_col: str) -> tuple[str, dict[Any, str]]:
    """Group lines by city_id when there is one, so two cities sharing a name stay apart."""
    key_col = id_col if id_col in data.columns else color
    firsts = data.drop_duplicates(subset=[key_col], keep="first")
    names = [
        escape_text(n) or escape_text(k)
        for n, k in zip(firsts[color], firsts[key_col], strict=True)
    ]
    unique = chart_frame.unique_labels(names, [str(k) for k in firsts[key_col]])
    return key_col, dict(zip(firsts[key_col], unique, strict=True))


def _year_axis(years: pd.Series) -> dict[str, Any]:
    """Whole years on the axis: never 2,020 nor 2020.5; one tick per year while they fit."""
    spec: dict[str, Any] = {"tickformat": "d"}
    clean = years.dropna()
    if not clean.empty and clean.max() - clean.min() <= 12:
        spec["dtick"] = 1
    return spec


def time_series(
    df_long: pd.DataFrame,
    *,
    title: str,
    unit: str,
    source_line: str,
    x: str = "year",
    y: str = "value",
    color: str = "name",
    lower_is_better: bool = False,
    id_col: str = "city_id",
    highlight: set[str] | None = None,
    presentation: bool = False,
    dark: bool = False,
) -> go.Figure:
    """One line per city over the years; markers always on, since editions are often sparse.

    For ranks (``lower_is_better``) the y-axis is reversed so rank 1 sits at the top and a
    rising line means improving, and the subtitle says so. Rows without a value are dropped;
    lines join the years that do have one, and the markers show which years those are.
    """
    chart_frame.require_columns(df_long, [x, y, color])
    data = df_long.copy()
    data["_value"] = chart_frame.numeric(data[y])
    data["_x"] = chart_frame.numeric(data[x]) if x == "year" else data[x]
    key_col, names = _series_keys(data, color, id_col)
    absent = data["_value"].isna() | pd.isna(data["_x"])
    valid = data.loc[~absent]
    present = set(valid[key_col])
    missing = [str(k) for k in names if k not in present]

    size = chart_frame.font_size(presentation)
    hi_keys = set(
        valid.loc[chart_frame.highlight_mask(valid, highlight, [key_col, color]), key_col]
    )
    unit_text = escape_text(unit)
    fig = go.Figure()
    for i, key in enumerate(k for k in names if k in present):
        rows = valid.loc[valid[key_col] == key].sort_values("_x", kind="stable")
        colour = theme.categorical_colour(i)
        emphasised = not hi_keys or key in hi_keys
        values = rows["_value"].tolist()
        fig.add_trace(
            go.Scatter(
                x=rows["_x"].tolist(),
                y=values,
                name=names[key],
                mode="lines+markers",
                line={"color": colour, "width": 3 if key in hi_keys else 2},
                marker={"color": colour, "size": 10 if presentation else 7},
                opacity=1.0 if emphasised else 0.45,
                customdata=[[names[key], f"{format_number(v)} {unit_text}"] for v in values],
                hovertemplate=chart_frame.HOVER_NAME_X_VALUE,
            )
        )

    years = chart_frame.year_span(valid["_x"]) if x == "year" else ""
    subtitle_parts = []
    if lower_is_better:
        subtitle_parts.append(_("Axis reversed: 1 = best, at the top"))
    if hi_keys:
        subtitle_parts.append(_("selected cities drawn thicker"))
    fig.update_layout(
        **base_layout(
            chart_frame.compose_title(title, unit, years),
            presentation,
            dark,
            subtitle_parts,
        )
    )
    fig.update_layout(hovermode="closest", legend={"title": {"text": ""}})
    x_title = _("Year") if x == "year" else escape_text(x)
    fig.update_xaxes(title={"text": x_title}, **(_year_axis(valid["_x"]) if x == "year" else {}))
    y_axis: dict[str, Any] = {"title": {"text": unit_text}, "tickfont": {"size": size}}
    if lower_is_better:
        y_axis["autorange"] = "reversed"
        if not valid.empty:
            y_axis.update(chart_frame.integer_ticks(valid["_value"].max() - valid["_value"].min()))
    fig.update_yaxes(**y_axis)
    if valid.empty:
        chart_frame.no_data(fig, presentation)

    notes = [chart_frame.missing_note(len(missing), ("city", "cities"))] if missing else []
    gap_rows_of_present = int(data.loc[absent, key_col].isin(present).sum())
    if gap_rows_of_present > 0:
        notes.append(
            ngettext(
                "{n} year without a value skipped (lines join the years with data).",
                "{n} years without a value skipped (lines join the years with data).",
                gap_rows_of_present,
            ).format(n=format_count(gap_rows_of_present))
        )
    return chart_frame.finish(fig, source_line, presentation, missing, notes)


def small_multiples(
    df_long: pd.DataFrame,
    facet_col: str,
    *,
    title: str,
    source_line: str,
    units: Mapping[str, str] | None = None,
    unit_col: str = "unit",
    facet_labels: Mapping[str, str] | None = None,
    lower_is_better: Iterable[str] | None = None,
    x: str = "year",
    y: str = "value",
    color: str = "name",
    id_col: str = "city_id",
    columns: int = 3,
    presentation: bool = False,
    dark: bool = False,
) -> go.Figure:
    """One mini time series per indicator, each with its own y scale and unit.

    Indicators with different units must never share an axis, hence one subplot each with the
    unit in its title. Units come from ``units`` (facet -> unit) or the frame's ``unit_col``;
    a facet without a unit is an error. Facets that are ranks (listed in ``lower_is_better``,
    or ``higher_is_better`` False in the frame, or unit "rank") get a reversed axis. A city
    keeps one colour and one legend entry across all panels.
    """
    chart_frame.require_columns(df_long, [facet_col, x, y, color])
    data = df_long.copy()
    data["_value"] = chart_frame.numeric(data[y])
    data["_x"] = chart_frame.numeric(data[x]) if x == "year" else data[x]
    facets = list(pd.unique(data[facet_col].dropna()))

    unit_of: dict[Any, str] = dict(units or {})
    for facet in facets:
        if facet not in unit_of and unit_col in data.columns:
            found = data.loc[data[facet_col] == facet, unit_col].dropna()
            if not found.empty:
                unit_of[facet] = str(found.iloc[0])
    without_unit = [f for f in facets if not unit_of.get(f)]
    if without_unit:
        raise ValueError(f"no unit for facet(s) {without_unit}; pass units= or a unit column")

    reversed_facets = set(lower_is_better or ())
    if "higher_is_better" in data.columns:
        flags = data.drop_duplicates(subset=[facet_col]).set_index(facet_col)["higher_is_better"]
        reversed_facets |= {f for f, hib in flags.items() if not pd.isna(hib) and not bool(hib)}
    reversed_facets |= {f for f in facets if unit_of[f].strip().lower() == "rank"}

    key_col, names = _series_keys(data, color, id_col)
    absent = data["_value"].isna() | pd.isna(data["_x"])
    valid = data.loc[~absent]
    present = set(valid[key_col])
    missing = [str(k) for k in names if k not in present]
    colour_of = {
        k: theme.categorical_colour(i) for i, k in enumerate(k for k in names if k in present)
    }

    n = max(len(facets), 1)
    n_cols = max(1, min(columns, n))
    n_rows = math.ceil(n / n_cols)
    labels = dict(facet_labels or {})
    subplot_titles = []
    for facet in facets:
        text = f"{escape_text(labels.get(facet, facet))} ({escape_text(unit_of[facet])})"
        if facet in reversed_facets:
            text += " ↑ " + escape_text(_("1 = best"))
        if valid.loc[valid[facet_col] == facet].empty:
            text += f" ({escape_text(no_data())})"
        subplot_titles.append(text)
    specs = [
        [{} if r * n_cols + c < len(facets) else None for c in range(n_cols)] for r in range(n_rows)
    ]
    fig = make_subplots(
        rows=n_rows,
        cols=n_cols,
        specs=specs,
        subplot_titles=subplot_titles or None,
        horizontal_spacing=0.08,
        vertical_spacing=min(0.18, 0.5 / n_rows) if n_rows > 1 else 0.1,
    )
    size = chart_frame.font_size(presentation)
    shown: set[Any] = set()
    for idx, facet in enumerate(facets):
        row, col = idx // n_cols + 1, idx % n_cols + 1
        facet_rows = valid.loc[valid[facet_col] == facet]
        unit_text = escape_text(unit_of[facet])
        for key in (k for k in names if k in present):
            rows = facet_rows.loc[facet_rows[key_col] == key].sort_values("_x", kind="stable")
            if rows.empty:
                continue
            values = rows["_value"].tolist()
            fig.add_trace(
                go.Scatter(
                    x=rows["_x"].tolist(),
                    y=values,
                    name=names[key],
                    legendgroup=str(key),
                    showlegend=key not in shown,
                    mode="lines+markers",
                    line={"color": colour_of[key], "width": 2},
                    marker={"color": colour_of[key], "size": 8 if presentation else 5},
                    customdata=[[names[key], f"{format_number(v)} {unit_text}"] for v in values],
                    hovertemplate=chart_frame.HOVER_NAME_X_VALUE,
                ),
                row=row,
                col=col,
            )
            shown.add(key)
        if x == "year":
            fig.update_xaxes(row=row, col=col, **_year_axis(facet_rows["_x"]))
        if facet in reversed_facets:
            fig.update_yaxes(row=row, col=col, autorange="reversed")

    years = chart_frame.year_span(valid["_x"]) if x == "year" else ""
    subtitle = [_("Each panel has its own scale and unit")]
    if reversed_facets & set(facets):
        subtitle.append(_("rank panels reversed (1 = best, at the top)"))
    layout = base_layout(chart_frame.compose_title(title, years), presentation, dark, subtitle)
    # the first row's panel titles sit above the plot area: make room under the subtitle
    layout["margin"]["t"] += round(size * 1.6)
    fig.update_layout(**layout)
    fig.update_layout(height=130 + layout["margin"]["t"] + n_rows * (300 if presentation else 220))
    fig.update_annotations(font={"family": theme.FONT_FAMILY, "size": round(size * 0.9)})
    fig.update_yaxes(tickfont={"size": round(size * 0.85)})
    fig.update_xaxes(tickfont={"size": round(size * 0.85)})
    if valid.empty:
        chart_frame.no_data(fig, presentation)
    notes = [chart_frame.missing_note(len(missing), ("city", "cities"))] if missing else []
    return chart_frame.finish(fig, source_line, presentation, missing, notes)


# --------------------------------------------------------------------------------------------
# Openings timeline
# --------------------------------------------------------------------------------------------


def openings_timeline(
    df: pd.DataFrame,
    year_col: str,
    color_col: str,
    title: str,
    source_line: str,
    *,
    unit: str | None = None,
    items: tuple[str, str] = ("hub", "hubs"),
    category_order: Sequence[str] | None = None,
    id_col: str | None = "hub_id",
    presentation: bool = False,
    dark: bool = False,
) -> go.Figure:
    """Stacked bars: how many hubs (or partnerships) opened each year, by type.

    A zero here is a real zero (nothing listed that year), so it is drawn as no bar on a
    numeric year axis. Records without a year cannot be placed and are counted in the footer;
    a missing type is shown as "not stated" rather than dropped, since the year is known.
    """
    chart_frame.require_columns(df, [year_col, color_col])
    unit = _("openings per year") if unit is None else unit
    data = df.copy()
    data["_year"] = chart_frame.numeric(data[year_col])
    absent = data["_year"].isna()
    if id_col is not None and id_col in data.columns:
        missing = chart_frame.missing_keys(data, absent, id_col)
    else:
        missing = [str(i) for i in data.index[absent]]
    data = data.loc[~absent]
    data["_type"] = data[color_col].astype("string").fillna(_("not stated"))
    counts = data.groupby(["_type", "_year"]).size().rename("n").reset_index()
    totals = counts.groupby("_type")["n"].sum().sort_values(ascending=False, kind="stable")
    order = [c for c in (category_order or []) if c in set(totals.index)]
    order += [c for c in totals.index if c not in order]

    fig = go.Figure()
    for i, category in enumerate(order):
        rows = counts.loc[counts["_type"] == category].sort_values("_year")
        name = escape_text(category)
        fig.add_trace(
            go.Bar(
                x=[int(v) for v in rows["_year"]],
                y=rows["n"].astype(int).tolist(),
                name=name,
                marker={"color": theme.categorical_colour(i)},
                width=0.8,  # one year wide: plotly would otherwise widen to the smallest gap
                customdata=[[name, chart_frame.plural(int(v), items)] for v in rows["n"]],
                hovertemplate=chart_frame.HOVER_NAME_X_VALUE,
            )
        )
    years = chart_frame.year_span(data["_year"])
    fig.update_layout(
        **base_layout(chart_frame.compose_title(title, unit, years), presentation, dark, None)
    )
    fig.update_layout(barmode="stack", bargap=0.15, legend={"traceorder": "normal"})
    fig.update_xaxes(title={"text": _("Year opened")}, **_year_axis(data["_year"]))
    peak = float(counts.groupby("_year")["n"].sum().max()) if not counts.empty else 0.0
    fig.update_yaxes(
        title={"text": escape_text(unit)},
        rangemode="tozero",
        **chart_frame.integer_ticks(peak),
    )
    if data.empty:
        chart_frame.no_data(fig, presentation)
    notes = (
        [chart_frame.missing_note(len(missing), items, "year", "left off the timeline")]
        if missing
        else []
    )
    return chart_frame.finish(fig, source_line, presentation, missing, notes)
