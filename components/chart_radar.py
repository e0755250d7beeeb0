"""A radar of several cities over the same indicators, each axis scaled to the cities shown."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from atlas.i18n import _, ngettext
from atlas.numbers import format_count, format_number, no_data
from components import chart_frame, theme
from components.chart_frame import base_layout, escape_text

# --------------------------------------------------------------------------------------------
# Radar
# --------------------------------------------------------------------------------------------


def _translucent(colour: str, alpha: float) -> str:
    r, g, b, _alpha = theme.hex_to_rgb(colour)
    return f"rgba({r},{g},{b},{alpha})"


def radar(
    df_long: pd.DataFrame,
    city_col: str,
    axis_col: str,
    value_col: str,
    title: str,
    normalisation_note: str,
    source_line: str,
    *,
    axis_order: Sequence[str] | None = None,
    scale: float | None = None,
    year_label: str | None = None,
    presentation: bool = False,
    dark: bool = False,
) -> go.Figure:
    """Profile shape per city on already-normalised axes; the normalisation is the subtitle.

    The scale (0–1 or 0–100) is read from the data unless ``scale`` says it (a 0–100 index
    whose shown values all sit below 1 would otherwise be misread), and a value outside it is
    an error: a radar of raw counts would let the largest indicator dominate silently. A
    missing axis is a gap in the outline (never a point at the centre, which would read as 0);
    cities with no value at all are dropped and counted. At least three axes are required:
    below that the shape carries no information and a bar chart is the honest choice.
    """
    chart_frame.require_columns(df_long, [city_col, axis_col, value_col])
    if not (normalisation_note or "").strip():
        raise ValueError("normalisation_note is required: a radar is unreadable without it")
    data = df_long.copy()
    data["_value"] = chart_frame.numeric(data[value_col])
    axes = list(axis_order) if axis_order is not None else list(pd.unique(data[axis_col].dropna()))
    if len(axes) < 3:
        raise ValueError(f"radar needs at least 3 axes, got {len(axes)}; use a bar chart")
    valid = data["_value"].dropna()
    if scale is None:
        scale = 100.0 if not valid.empty and valid.max() > 1 else 1.0
    if scale not in (1, 100):
        raise ValueError("radar scale must be 1 (0–1) or 100 (0–100)")
    if not valid.empty and (valid.min() < 0 or valid.max() > scale):
        raise ValueError(f"radar values must be normalised to [0, {scale:g}]")

    cities = list(pd.unique(data[city_col].dropna()))
    has_value = data["_value"].notna().groupby(data[city_col], sort=False).any()
    missing = [str(c) for c in cities if not has_value.get(c, False)]
    cities = [c for c in cities if has_value.get(c, False)]

    theta = [escape_text(a) for a in axes]
    fig = go.Figure()
    partial = 0
    for i, city in enumerate(cities):
        rows = data.loc[data[city_col] == city].drop_duplicates(subset=[axis_col], keep="first")
        by_axis = dict(zip(rows[axis_col], rows["_value"], strict=True))
        r = [None if pd.isna(by_axis.get(a, np.nan)) else float(by_axis[a]) for a in axes]
        incomplete = any(v is None for v in r)
        partial += incomplete
        name = escape_text(city)
        colour = theme.categorical_colour(i)
        customdata = [
            [name, t, no_data() if v is None else format_number(v)]
            for t, v in zip(theta, r, strict=True)
        ]
        fig.add_trace(
            go.Scatterpolar(
                r=[*r, r[0]],  # close the outline
                theta=[*theta, theta[0]],
                name=name,
                mode="lines+markers",
                connectgaps=False,
                line={"color": colour, "width": 2},
                marker={"color": colour, "size": 6},
                # a filled outline with a gap would close through the centre, i.e. through 0
                fill="none" if incomplete else "toself",
                fillcolor=_translucent(colour, 0.08),
                customdata=[*customdata, customdata[0]],
                hovertemplate=chart_frame.HOVER_NAME_AXIS_VALUE,
            )
        )
    title_text = chart_frame.compose_title(
        title, _("0–{top} scale").format(top=format_number(scale)), year_label
    )
    fig.update_layout(**base_layout(title_text, presentation, dark, normalisation_note))
    fig.update_layout(
        polar={
            "radialaxis": {"range": [0, scale], "showline": False},
            "angularaxis": {"direction": "clockwise", "rotation": 90},
            "bgcolor": chart_frame.TRANSPARENT,
        },
        showlegend=True,
    )
    if not cities:
        chart_frame.no_data(fig, presentation)
    notes = [chart_frame.missing_note(len(missing), ("city", "cities"))] if missing else []
    if partial:
        notes.append(
            ngettext(
                "{n} city without some axes: gaps in the outline, not zeros.",
                "{n} cities without some axes: gaps in the outline, not zeros.",
                partial,
            ).format(n=format_count(partial))
        )
    return chart_frame.finish(fig, source_line, presentation, missing, notes)
