"""Colour legends drawn as small plotly figures, so their type scales for a projector.

A legend in a data grid cannot grow its font; a figure can, and it stays text (SVG), with
data labels escaped before plotly's pseudo-HTML renderer sees them.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from components import theme
from components.charts import escape_text

ROW_PX = 26
PRESENTATION_ROW_PX = 40


def legend_figure(
    items: Sequence[tuple[str, str]],
    title: str,
    *,
    presentation: bool = False,
    dark: bool = False,
) -> go.Figure:
    """One square swatch and label per (label, hex colour) row, title on top."""
    size = theme.PRESENTATION_FONT_SIZE if presentation else theme.BASE_FONT_SIZE
    row = PRESENTATION_ROW_PX if presentation else ROW_PX
    ink = theme.LAND_LIGHT if dark else "#111111"
    n = len(items)
    fig = go.Figure(
        go.Scatter(
            x=[0] * n,
            y=list(range(n, 0, -1)),
            mode="markers+text",
            marker={
                "symbol": "square",
                "size": round(size * 1.1),
                "color": [colour for _, colour in items],
                "line": {"width": 1, "color": theme.BORDER_LIGHT},
            },
            text=[escape_text(label) for label, _ in items],
            textposition="middle right",
            textfont={"family": theme.FONT_FAMILY, "size": size, "color": ink},
            hoverinfo="skip",
        )
    )
    fig.update_layout(
        title={
            "text": f"<b>{escape_text(title)}</b>",
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 4},
            "font": {"family": theme.FONT_FAMILY, "size": size, "color": ink},
        },
        height=row * (n + 1) + 8,
        margin={"l": 4, "r": 4, "t": row, "b": 4},
        xaxis={"visible": False, "range": [-0.1, 1.0], "fixedrange": True},
        yaxis={"visible": False, "range": [0.5, n + 0.5], "fixedrange": True},
        showlegend=False,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig


LEGEND_CONFIG = {"staticPlot": True, "displayModeBar": False}
