"""The partnership network as a plotly node-link drawing: positions in, ``go.Figure`` out.

A map shows where partners are; this drawing shows how the network hangs together (who sits
at its centre, which cities bridge otherwise separate clusters). Positions come from
``atlas.network.layout`` so the picture is the same on every rerun. Node size follows the
number of partner cities, colour the world region (the colour-blind-safe palette in
:mod:`components.theme`); data text is escaped before plotly's HTML-like renderer sees it.
Nothing here imports Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from atlas import terms
from atlas.i18n import N_, _
from atlas.numbers import format_value
from components import chart_frame, theme
from components.chart_frame import base_layout, escape_text

NODE_COLUMNS: tuple[str, ...] = ("city_id", "name", "region", "x", "y", "degree")
EDGE_COLUMNS: tuple[str, ...] = ("city_a_id", "city_b_id", "weight")
UNKNOWN_REGION = N_("region not known")
MIN_NODE_PX = 6.0
MAX_NODE_PX = 26.0
LABELLED_NODES = 12  # names written beside the best-connected nodes; the rest on hover


def _hover() -> str:
    """The node's hover text in the run's language (its figures come formatted in customdata)."""
    return (
        "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
        + escape_text(_("Partner cities: {n}").format(n="%{customdata[2]}"))
        + "<br>"
        + escape_text(_("Agreements: {n}").format(n="%{customdata[3]}"))
        + "<br>"
        + escape_text(_("Bridging (betweenness): {n}").format(n="%{customdata[4]}"))
        + "<extra></extra>"
    )


def region_colours(regions: Sequence[str]) -> dict[str, str]:
    """Region -> palette colour in the given (documented) order, so colours never depend on
    which regions a filter leaves on screen."""
    return {region: theme.categorical_colour(i) for i, region in enumerate(regions)}


def _require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: missing column(s) {missing}; frame has {list(frame.columns)}")


def node_sizes(degree: pd.Series) -> pd.Series:
    """Marker diameter in px: area grows with the number of partner cities (square root), so
    a city with four times the partners looks four times as big, not sixteen."""
    values = pd.to_numeric(degree, errors="coerce").fillna(0).clip(lower=0)
    top = float(values.max()) if len(values) else 0.0
    if top <= 0:
        return pd.Series(MIN_NODE_PX, index=degree.index)
    return MIN_NODE_PX + (MAX_NODE_PX - MIN_NODE_PX) * (values / top).map(math.sqrt)


def spread_out(x: pd.Series, y: pd.Series, power: float = 0.55) -> tuple[pd.Series, pd.Series]:
    """Ease a spring layout's crowded centre: each node keeps its direction from the centre,
    its distance r (as a share of the farthest) becomes r**power. Positions in a node-link
    drawing carry no meaning beyond 'close = linked', and a hub-and-spoke network otherwise
    packs its best-connected cities into an unreadable knot."""
    cx, cy = float(x.mean()), float(y.mean())
    dx, dy = x - cx, y - cy
    r = (dx**2 + dy**2) ** 0.5
    top = float(r.max()) if len(r) else 0.0
    if top <= 0:
        return x, y
    scale = (r / top) ** power * top / r.where(r > 0, 1.0)
    return cx + dx * scale, cy + dy * scale


def _edge_trace(nodes: pd.DataFrame, edges: pd.DataFrame, heavy: bool, dark: bool) -> go.Scatter:
    xs: list[float | None] = []
    ys: list[float | None] = []
    # a dict, not a pandas cell lookup per end: thousands of lookups took half the drawing
    pos = dict(
        zip(
            nodes["city_id"].tolist(),
            zip(nodes["x"].astype(float).tolist(), nodes["y"].astype(float).tolist(), strict=True),
            strict=True,
        )
    )
    for a, b in zip(edges["city_a_id"].tolist(), edges["city_b_id"].tolist(), strict=True):
        if a in pos and b in pos:
            xs += [pos[a][0], pos[b][0], None]
            ys += [pos[a][1], pos[b][1], None]
    ink = theme.BORDER_DARK if dark else theme.BORDER_LIGHT
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": ink, "width": 2.2 if heavy else 0.7},
        opacity=0.8 if heavy else 0.5,
        hoverinfo="skip",
        name=_("several agreements") if heavy else _("one agreement"),
        showlegend=False,
    )


def network_figure(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    *,
    title: str,
    source_line: str,
    region_order: Sequence[str] = (),
    subtitle: str | Sequence[str] | None = None,
    spread: bool = True,
    presentation: bool = False,
    dark: bool = False,
) -> go.Figure:
    """Node-link drawing of the partnership graph.

    ``nodes``: one row per city with ``city_id, name, region, x, y, degree`` and optionally
    ``country_name, weighted_degree, betweenness`` (hover). ``edges``: ``city_a_id, city_b_id,
    weight`` (agreements between the pair; pairs with several are drawn thicker). One legend
    entry per region, in ``region_order``; a city of unknown region is drawn grey. ``spread``
    eases the crowded centre (``spread_out``); the drawing fills the plot's width.
    """
    _require(nodes, NODE_COLUMNS, "nodes")
    _require(edges, EDGE_COLUMNS, "edges")
    colours = region_colours(region_order)
    data = nodes.copy()
    if spread and len(data) > 2:
        data["x"], data["y"] = spread_out(data["x"].astype(float), data["y"].astype(float))
    data["_size"] = node_sizes(data["degree"])
    fig = go.Figure()
    weight = pd.to_numeric(edges["weight"], errors="coerce").fillna(1)
    fig.add_trace(_edge_trace(data, edges.loc[weight <= 1], heavy=False, dark=dark))
    if bool((weight > 1).any()):
        fig.add_trace(_edge_trace(data, edges.loc[weight > 1], heavy=True, dark=dark))
    data["_region"] = data["region"].astype("string").fillna(_(UNKNOWN_REGION))
    labelled = set(
        data.sort_values(["degree", "city_id"], ascending=[False, True])["city_id"].head(
            LABELLED_NODES
        )
    )
    present = list(pd.unique(data["_region"]))
    order = [r for r in region_order if r in present] + sorted(
        r for r in present if r not in region_order
    )
    size = theme.PRESENTATION_FONT_SIZE if presentation else theme.BASE_FONT_SIZE
    outline = theme.LAND_DARK if dark else theme.LAND_LIGHT
    hover = _hover()
    for region in order:
        shown_region = escape_text(terms.region(region))
        rows = data.loc[data["_region"] == region]
        # big nodes first, so small ones stay visible on top of them
        rows = rows.sort_values("_size", ascending=False, kind="stable")
        names = [
            escape_text(n) or escape_text(i)
            for n, i in zip(rows["name"], rows["city_id"], strict=True)
        ]
        where = [
            escape_text(c) if isinstance(c, str) and c else shown_region
            for c in (rows["country_name"] if "country_name" in rows else [None] * len(rows))
        ]
        weighted = rows["weighted_degree"] if "weighted_degree" in rows else [None] * len(rows)
        between = rows["betweenness"] if "betweenness" in rows else [None] * len(rows)
        customdata = [
            [
                n,
                f"{w} · {shown_region}",
                format_value(d),
                format_value(a),
                format_value(b),
            ]
            for n, w, d, a, b in zip(names, where, rows["degree"], weighted, between, strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=rows["x"].astype(float).tolist(),
                y=rows["y"].astype(float).tolist(),
                mode="markers+text",
                name=shown_region,
                text=[
                    n if i in labelled else "" for n, i in zip(names, rows["city_id"], strict=True)
                ],
                textposition="top center",
                textfont={"family": theme.FONT_FAMILY, "size": round(size * 0.85)},
                marker={
                    "size": rows["_size"].round(1).tolist(),
                    "color": colours.get(region, theme.NO_DATA_COLOUR),
                    "line": {"color": outline, "width": 1},
                    "opacity": 0.9,
                },
                customdata=customdata,
                hovertemplate=hover,
            )
        )

    fig.update_layout(**base_layout(title, presentation, dark, subtitle))
    fig.update_layout(
        hovermode="closest",
        height=720 if presentation else 600,
        legend={"title": {"text": _("Region")}, "itemsizing": "constant"},
        dragmode="pan",
    )
    axis = {"visible": False, "showgrid": False, "zeroline": False}
    fig.update_xaxes(**axis)
    fig.update_yaxes(**axis)
    if data.empty:
        fig.add_annotation(
            text=_("No partnership matches this selection"),
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"family": theme.FONT_FAMILY, "size": size},
        )
    chart_frame.add_source(fig, source_line, presentation=presentation)
    fig.update_layout(meta={"n_nodes": len(data), "n_edges": len(edges)})
    return fig
