"""Shared plotly chart builders: a DataFrame goes in, a ``go.Figure`` (or a plain dict) comes out.

Every page draws through these functions so that the Atlas keeps its promises in one place:

* colours and fonts come only from :mod:`components.theme`, via :func:`base_layout`;
* every figure names its unit and year in the title and carries a visible "Source: ..." line,
  because a screenshot pasted into a briefing travels without the page around it;
* a missing value is never drawn as 0: rows without a figure are left out, counted, and the
  count is written under the chart and stored in ``fig.layout.meta["n_missing"]``
  (:func:`missing_count`);
* plotly renders titles, tick labels, legend entries, annotations and hover templates as a
  small HTML dialect, so every piece of data text is passed through :func:`escape_text` before
  it reaches the figure. A city called ``<b>x</b>`` must read as exactly that.

Nothing here imports Streamlit; pages pass the figure to ``st.plotly_chart(fig,
config=figure_config(...))`` and the table spec to ``st.dataframe(**spec)``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from atlas.numbers import format_number
from atlas.text import slugify
from components import theme

__all__ = [
    "MISSING_ANNOTATION_NAME",
    "NO_DATA_ANNOTATION_NAME",
    "SOURCE_ANNOTATION_NAME",
    "add_source",
    "base_layout",
    "count_bar",
    "escape_text",
    "figure_config",
    "interval_chart",
    "missing_count",
    "openings_timeline",
    "radar",
    "rank_dots",
    "ranked_bar",
    "ranking_table_spec",
    "small_multiples",
    "time_series",
]

# Annotation names, so tests and pages can find the footer lines without parsing text.
SOURCE_ANNOTATION_NAME = "source"
MISSING_ANNOTATION_NAME = "missing-note"
NO_DATA_ANNOTATION_NAME = "no-data"

# The two roles a bar can play; both are palette colours so they stay colour-blind safe.
_BASE_COLOUR = theme.CATEGORICAL[0]  # blue
_HIGHLIGHT_COLOUR = theme.CATEGORICAL[1]  # orange, the most distinct from blue for all CVDs
_REFERENCE_COLOUR = theme.CATEGORICAL[5]  # vermillion, for a second marker on the same row

_TRANSPARENT = "rgba(0,0,0,0)"
_WHITE = "white"

# Data text only ever enters a hover through customdata (escaped), never by string formatting
# into the template, so a name containing "%{...}" cannot address other fields either.
_HOVER_NAME_X_VALUE = "<b>%{customdata[0]}</b><br>%{x}: %{customdata[1]}<extra></extra>"
_HOVER_NAME_AXIS_VALUE = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]}: %{customdata[2]}<extra></extra>"
)


# --------------------------------------------------------------------------------------------
# Text and numbers
# --------------------------------------------------------------------------------------------


def escape_text(value: object) -> str:
    """Make data text inert before plotly's pseudo-HTML renderer sees it.

    ``html.escape`` neutralises ``<``, ``>`` and ``&``. Its ``&quot;`` is then rewritten as the
    numeric ``&#34;`` because plotly.js decodes numeric entities but its short named-entity
    table has no ``quot``, so a quoted name would otherwise show a literal ``&quot;``.
    """
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    return html.escape(str(value)).replace("&quot;", "&#34;")


def _format_rank(rank: float) -> str:
    return str(int(rank)) if float(rank).is_integer() else format_number(rank)


def _plural(n: int, items: tuple[str, str]) -> str:
    return f"{n} {items[0] if n == 1 else items[1]}"


def _numeric(series: pd.Series) -> pd.Series:
    """Coerce to float with NaN for anything unusable, so a stray "n/a" is missing, never 0."""
    values = pd.to_numeric(series, errors="coerce").astype(float)
    return values.replace([np.inf, -np.inf], np.nan)


def _compose_title(title: str, *parts: str | None) -> str:
    """Append unit and year in one house style: ``Title (unit, year)``."""
    extras = [p for p in parts if p]
    return f"{title} ({', '.join(extras)})" if extras else title


def _year_span(years: Iterable[object]) -> str:
    clean = sorted({int(y) for y in years if not pd.isna(y)})
    if not clean:
        return ""
    return str(clean[0]) if clean[0] == clean[-1] else f"{clean[0]}–{clean[-1]}"


def _require_columns(df: pd.DataFrame, columns: Iterable[str]) -> None:
    """Fail with the column name, not with a KeyError deep inside plotly."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"missing column(s) {missing}; frame has {list(df.columns)}")


