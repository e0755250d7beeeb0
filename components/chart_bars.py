"""Horizontal bars: a ranking by value, published ranks as dots, counts per category.

The three share one bar layout (:func:`_hbar_figure`) so a ranking reads the same on every page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from atlas.i18n import _
from atlas.numbers import format_count, format_number
from components import chart_frame
from components.chart_frame import base_layout, escape_text

# --------------------------------------------------------------------------------------------
# Horizontal bars (ranked and counts)
# --------------------------------------------------------------------------------------------


def _top_of(shown: int, ranked: int) -> str:
    return _("top {shown} of {ranked} ranked").format(
        shown=format_count(shown), ranked=format_count(ranked)
    )


def _hbar_figure(
    *,
    labels: list[str],
    values: list[float],
    highlighted: list[bool],
    customdata: list[list[str]],
    hovertemplate: str,
    title: str,
    subtitle: Sequence[str],
    axis_title: str,
    presentation: bool,
    dark: bool,
) -> go.Figure:
    """Shared by ranked_bar and count_bar: first row on top, highlight by colour and bold."""
    size = chart_frame.font_size(presentation)
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker={
                "color": [
                    chart_frame.HIGHLIGHT_COLOUR if h else chart_frame.BASE_COLOUR
                    for h in highlighted
                ]
            },
            text=[format_number(v) for v in values],
            textposition="outside",
            cliponaxis=False,
            customdata=customdata,
            hovertemplate=hovertemplate,
            showlegend=False,
        )
    )
    fig.update_layout(**base_layout(title, presentation, dark, subtitle))
    fig.update_layout(bargap=0.25)
    fig.update_yaxes(
        type="category",
        autorange="reversed",  # first category at the top: best first
        automargin=True,
        tickfont={"size": size},
    )
    fig.update_xaxes(title={"text": escape_text(axis_title)}, rangemode="tozero", automargin=True)
    return fig


@dataclass(frozen=True)
class _RankedRows:
    tied: pd.Series
    highlighted: list[bool]
    names: list[str]
    labels: list[str]


def _cut_and_label(
    data: pd.DataFrame,
    top_n: int | None,
    highlight: set[str] | None,
    key_col: str,
    label_col: str,
) -> tuple[pd.DataFrame, _RankedRows]:
    """Rows sorted by ``_rank``, cut at ``top_n`` with every city tied at the cut kept (dropping
    one of two equal cities would be arbitrary), each labelled "2= Name", bold if highlighted.

    Shared by bars of values and dots of published ranks, so both read a ranking the same way.
    """
    tied = data["_rank"].duplicated(keep=False)
    if top_n is not None and top_n < len(data):
        cutoff = data["_rank"].iloc[max(top_n, 1) - 1]
        data = data.loc[data["_rank"] <= cutoff]
        tied = tied.loc[data.index]
    highlighted = chart_frame.highlight_mask(data, highlight, [key_col, label_col]).tolist()
    names = [
        escape_text(n) or escape_text(k)
        for n, k in zip(data[label_col], data[key_col], strict=True)
    ]
    labels = []
    for name, rank, is_tied, is_hi in zip(names, data["_rank"], tied, highlighted, strict=True):
        label = f"{chart_frame.format_rank(rank)}{'=' if is_tied else '.'} {name}"
        labels.append(f"<b>{label}</b>" if is_hi else label)
    labels = chart_frame.unique_labels(labels, [str(k) for k in data[key_col]])
    return data, _RankedRows(tied, highlighted, names, labels)


def ranked_bar(
    df: pd.DataFrame,
    value_col: str,
    label_col: str,
    title: str,
    unit: str,
    year_label: str,
    source_line: str,
    higher_is_better: bool = True,
    highlight: set[str] | None = None,
    top_n: int | None = None,
    presentation: bool = False,
    *,
    rank_col: str = "rank",
    id_col: str = "city_id",
    detail_col: str | None = None,
    dark: bool = False,
) -> go.Figure:
    """Ranking as horizontal bars, best on top, rank number in each label.

    Uses the frame's ``rank`` column when it is complete (published ranks and ties are kept,
    shown as "2="); otherwise ranks are computed from the values with the "min" method in the
    direction ``higher_is_better`` gives. ``highlight`` matches ``city_id`` or the label.
    ``top_n`` keeps every city tied at the cut-off, since dropping one of two equal cities
    would be arbitrary. Rows without a value are left out and counted in the footer.
    ``detail_col`` adds one line of text to each hover, e.g. the geographic unit a value
    describes ("GII cluster: Tokyo–Yokohama").
    """
    chart_frame.require_columns(df, [value_col, label_col] + ([detail_col] if detail_col else []))
    key_col = id_col if id_col in df.columns else label_col
    data = df.copy()
    data["_value"] = chart_frame.numeric(data[value_col])
    absent = data["_value"].isna()
    missing = chart_frame.missing_keys(data, absent, key_col)
    data = data.loc[~absent]

    ranks = chart_frame.numeric(data[rank_col]) if rank_col in data.columns else None
    if ranks is None or ranks.isna().any():
        ranks = data["_value"].rank(method="min", ascending=not higher_is_better)
    data["_rank"] = ranks
    data["_label_sort"] = data[label_col].astype("string").fillna("")
    data = data.sort_values(
        ["_rank", "_value", "_label_sort"],
        ascending=[True, not higher_is_better, True],
        kind="stable",
    )
    n_ranked = len(data)
    data, rows = _cut_and_label(data, top_n, highlight, key_col, label_col)
    tied, highlighted, names, labels = rows.tied, rows.highlighted, rows.names, rows.labels

    unit_text = escape_text(unit)
    year_text = escape_text(year_label)
    details = [escape_text(d) for d in data[detail_col]] if detail_col else [""] * len(data)
    customdata = [
        [
            name,
            chart_frame.format_rank(rank) + ("=" if is_tied else ""),
            f"{format_number(v)} {unit_text}",
            year_text,
            detail,
        ]
        for name, rank, is_tied, v, detail in zip(
            names, data["_rank"], tied, data["_value"], details, strict=True
        )
    ]
    hovertemplate = (
        "<b>%{customdata[0]}</b><br>"
        + escape_text(_("Rank {rank}")).format(rank="%{customdata[1]}")
        + "<br>%{customdata[2]} (%{customdata[3]})"
        + ("<br>%{customdata[4]}" if detail_col else "")
        + "<extra></extra>"
    )

    subtitle_parts = [
        _("Best first (higher is better)")
        if higher_is_better
        else _("Best first (lower is better, 1 = best)")
    ]
    if top_n is not None and len(data) < n_ranked:
        subtitle_parts.append(_top_of(len(data), n_ranked))
    if bool(tied.any()):
        subtitle_parts.append(_("tied ranks marked ="))
    if any(highlighted):
        subtitle_parts.append(_("selected cities in orange and bold"))

    fig = _hbar_figure(
        labels=labels,
        values=data["_value"].tolist(),
        highlighted=highlighted,
        customdata=customdata,
        hovertemplate=hovertemplate,
        title=chart_frame.compose_title(title, unit, year_label),
        subtitle=subtitle_parts,
        axis_title=chart_frame.compose_title(unit, year_label).strip(),
        presentation=presentation,
        dark=dark,
    )
    if data.empty:
        chart_frame.no_data(fig, presentation)
    notes = [chart_frame.missing_note(len(missing), ("city", "cities"))] if missing else []
    fig = chart_frame.finish(fig, source_line, presentation, missing, notes)
    return chart_frame.fit_height(fig, len(labels), presentation)


def rank_dots(
    df: pd.DataFrame,
    rank_col: str,
    label_col: str,
    title: str,
    year_label: str,
    source_line: str,
    highlight: set[str] | None = None,
    top_n: int | None = None,
    presentation: bool = False,
    *,
    id_col: str = "city_id",
    detail_col: str | None = None,
    dark: bool = False,
) -> go.Figure:
    """Published ranks as dots on a rank axis, best on top: the honest chart for a rank.

    A bar whose length is a rank makes the best city the shortest bar, so ranks are drawn as
    positions instead: one dot per city at its published rank (axis from 1 = best), labelled
    with the number. The gaps between dots are places the published list gives to units the
    Atlas does not hold, and the subtitle says so when there are any. Ties (the same published
    rank) are marked "="; ``top_n`` keeps every city tied at the cut-off. Rows without a rank
    are left out and counted in the footer.
    """
    chart_frame.require_columns(df, [rank_col, label_col] + ([detail_col] if detail_col else []))
    key_col = id_col if id_col in df.columns else label_col
    data = df.copy()
    data["_rank"] = chart_frame.numeric(data[rank_col])
    absent = data["_rank"].isna()
    missing = chart_frame.missing_keys(data, absent, key_col)
    data = data.loc[~absent]
    data["_label_sort"] = data[label_col].astype("string").fillna("")
    data = data.sort_values(["_rank", "_label_sort"], kind="stable")
    n_ranked = len(data)
    data, rows = _cut_and_label(data, top_n, highlight, key_col, label_col)
    tied, highlighted, names, labels = rows.tied, rows.highlighted, rows.names, rows.labels
    details = [escape_text(d) for d in data[detail_col]] if detail_col else [""] * len(data)
    year_text = escape_text(year_label)
    customdata = [
        [name, chart_frame.format_rank(rank) + ("=" if is_tied else ""), year_text, detail]
        for name, rank, is_tied, detail in zip(names, data["_rank"], tied, details, strict=True)
    ]
    hovertemplate = (
        "<b>%{customdata[0]}</b><br>"
        + escape_text(_("Published rank {rank} ({year})")).format(
            rank="%{customdata[1]}", year="%{customdata[2]}"
        )
        + ("<br>%{customdata[3]}" if detail_col else "")
        + "<extra></extra>"
    )
    size = chart_frame.font_size(presentation)
    colours = [chart_frame.HIGHLIGHT_COLOUR if h else chart_frame.BASE_COLOUR for h in highlighted]
    fig = go.Figure(
        go.Scatter(
            x=data["_rank"].tolist(),
            y=labels,
            mode="markers+text",
            marker={"color": colours, "size": 13 if presentation else 10},
            text=[chart_frame.format_rank(r) for r in data["_rank"]],
            textposition="middle right",
            cliponaxis=False,
            customdata=customdata,
            hovertemplate=hovertemplate,
            showlegend=False,
        )
    )
    ranks = data["_rank"]
    gaps = bool(len(ranks)) and bool(
        (ranks.drop_duplicates().reset_index(drop=True).diff().dropna() > 1).any()
        or ranks.min() > 1
    )
    subtitle_parts = [_("Best first (lower is better, 1 = best)")]
    if top_n is not None and len(data) < n_ranked:
        subtitle_parts.append(_top_of(len(data), n_ranked))
    if gaps:
        subtitle_parts.append(_("missing numbers are places held by units the Atlas does not list"))
    if bool(tied.any()):
        subtitle_parts.append(_("tied ranks marked ="))
    if any(highlighted):
        subtitle_parts.append(_("selected cities in orange and bold"))
    fig.update_layout(
        **base_layout(
            chart_frame.compose_title(title, _("rank"), year_label),
            presentation,
            dark,
            subtitle_parts,
        )
    )
    fig.update_yaxes(
        type="category", autorange="reversed", automargin=True, tickfont={"size": size}
    )
    high = float(ranks.max()) if len(ranks) else 1.0
    fig.update_xaxes(
        title={"text": escape_text(chart_frame.compose_title(_("Published rank"), year_label))},
        range=[0, high * 1.08 + 1],
        automargin=True,
        zeroline=False,
        **chart_frame.integer_ticks(high),
    )
    if data.empty:
        chart_frame.no_data(fig, presentation)
    notes = [chart_frame.missing_note(len(missing), ("city", "cities"), "rank")] if missing else []
    fig = chart_frame.finish(fig, source_line, presentation, missing, notes)
    return chart_frame.fit_height(fig, len(labels), presentation)


def count_bar(
    df: pd.DataFrame,
    label_col: str,
    count_col: str,
    title: str,
    source_line: str,
    *,
    unit: str | None = None,
    year_label: str | None = None,
    top_n: int | None = None,
    highlight: set[str] | None = None,
    items: tuple[str, str] = ("row", "rows"),
    presentation: bool = False,
    dark: bool = False,
) -> go.Figure:
    """Counts (hubs per city, partnerships per type) as horizontal bars, largest on top.

    No rank numbers: a count of hubs is a tally of what the Atlas lists, not a league table.
    ``items`` names the labelled things for the gap note, e.g. ``("city", "cities")``.
    """
    chart_frame.require_columns(df, [label_col, count_col])
    unit = _("count") if unit is None else unit
    data = df.copy()
    data["_value"] = chart_frame.numeric(data[count_col])
    absent = data["_value"].isna()
    missing = chart_frame.missing_keys(data, absent, label_col)
    data = data.loc[~absent]
    data["_label_sort"] = data[label_col].astype("string").fillna("")
    data = data.sort_values(["_value", "_label_sort"], ascending=[False, True], kind="stable")
    n_total = len(data)
    if top_n is not None and top_n < n_total:
        cutoff = data["_value"].iloc[max(top_n, 1) - 1]
        data = data.loc[data["_value"] >= cutoff]

    highlighted = chart_frame.highlight_mask(data, highlight, [label_col]).tolist()
    names = [escape_text(n) for n in data[label_col]]
    labels = [f"<b>{n}</b>" if h else n for n, h in zip(names, highlighted, strict=True)]
    labels = chart_frame.unique_labels(labels, [str(i) for i in data.index])
    unit_text = escape_text(unit)
    customdata = [
        [n, f"{format_number(v)} {unit_text}"] for n, v in zip(names, data["_value"], strict=True)
    ]
    subtitle_parts = [_("Largest first")]
    if len(data) < n_total:
        subtitle_parts.append(
            _("top {shown} of {total}").format(
                shown=format_count(len(data)), total=format_count(n_total)
            )
        )
    if any(highlighted):
        subtitle_parts.append(_("selected in orange and bold"))
    fig = _hbar_figure(
        labels=labels,
        values=data["_value"].tolist(),
        highlighted=highlighted,
        customdata=customdata,
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        title=chart_frame.compose_title(title, unit, year_label),
        subtitle=subtitle_parts,
        axis_title=unit,
        presentation=presentation,
        dark=dark,
    )
    if data.empty:
        chart_frame.no_data(fig, presentation)
    notes = [chart_frame.missing_note(len(missing), items)] if missing else []
    fig = chart_frame.finish(fig, source_line, presentation, missing, notes)
    return chart_frame.fit_height(fig, len(labels), presentation)
