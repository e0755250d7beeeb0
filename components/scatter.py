"""The Inputs and outputs scatter: one input against one output, quadrants named in words.

Axes are turned round for ranks (1 at the right and at the top), so right always means "more
engaged" and up "more productive", and the quadrant names sit in the same corners whatever the
measures. A log scale is used where the figures are all positive and span a wide range. Data
text reaches plotly only through ``customdata`` (escaped), never through the hover template.
No Streamlit here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from atlas.i18n import _
from atlas.numbers import format_number
from components import chart_frame, theme
from components.chart_frame import base_layout, escape_text

#: Smallest max/min ratio for which a log axis reads better than a linear one.
LOG_SPAN = 20.0
_BASE = theme.CATEGORICAL[0]
_HIGHLIGHT = theme.CATEGORICAL[1]
_HOVER = (
    "<b>%{customdata[0]}</b><br>"
    "%{customdata[1]}: %{customdata[2]} (%{customdata[3]}; %{customdata[4]}; %{customdata[5]})<br>"
    "%{customdata[6]}: %{customdata[7]} (%{customdata[8]}; %{customdata[9]}; %{customdata[10]})"
    "<br>%{customdata[11]}<extra></extra>"
)
HOVER_COLUMNS = [
    "label",
    "x_label",
    "x_text",
    "x_year",
    "x_geography",
    "x_source",
    "y_label",
    "y_text",
    "y_year",
    "y_geography",
    "y_source",
    "quadrant",
]


@dataclass(frozen=True)
class Axis:
    """What the builder needs to know of one measure."""

    label: str
    unit: str
    rank: bool  # lower is better: the axis is turned round
    median: float


def use_log(values: pd.Series) -> bool:
    """A log axis for all-positive figures spanning at least ``LOG_SPAN`` times."""
    clean = pd.to_numeric(values, errors="coerce").dropna()
    if clean.empty or (clean <= 0).any():
        return False
    return float(clean.max()) / float(clean.min()) >= LOG_SPAN


def log_ticks(values: pd.Series) -> list[float]:
    """1, 2, 5, 10, 20, 50, ... covering ``values``: plotly's own log ticks repeat '2, 3, 4'
    in every decade, which reads as a different number on each."""
    clean = pd.to_numeric(values, errors="coerce").dropna()
    clean = clean.loc[clean > 0]
    if clean.empty:
        return []
    low = math.floor(math.log10(float(clean.min())))
    high = math.ceil(math.log10(float(clean.max())))
    ticks = [m * 10.0**e for e in range(low, high + 1) for m in (1, 2, 5)]
    return [t for t in ticks if float(clean.min()) / 2 <= t <= float(clean.max()) * 2]


#: Share of the data's span left free at each end of an axis, for the quadrant names.
PAD = 0.12


def _padded_range(values: pd.Series, log: bool, reverse: bool) -> list[float] | None:
    """The axis range with ``PAD`` either side (log axes take log10 units; ranks run from
    high to low so that 1 sits at the right or the top); None when there is nothing to span."""
    clean = pd.to_numeric(values, errors="coerce").dropna()
    if log:
        clean = clean.loc[clean > 0].map(math.log10)
    if clean.empty:
        return None
    low, high = float(clean.min()), float(clean.max())
    span = (high - low) or (abs(high) or 1.0)
    bounds = [low - PAD * span, high + PAD * span]
    return bounds[::-1] if reverse else bounds


def _axis(axis: Axis, log: bool, size: int, values: pd.Series) -> dict:
    title = (
        _("{label} ({unit}; 1 = best)").format(label=axis.label, unit=axis.unit)
        if axis.rank
        else f"{axis.label} ({axis.unit})"
    )
    spec: dict = {
        "title": {"text": escape_text(title), "font": {"size": size}},
        "type": "log" if log else "linear",
        "zeroline": False,
        "showgrid": True,
    }
    padded = _padded_range(values, log, axis.rank)
    if padded is not None:
        spec["range"] = padded  # room in the corners for the quadrant names
    elif axis.rank:
        spec["autorange"] = "reversed"
    if log:
        ticks = log_ticks(values)
        spec["tickvals"] = ticks
        spec["ticktext"] = [format_number(t) for t in ticks]
    return spec


def _two_lines(name: str) -> str:
    """'engaged and<br>productive': a quadrant name in two short lines, so that two names in
    the same row of corners do not run into each other on a phone."""
    for cut in (", ", " and "):
        if cut in name:
            head, tail = name.split(cut, 1)
            return f"{escape_text(head + cut.rstrip())}<br>{escape_text(tail)}"
    # a translated name: break at the space nearest the middle
    spaces = [i for i, ch in enumerate(name) if ch == " "]
    if not spaces:
        return escape_text(name)
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return f"{escape_text(name[:cut])}<br>{escape_text(name[cut + 1 :])}"


def inout_scatter(
    frame: pd.DataFrame,
    x: Axis,
    y: Axis,
    *,
    title: str,
    subtitle: str | Sequence[str] | None,
    source_line: str,
    quadrants: Mapping[tuple[bool, bool], str],
    highlight: Sequence[str] = (),
    log_x: bool = False,
    log_y: bool = False,
    notes: Sequence[str] = (),
) -> go.Figure:
    """Scatter of ``frame`` (columns city_id, x, y and ``HOVER_COLUMNS``), highlighted cities
    marked and labelled, median lines drawn, each quadrant named in its corner."""
    fig = go.Figure()
    layout = base_layout(title, subtitle=subtitle)
    size = layout["font"]["size"]
    fig.update_layout(**layout)
    marked = frame["city_id"].isin(list(highlight))
    for mask, colour, name, marker_size, text in (
        (~marked, _BASE, _("Cities"), 10, None),
        (marked, _HIGHLIGHT, _("Highlighted"), 15, "label"),
    ):
        rows = frame.loc[mask]
        if rows.empty:
            continue
        custom = rows[HOVER_COLUMNS].astype(str).map(chart_frame.escape_text).to_numpy()
        fig.add_trace(
            go.Scatter(
                x=rows["x"],
                y=rows["y"],
                mode="markers+text" if text else "markers",
                name=name,
                text=[escape_text(t) for t in rows[text]] if text else None,
                textposition="top center",
                marker={
                    "size": marker_size,
                    "color": colour,
                    "opacity": 0.85,
                    "line": {"width": 1, "color": "white"},
                },
                customdata=custom,
                hovertemplate=_HOVER,
                ids=list(rows["city_id"]),
            )
        )
    # median lines (add_vline/add_hline take data values, on log axes too)
    for axis, log, direction in ((x, log_x, "v"), (y, log_y, "h")):
        if math.isnan(axis.median) or (log and axis.median <= 0):
            continue
        at = axis.median
        line = {"color": theme.NO_DATA_COLOUR, "width": 1, "dash": "dot"}
        if direction == "v":
            fig.add_vline(x=at, line=line)
        else:
            fig.add_hline(y=at, line=line)
    corners = {
        (True, True): (0.99, 0.99, "right", "top"),
        (False, True): (0.01, 0.99, "left", "top"),
        (True, False): (0.99, 0.01, "right", "bottom"),
        (False, False): (0.01, 0.01, "left", "bottom"),
    }
    for key, (px, py, xanchor, yanchor) in corners.items():
        fig.add_annotation(
            name="quadrant",
            text=f"<i>{_two_lines(quadrants[key])}</i>",
            xref="paper",
            yref="paper",
            x=px,
            y=py,
            xanchor=xanchor,
            yanchor=yanchor,
            showarrow=False,
            font={"size": round(size * 0.85), "color": "#555555"},
            bgcolor="rgba(255,255,255,0.7)",
        )
    fig.update_layout(
        xaxis=_axis(x, log_x, size, frame["x"]),
        yaxis=_axis(y, log_y, size, frame["y"]),
        showlegend=bool(marked.any()),
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"},
        height=560,
        hovermode="closest",
    )
    if frame.empty:
        fig.add_annotation(
            text=_("No city has both figures in this view"),
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
        )
    chart_frame.add_source(fig, source_line, notes=[escape_text(n) for n in notes])
    return fig