def _unique_labels(labels: Sequence[str], keys: Sequence[str]) -> list[str]:
    """Two cities may share a display name (Valencia ES / VE); a category axis would merge them."""
    counts = pd.Series(labels).value_counts()
    return [
        f"{label} ({escape_text(key)})" if counts[label] > 1 else label
        for label, key in zip(labels, keys, strict=True)
    ]


def _missing_keys(df: pd.DataFrame, mask: pd.Series, key_col: str) -> list[str]:
    """Raw keys (city_id where there is one) for ``layout.meta``: pages look them up, and
    plotly never renders meta unless a template asks for ``%{meta}``, which none here does."""
    keys = df.loc[mask, key_col]
    return [str(k) for k in pd.unique(keys.astype("string").fillna("(no id)"))]


# --------------------------------------------------------------------------------------------
# Layout, footer, config
# --------------------------------------------------------------------------------------------


def _font_size(presentation: bool) -> int:
    return theme.PRESENTATION_FONT_SIZE if presentation else theme.BASE_FONT_SIZE


def base_layout(
    title: str,
    presentation: bool = False,
    dark: bool = False,
    subtitle: str | Sequence[str] | None = None,
) -> dict[str, Any]:
    """The one place where theme fonts, palette and backgrounds meet plotly.

    Returned as a dict for ``fig.update_layout(**base_layout(...))`` so a builder can still
    override a key. Title and subtitle are escaped here: they often carry indicator labels and
    units from the catalogue. A subtitle given as several parts is joined with " · " on screen
    but stacked one per line in presentation mode, where the large font would push it past
    the right edge; the top margin grows with it. Ink and grid colours come from plotly's
    white/dark templates because the theme defines none; the dark variant keeps a transparent
    background so it sits on Streamlit's dark page.
    """
    size = _font_size(presentation)
    title_size = round(size * 1.3)
    subtitle_size = round(size * 0.9)
    pad_top = round(size * 1.2)
    title_spec: dict[str, Any] = {
        "text": escape_text(title),
        "x": 0,
        "xref": "paper",
        "xanchor": "left",
        "y": 1,
        "yref": "container",
        "yanchor": "top",
        "pad": {"t": pad_top},
        "font": {"family": theme.FONT_FAMILY, "size": title_size},
    }
    parts = [subtitle] if isinstance(subtitle, str) else list(subtitle or [])
    parts = [escape_text(p) for p in parts if p]
    if parts:
        title_spec["subtitle"] = {
            "text": ("<br>" if presentation else " · ").join(parts),
            "font": {"family": theme.FONT_FAMILY, "size": subtitle_size},
        }
    subtitle_lines = (len(parts) if presentation else 1) if parts else 0
    top = pad_top + round(title_size * 1.5) + round(subtitle_size * 1.5) * subtitle_lines + size
    background = _TRANSPARENT if dark else _WHITE
    return {
        "template": "plotly_dark" if dark else "plotly_white",
        "title": title_spec,
        "font": {"family": theme.FONT_FAMILY, "size": size},
        "colorway": list(theme.CATEGORICAL),
        "paper_bgcolor": background,
        "plot_bgcolor": background,
        "margin": {"l": 10, "r": 50 if presentation else 30, "t": top, "b": 60, "pad": 4},
        "hoverlabel": {"font": {"family": theme.FONT_FAMILY, "size": size}},
        "legend": {"font": {"family": theme.FONT_FAMILY, "size": size}},
        "separators": ".,",
    }


