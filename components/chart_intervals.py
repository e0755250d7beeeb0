"""Rank stability: each city's median rank with the interval its rank falls in across draws."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from atlas.i18n import _
from atlas.numbers import format_count, format_number
from components import chart_frame
from components.chart_frame import base_layout, escape_text

# --------------------------------------------------------------------------------------------
# Rank stability intervals
# --------------------------------------------------------------------------------------------


def interval_chart(
    df: pd.DataFrame,
    name_col: str,
    median_col: str,
    low_col: str,
    high_col: str,
    base_rank_col: str,
    title: str,
    source_line: str,
    *,
    year_label: str | None = None,
    interval_label: str = "5th–95th percentile",
    highlight: set[str] | None = None,
    top_n: int | None = None,
    id_col: str = "city_id",
    presentation: bool = False,
    dark: bool = False,
) -> go.Figure:
    """How stable each rank is: median rank with a low–high interval, in base-rank order.

    Readers over-trust a single rank; the interval (by default the 5th–95th percentile of
    ranks across perturbed weightings or samples) shows which places are really
    distinguishable. The base rank is drawn as a second, hollow marker so a shift of the
    median away from it is visible. Intervals that do not contain their median are rejected.
    """
    cols = [name_col, median_col, low_col, high_col, base_rank_col]
    chart_frame.require_columns(df, cols)
    data = df.copy()
    for col in (median_col, low_col, high_col, base_rank_col):
        data[f"_{col}"] = chart_frame.numeric(data[col])
    numeric = [f"_{c}" for c in (median_col, low_col, high_col, base_rank_col)]
    key_col = id_col if id_col in data.columns else name_col
    absent = data[numeric].isna().any(axis=1)
    missing = chart_frame.missing_keys(data, absent, key_col)
    data = data.loc[~absent]
    med, low, high, base = (data[c] for c in numeric)
    if bool(((low > med) | (med > high)).any()):
        raise ValueError("each interval must satisfy low <= median <= high")

    data = data.assign(_name_sort=data[name_col].astype("string").fillna(""))
    data = data.sort_values([f"_{base_rank_col}", f"_{median_col}", "_name_sort"], kind="stable")
    n_total = len(data)
    if top_n is not None and top_n < n_total:
        cutoff = data[f"_{base_rank_col}"].iloc[max(top_n, 1) - 1]
        data = data.loc[data[f"_{base_rank_col}"] <= cutoff]
    med, low, high, base = (data[c] for c in numeric)

    highlighted = chart_frame.highlight_mask(data, highlight, [key_col, name_col]).tolist()
    names = [escape_text(n) for n in data[name_col]]
    labels = [
        f"<b>{chart_frame.format_rank(b)}. {n}</b>" if h else f"{chart_frame.format_rank(b)}. {n}"
        for n, b, h in zip(names, base, highlighted, strict=True)
    ]
    labels = chart_frame.unique_labels(labels, [str(k) for k in data[key_col]])
    interval_text = escape_text(interval_label)
    customdata = [
        [
            n,
            chart_frame.format_rank(b),
            format_number(m),
            format_number(lo),
            format_number(hi),
            interval_text,
        ]
        for n, b, m, lo, hi in zip(names, base, med, low, high, strict=True)
    ]
    size = chart_frame.font_size(presentation)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=med.tolist(),
            y=labels,
            mode="markers",
            name=escape_text(_("Median rank ({interval} interval)")).format(interval=interval_text),
            marker={
                "color": [
                    chart_frame.HIGHLIGHT_COLOUR if h else chart_frame.BASE_COLOUR
                    for h in highlighted
                ],
                "size": 12 if presentation else 9,
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (high - med).tolist(),
                "arrayminus": (med - low).tolist(),
                "color": chart_frame.BASE_COLOUR,
                "thickness": 2,
                "width": 4,
            },
            customdata=customdata,
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>"
                + escape_text(_("Base rank {rank}")).format(rank="%{customdata[1]}")
                + "<br>"
                + escape_text(_("Median rank {rank}")).format(rank="%{customdata[2]}")
                + "<br>%{customdata[5]}: %{customdata[3]}–%{customdata[4]}<extra></extra>"
            ),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=base.tolist(),
            y=labels,
            mode="markers",
            name=_("Base rank"),
            marker={
                "color": chart_frame.REFERENCE_COLOUR,
                "symbol": "diamond-open",
                "size": 11 if presentation else 8,
            },
            hoverinfo="skip",
        )
    )
    subtitle = [
        _("Dot = median rank, bar = {interval}, ◇ = base rank").format(interval=interval_label),
        _("1 = best"),
    ]
    if len(data) < n_total:
        subtitle.append(
            _("top {shown} of {total}").format(
                shown=format_count(len(data)), total=format_count(n_total)
            )
        )
    fig.update_layout(
        **base_layout(
            chart_frame.compose_title(title, _("rank"), year_label),
            presentation,
            dark,
            subtitle,
        )
    )
    # The subtitle is the legend: a plotly legend would collide with it at the top.
    fig.update_layout(showlegend=False)
    fig.update_yaxes(
        type="category", autorange="reversed", automargin=True, tickfont={"size": size}
    )
    x_axis: dict[str, Any] = {"title": {"text": _("Rank (1 = best)")}}
    if not data.empty:
        lo_x, hi_x = float(min(low.min(), base.min())), float(max(high.max(), base.max()))
        x_axis["range"] = [max(lo_x - 0.5, 0), hi_x + 0.5]  # no rank 0 or below
        x_axis.update(chart_frame.integer_ticks(hi_x - lo_x))
    fig.update_xaxes(**x_axis)
    if data.empty:
        chart_frame.no_data(fig, presentation)
    notes = [chart_frame.missing_note(len(missing), ("city", "cities"))] if missing else []
    fig = chart_frame.finish(fig, source_line, presentation, missing, notes)
    return chart_frame.fit_height(fig, len(data), presentation)