def add_source(
    fig: go.Figure,
    source_line: str,
    *,
    notes: Sequence[str] = (),
    presentation: bool = False,
) -> go.Figure:
    """Write the source (and any data-gap notes) under the plot, inside the exported image.

    The source is an annotation rather than page text so that the PNG download and a
    screenshot keep it. ``notes`` are builder-made sentences (already escaped where they hold
    data); ``source_line`` is escaped here, and prefixed with "Source:" unless it already is.
    """
    line = (source_line or "").strip()
    if not line:
        raise ValueError("source_line is required: every Atlas figure cites its source")
    if not line.lower().startswith("source"):
        line = f"Source: {line}"
    size = _font_size(presentation)
    small = round(size * 0.8)
    axis_band = round(size * 3.8)  # tick labels + axis title sit between the plot and footer
    line_height = round(small * 1.45)
    lines = [
        (SOURCE_ANNOTATION_NAME, escape_text(line)),
        *((MISSING_ANNOTATION_NAME, n) for n in notes),
    ]
    for i, (name, text) in enumerate(lines):
        fig.add_annotation(
            name=name,
            text=text,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            yshift=-(axis_band + i * line_height),
            showarrow=False,
            align="left",
            font={"family": theme.FONT_FAMILY, "size": small},
        )
    fig.update_layout(margin={"b": axis_band + len(lines) * line_height + 12})
    return fig


def _finish(
    fig: go.Figure,
    source_line: str,
    presentation: bool,
    missing: Sequence[str],
    notes: Sequence[str],
) -> go.Figure:
    """Footer plus machine-readable gap count, in the same call so no builder forgets either."""
    add_source(fig, source_line, notes=notes, presentation=presentation)
    fig.update_layout(meta={"n_missing": len(missing), "missing": list(missing)})
    return fig


def missing_count(fig: go.Figure) -> int:
    """How many cities (or records) a builder left out for lack of data.

    Pages use it to say so next to widgets, without re-deriving the filter the builder applied.
    """
    meta = fig.layout.meta
    if isinstance(meta, Mapping):
        return int(meta.get("n_missing", 0))
    return 0


def _no_data(fig: go.Figure, presentation: bool) -> None:
    """An empty chart must say it is empty, or readers take a blank as 'all zero'."""
    fig.add_annotation(
        name=NO_DATA_ANNOTATION_NAME,
        text="No data to show for this selection",
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"family": theme.FONT_FAMILY, "size": _font_size(presentation)},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)


def _missing_note(
    n: int,
    items: tuple[str, str],
    lacking: str = "data",
    consequence: str = "left out, not drawn as 0",
) -> str:
    """One wording for every gap, so readers learn it once."""
    has = "has" if n == 1 else "have"
    return f"{_plural(n, items)} {has} no {lacking}: {consequence}."


def figure_config(filename: str = "city-science-diplomacy-atlas") -> dict[str, Any]:
    """Config for ``st.plotly_chart``: a crisp PNG download, without plotly's logo.

    Scale 2 keeps the figure readable on a projector or in a printed briefing; the filename is
    slugged because browsers mangle spaces and accents differently.
    """
    slug = slugify(filename) or "atlas-chart"
    return {
        "displaylogo": False,
        "displayModeBar": True,
        "toImageButtonOptions": {"format": "png", "filename": slug, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


# --------------------------------------------------------------------------------------------
# Horizontal bars (ranked and counts)
# --------------------------------------------------------------------------------------------


def _fit_height(fig: go.Figure, n_rows: int, presentation: bool) -> go.Figure:
    """Give each bar row a fixed slot, so a long ranking never hides every other label.

    Called after the footer is added, because title and footer margins are known only then.
    """
    per_row = round(_font_size(presentation) * 1.9)
    margin = fig.layout.margin
    fig.update_layout(height=max(320, int(margin.t) + int(margin.b) + per_row * max(n_rows, 3)))
    return fig


def _integer_ticks(span: float) -> dict[str, Any]:
    """Counts and ranks are whole numbers; stop plotly from ticking 0.5 steps on short axes."""
    return {"dtick": 1, "tickformat": "d"} if span <= 12 else {"tickformat": ",d"}


def _highlight_mask(
    df: pd.DataFrame, highlight: set[str] | None, columns: Iterable[str]
) -> pd.Series:
    mask = pd.Series(False, index=df.index)
    if not highlight:
        return mask
    for col in columns:
        if col in df.columns:
            mask |= df[col].astype("string").isin(set(highlight)).fillna(False).astype(bool)
    return mask


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
    size = _font_size(presentation)
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker={"color": [_HIGHLIGHT_COLOUR if h else _BASE_COLOUR for h in highlighted]},
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
    _require_columns(df, [value_col, label_col] + ([detail_col] if detail_col else []))
    key_col = id_col if id_col in df.columns else label_col
    data = df.copy()
    data["_value"] = _numeric(data[value_col])
    absent = data["_value"].isna()
    missing = _missing_keys(data, absent, key_col)
    data = data.loc[~absent]

    ranks = _numeric(data[rank_col]) if rank_col in data.columns else None
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
    tied = data["_rank"].duplicated(keep=False)
    if top_n is not None and top_n < n_ranked:
        cutoff = data["_rank"].iloc[max(top_n, 1) - 1]
        data = data.loc[data["_rank"] <= cutoff]
        tied = tied.loc[data.index]

    highlighted = _highlight_mask(data, highlight, [key_col, label_col]).tolist()
    names = [
        escape_text(n) or escape_text(k)
        for n, k in zip(data[label_col], data[key_col], strict=True)
    ]
    labels = []
    for name, rank, is_tied, is_hi in zip(names, data["_rank"], tied, highlighted, strict=True):
        label = f"{_format_rank(rank)}{'=' if is_tied else '.'} {name}"
        labels.append(f"<b>{label}</b>" if is_hi else label)
    labels = _unique_labels(labels, [str(k) for k in data[key_col]])

    unit_text = escape_text(unit)
    year_text = escape_text(year_label)
    details = [escape_text(d) for d in data[detail_col]] if detail_col else [""] * len(data)
    customdata = [
        [
            name,
            _format_rank(rank) + ("=" if is_tied else ""),
            f"{format_number(v)} {unit_text}",
            year_text,
            detail,
        ]
        for name, rank, is_tied, v, detail in zip(
            names, data["_rank"], tied, data["_value"], details, strict=True
        )
    ]
    hovertemplate = (
        "<b>%{customdata[0]}</b><br>Rank %{customdata[1]}<br>"
        "%{customdata[2]} (%{customdata[3]})"
        + ("<br>%{customdata[4]}" if detail_col else "")
        + "<extra></extra>"
    )

    direction = "higher is better" if higher_is_better else "lower is better, 1 = best"
    subtitle_parts = [f"Best first ({direction})"]
    if top_n is not None and len(data) < n_ranked:
        subtitle_parts.append(f"top {len(data)} of {n_ranked} ranked")
    if bool(tied.any()):
        subtitle_parts.append("tied ranks marked =")
    if any(highlighted):
        subtitle_parts.append("selected cities in orange and bold")

    fig = _hbar_figure(
        labels=labels,
        values=data["_value"].tolist(),
        highlighted=highlighted,
        customdata=customdata,
        hovertemplate=hovertemplate,
        title=_compose_title(title, unit, year_label),
        subtitle=subtitle_parts,
        axis_title=_compose_title(unit, year_label).strip(),
        presentation=presentation,
        dark=dark,
    )
    if data.empty:
        _no_data(fig, presentation)
    notes = [_missing_note(len(missing), ("city", "cities"))] if missing else []
    fig = _finish(fig, source_line, presentation, missing, notes)
    return _fit_height(fig, len(labels), presentation)


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
    _require_columns(df, [rank_col, label_col] + ([detail_col] if detail_col else []))
    key_col = id_col if id_col in df.columns else label_col
    data = df.copy()
    data["_rank"] = _numeric(data[rank_col])
    absent = data["_rank"].isna()
    missing = _missing_keys(data, absent, key_col)
    data = data.loc[~absent]
    data["_label_sort"] = data[label_col].astype("string").fillna("")
    data = data.sort_values(["_rank", "_label_sort"], kind="stable")
    n_ranked = len(data)
    tied = data["_rank"].duplicated(keep=False)
    if top_n is not None and top_n < n_ranked:
        cutoff = data["_rank"].iloc[max(top_n, 1) - 1]
        data = data.loc[data["_rank"] <= cutoff]
        tied = tied.loc[data.index]

    highlighted = _highlight_mask(data, highlight, [key_col, label_col]).tolist()
    names = [
        escape_text(n) or escape_text(k)
        for n, k in zip(data[label_col], data[key_col], strict=True)
    ]
    labels = []
    for name, rank, is_tied, is_hi in zip(names, data["_rank"], tied, highlighted, strict=True):
        label = f"{_format_rank(rank)}{'=' if is_tied else '.'} {name}"
        labels.append(f"<b>{label}</b>" if is_hi else label)
    labels = _unique_labels(labels, [str(k) for k in data[key_col]])
    details = [escape_text(d) for d in data[detail_col]] if detail_col else [""] * len(data)
    year_text = escape_text(year_label)
    customdata = [
        [name, _format_rank(rank) + ("=" if is_tied else ""), year_text, detail]
        for name, rank, is_tied, detail in zip(names, data["_rank"], tied, details, strict=True)
    ]
    hovertemplate = (
        "<b>%{customdata[0]}</b><br>Published rank %{customdata[1]} (%{customdata[2]})"
        + ("<br>%{customdata[3]}" if detail_col else "")
        + "<extra></extra>"
    )
    size = _font_size(presentation)
    colours = [_HIGHLIGHT_COLOUR if h else _BASE_COLOUR for h in highlighted]
    fig = go.Figure(
        go.Scatter(
            x=data["_rank"].tolist(),
            y=labels,
            mode="markers+text",
            marker={"color": colours, "size": 13 if presentation else 10},
            text=[_format_rank(r) for r in data["_rank"]],
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
    subtitle_parts = ["Best first (lower is better, 1 = best)"]
    if top_n is not None and len(data) < n_ranked:
        subtitle_parts.append(f"top {len(data)} of {n_ranked} ranked")
    if gaps:
        subtitle_parts.append("missing numbers are places held by units the Atlas does not list")
    if bool(tied.any()):
        subtitle_parts.append("tied ranks marked =")
    if any(highlighted):
        subtitle_parts.append("selected cities in orange and bold")
    fig.update_layout(
        **base_layout(_compose_title(title, "rank", year_label), presentation, dark, subtitle_parts)
    )
    fig.update_yaxes(
        type="category", autorange="reversed", automargin=True, tickfont={"size": size}
    )
    high = float(ranks.max()) if len(ranks) else 1.0
    fig.update_xaxes(
        title={"text": escape_text(_compose_title("Published rank", year_label))},
        range=[0, high * 1.08 + 1],
        automargin=True,
        zeroline=False,
        **_integer_ticks(high),
    )
    if data.empty:
        _no_data(fig, presentation)
    notes = [_missing_note(len(missing), ("city", "cities"), "rank")] if missing else []
    fig = _finish(fig, source_line, presentation, missing, notes)
    return _fit_height(fig, len(labels), presentation)


def count_bar(
    df: pd.DataFrame,
    label_col: str,
    count_col: str,
    title: str,
    source_line: str,
    *,
    unit: str = "count",
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
    _require_columns(df, [label_col, count_col])
    data = df.copy()
    data["_value"] = _numeric(data[count_col])
    absent = data["_value"].isna()
    missing = _missing_keys(data, absent, label_col)
    data = data.loc[~absent]
    data["_label_sort"] = data[label_col].astype("string").fillna("")
    data = data.sort_values(["_value", "_label_sort"], ascending=[False, True], kind="stable")
    n_total = len(data)
    if top_n is not None and top_n < n_total:
        cutoff = data["_value"].iloc[max(top_n, 1) - 1]
        data = data.loc[data["_value"] >= cutoff]

    highlighted = _highlight_mask(data, highlight, [label_col]).tolist()
    names = [escape_text(n) for n in data[label_col]]
    labels = [f"<b>{n}</b>" if h else n for n, h in zip(names, highlighted, strict=True)]
    labels = _unique_labels(labels, [str(i) for i in data.index])
    unit_text = escape_text(unit)
    customdata = [
        [n, f"{format_number(v)} {unit_text}"] for n, v in zip(names, data["_value"], strict=True)
    ]
    subtitle_parts = ["Largest first"]
    if len(data) < n_total:
        subtitle_parts.append(f"top {len(data)} of {n_total}")
    if any(highlighted):
        subtitle_parts.append("selected in orange and bold")
    fig = _hbar_figure(
        labels=labels,
        values=data["_value"].tolist(),
        highlighted=highlighted,
        customdata=customdata,
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        title=_compose_title(title, unit, year_label),
        subtitle=subtitle_parts,
        axis_title=unit,
        presentation=presentation,
        dark=dark,
    )
    if data.empty:
        _no_data(fig, presentation)
    notes = [_missing_note(len(missing), items)] if missing else []
    fig = _finish(fig, source_line, presentation, missing, notes)
    return _fit_height(fig, len(labels), presentation)


# --------------------------------------------------------------------------------------------
# Table spec
# --------------------------------------------------------------------------------------------

_DEFAULT_LABELS = {
    "name": "City",
    "ascii_name": "City (ASCII)",
    "country": "Country",
    "country_name": "Country",
    "region": "Region",
    "rank": "Rank",
    "year": "Year",
    "population": "Population",
    "rank_change": "Change in rank",
    "previous_rank": "Previous rank",
    "basis": "Basis",
    "note": "Note",
    "unit_name": "Published unit",
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
    _require_columns(df, columns)
    data = df.loc[:, list(columns)].copy()
    if rank_col in data.columns:
        data = data.sort_values(rank_col, na_position="last", kind="stable")
    elif value_col in data.columns:
        data = data.sort_values(
            value_col, ascending=not higher_is_better, na_position="last", kind="stable"
        )
    data = data.reset_index(drop=True)

    year_part = f", {year_label}" if year_label else ""
    source_part = f" Source: {source_line}." if source_line else ""
    direction = "Higher is better." if higher_is_better else "Lower is better (1 = best)."
    default_help = {
        rank_col: f"1 = best; tied cities share a rank{year_part}.",
        value_col: f"In {unit}{year_part}. {direction} Empty = no data (not 0).{source_part}",
    }
    labels = dict(labels or {})
    formats = dict(formats or {})
    help_texts = dict(help_texts or {})

    column_config: dict[str, dict[str, Any]] = {}
    for col in columns:
        label = (
            labels.get(col)
            or (f"Value ({unit})" if col == value_col else _DEFAULT_LABELS.get(col))
            or col.replace("_", " ").capitalize()
        )
        entry: dict[str, Any] = {"label": label}
        help_text = help_texts.get(col, default_help.get(col))
        if help_text:
            entry["help"] = help_text
        if pd.api.types.is_numeric_dtype(data[col]) and not pd.api.types.is_bool_dtype(data[col]):
            entry["type_config"] = {
                "type": "number",
                "format": formats.get(col) or _number_format(col, _numeric(data[col])),
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


# --------------------------------------------------------------------------------------------
# Radar
# --------------------------------------------------------------------------------------------


def _translucent(colour: str, alpha: float) -> str:
    r, g, b, _ = theme.hex_to_rgb(colour)
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
    _require_columns(df_long, [city_col, axis_col, value_col])
    if not (normalisation_note or "").strip():
        raise ValueError("normalisation_note is required: a radar is unreadable without it")
    data = df_long.copy()
    data["_value"] = _numeric(data[value_col])
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
            [name, t, "no data" if v is None else format_number(v)]
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
                hovertemplate=_HOVER_NAME_AXIS_VALUE,
            )
        )
    title_text = _compose_title(title, f"0–{scale:g} scale", year_label)
    fig.update_layout(**base_layout(title_text, presentation, dark, normalisation_note))
    fig.update_layout(
        polar={
            "radialaxis": {"range": [0, scale], "showline": False},
            "angularaxis": {"direction": "clockwise", "rotation": 90},
            "bgcolor": _TRANSPARENT,
        },
        showlegend=True,
    )
    if not cities:
        _no_data(fig, presentation)
    notes = [_missing_note(len(missing), ("city", "cities"))] if missing else []
    if partial:
        notes.append(
            f"{_plural(partial, ('city', 'cities'))} without some axes: "
            "gaps in the outline, not zeros."
        )
    return _finish(fig, source_line, presentation, missing, notes)


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
    unique = _unique_labels(names, [str(k) for k in firsts[key_col]])
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
    _require_columns(df_long, [x, y, color])
    data = df_long.copy()
    data["_value"] = _numeric(data[y])
    data["_x"] = _numeric(data[x]) if x == "year" else data[x]
    key_col, names = _series_keys(data, color, id_col)
    absent = data["_value"].isna() | pd.isna(data["_x"])
    valid = data.loc[~absent]
    present = set(valid[key_col])
    missing = [str(k) for k in names if k not in present]

    size = _font_size(presentation)
    hi_keys = set(valid.loc[_highlight_mask(valid, highlight, [key_col, color]), key_col])
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
                hovertemplate=_HOVER_NAME_X_VALUE,
            )
        )

    years = _year_span(valid["_x"]) if x == "year" else ""
    subtitle_parts = []
    if lower_is_better:
        subtitle_parts.append("Axis reversed: 1 = best, at the top")
    if hi_keys:
        subtitle_parts.append("selected cities drawn thicker")
    fig.update_layout(
        **base_layout(
            _compose_title(title, unit, years),
            presentation,
            dark,
            subtitle_parts,
        )
    )
    fig.update_layout(hovermode="closest", legend={"title": {"text": ""}})
    x_title = "Year" if x == "year" else escape_text(x)
    fig.update_xaxes(title={"text": x_title}, **(_year_axis(valid["_x"]) if x == "year" else {}))
    y_axis: dict[str, Any] = {"title": {"text": unit_text}, "tickfont": {"size": size}}
    if lower_is_better:
        y_axis["autorange"] = "reversed"
        if not valid.empty:
            y_axis.update(_integer_ticks(valid["_value"].max() - valid["_value"].min()))
    fig.update_yaxes(**y_axis)
    if valid.empty:
        _no_data(fig, presentation)

    notes = [_missing_note(len(missing), ("city", "cities"))] if missing else []
    gap_rows_of_present = int(data.loc[absent, key_col].isin(present).sum())
    if gap_rows_of_present > 0:
        notes.append(
            f"{_plural(gap_rows_of_present, ('year', 'years'))} without a value skipped "
            "(lines join the years with data)."
        )
    return _finish(fig, source_line, presentation, missing, notes)


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
    _require_columns(df_long, [facet_col, x, y, color])
    data = df_long.copy()
    data["_value"] = _numeric(data[y])
    data["_x"] = _numeric(data[x]) if x == "year" else data[x]
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
            text += " ↑ 1 = best"
        if valid.loc[valid[facet_col] == facet].empty:
            text += " (no data)"
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
    size = _font_size(presentation)
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
                    hovertemplate=_HOVER_NAME_X_VALUE,
                ),
                row=row,
                col=col,
            )
            shown.add(key)
        if x == "year":
            fig.update_xaxes(row=row, col=col, **_year_axis(facet_rows["_x"]))
        if facet in reversed_facets:
            fig.update_yaxes(row=row, col=col, autorange="reversed")

    years = _year_span(valid["_x"]) if x == "year" else ""
    subtitle = ["Each panel has its own scale and unit"]
    if reversed_facets & set(facets):
        subtitle.append("rank panels reversed (1 = best, at the top)")
    layout = base_layout(_compose_title(title, years), presentation, dark, subtitle)
    # the first row's panel titles sit above the plot area: make room under the subtitle
    layout["margin"]["t"] += round(size * 1.6)
    fig.update_layout(**layout)
    fig.update_layout(height=130 + layout["margin"]["t"] + n_rows * (300 if presentation else 220))
    fig.update_annotations(font={"family": theme.FONT_FAMILY, "size": round(size * 0.9)})
    fig.update_yaxes(tickfont={"size": round(size * 0.85)})
    fig.update_xaxes(tickfont={"size": round(size * 0.85)})
    if valid.empty:
        _no_data(fig, presentation)
    notes = [_missing_note(len(missing), ("city", "cities"))] if missing else []
    return _finish(fig, source_line, presentation, missing, notes)


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
    unit: str = "openings per year",
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
    _require_columns(df, [year_col, color_col])
    data = df.copy()
    data["_year"] = _numeric(data[year_col])
    absent = data["_year"].isna()
    if id_col is not None and id_col in data.columns:
        missing = _missing_keys(data, absent, id_col)
    else:
        missing = [str(i) for i in data.index[absent]]
    data = data.loc[~absent]
    data["_type"] = data[color_col].astype("string").fillna("not stated")
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
                customdata=[[name, _plural(int(v), items)] for v in rows["n"]],
                hovertemplate=_HOVER_NAME_X_VALUE,
            )
        )
    years = _year_span(data["_year"])
    fig.update_layout(**base_layout(_compose_title(title, unit, years), presentation, dark, None))
    fig.update_layout(barmode="stack", bargap=0.15, legend={"traceorder": "normal"})
    fig.update_xaxes(title={"text": "Year opened"}, **_year_axis(data["_year"]))
    peak = float(counts.groupby("_year")["n"].sum().max()) if not counts.empty else 0.0
    fig.update_yaxes(title={"text": escape_text(unit)}, rangemode="tozero", **_integer_ticks(peak))
    if data.empty:
        _no_data(fig, presentation)
    notes = [_missing_note(len(missing), items, "year", "left off the timeline")] if missing else []
    return _finish(fig, source_line, presentation, missing, notes)


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
    _require_columns(df, cols)
    data = df.copy()
    for col in (median_col, low_col, high_col, base_rank_col):
        data[f"_{col}"] = _numeric(data[col])
    numeric = [f"_{c}" for c in (median_col, low_col, high_col, base_rank_col)]
    key_col = id_col if id_col in data.columns else name_col
    absent = data[numeric].isna().any(axis=1)
    missing = _missing_keys(data, absent, key_col)
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

    highlighted = _highlight_mask(data, highlight, [key_col, name_col]).tolist()
    names = [escape_text(n) for n in data[name_col]]
    labels = [
        f"<b>{_format_rank(b)}. {n}</b>" if h else f"{_format_rank(b)}. {n}"
        for n, b, h in zip(names, base, highlighted, strict=True)
    ]
    labels = _unique_labels(labels, [str(k) for k in data[key_col]])
    interval_text = escape_text(interval_label)
    customdata = [
        [
            n,
            _format_rank(b),
            format_number(m),
            format_number(lo),
            format_number(hi),
            interval_text,
        ]
        for n, b, m, lo, hi in zip(names, base, med, low, high, strict=True)
    ]
    size = _font_size(presentation)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=med.tolist(),
            y=labels,
            mode="markers",
            name=f"Median rank ({interval_text} interval)",
            marker={
                "color": [_HIGHLIGHT_COLOUR if h else _BASE_COLOUR for h in highlighted],
                "size": 12 if presentation else 9,
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (high - med).tolist(),
                "arrayminus": (med - low).tolist(),
                "color": _BASE_COLOUR,
                "thickness": 2,
                "width": 4,
            },
            customdata=customdata,
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>Base rank %{customdata[1]}<br>"
                "Median rank %{customdata[2]}<br>%{customdata[5]}: "
                "%{customdata[3]}–%{customdata[4]}<extra></extra>"
            ),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=base.tolist(),
            y=labels,
            mode="markers",
            name="Base rank",
            marker={
                "color": _REFERENCE_COLOUR,
                "symbol": "diamond-open",
                "size": 11 if presentation else 8,
            },
            hoverinfo="skip",
        )
    )
    subtitle = [f"Dot = median rank, bar = {interval_label}, ◇ = base rank", "1 = best"]
    if len(data) < n_total:
        subtitle.append(f"top {len(data)} of {n_total}")
    fig.update_layout(
        **base_layout(_compose_title(title, "rank", year_label), presentation, dark, subtitle)
    )
    # The subtitle is the legend: a plotly legend would collide with it at the top.
    fig.update_layout(showlegend=False)
    fig.update_yaxes(
        type="category", autorange="reversed", automargin=True, tickfont={"size": size}
    )
    x_axis: dict[str, Any] = {"title": {"text": "Rank (1 = best)"}}
    if not data.empty:
        lo_x, hi_x = float(min(low.min(), base.min())), float(max(high.max(), base.max()))
        x_axis["range"] = [max(lo_x - 0.5, 0), hi_x + 0.5]  # no rank 0 or below
        x_axis.update(_integer_ticks(hi_x - lo_x))
    fig.update_xaxes(**x_axis)
    if data.empty:
        _no_data(fig, presentation)
    notes = [_missing_note(len(missing), ("city", "cities"))] if missing else []
    fig = _finish(fig, source_line, presentation, missing, notes)
    return _fit_height(fig, len(data), presentation)
