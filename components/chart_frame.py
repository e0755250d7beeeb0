"""The frame every Atlas chart shares: escaping, theme layout, the source footer, config.

The chart families (components/chart_*.py) build their traces and finish through here:
a DataFrame goes in, a ``go.Figure`` (or a plain dict) comes out.

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
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from atlas.i18n import _, ngettext
from atlas.numbers import format_count, format_number, plotly_separators
from atlas.text import slugify
from components import theme

# Annotation names, so tests and pages can find the footer lines without parsing text.
SOURCE_ANNOTATION_NAME = "source"
MISSING_ANNOTATION_NAME = "missing-note"
NO_DATA_ANNOTATION_NAME = "no-data"

# The two roles a bar can play; both are palette colours so they stay colour-blind safe.
BASE_COLOUR = theme.CATEGORICAL[0]  # blue
HIGHLIGHT_COLOUR = theme.CATEGORICAL[1]  # orange, the most distinct from blue for all CVDs
REFERENCE_COLOUR = theme.CATEGORICAL[5]  # vermillion, for a second marker on the same row

TRANSPARENT = "rgba(0,0,0,0)"
_WHITE = "white"

# Data text only ever enters a hover through customdata (escaped), never by string formatting
# into the template, so a name containing "%{...}" cannot address other fields either.
HOVER_NAME_X_VALUE = "<b>%{customdata[0]}</b><br>%{x}: %{customdata[1]}<extra></extra>"
HOVER_NAME_AXIS_VALUE = (
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


def format_rank(rank: float) -> str:
    return str(int(rank)) if float(rank).is_integer() else format_number(rank)


def plural(n: int, items: tuple[str, str]) -> str:
    """'1 city', '12 cities' in the run's language, for the things the charts count.

    Callers name the things by their English pair (``("city", "cities")``); each known pair is
    one whole plural message, so a translation can agree the noun with the count. A pair this
    module does not know is written as given, with the count in the language's digits.
    """
    count = format_count(n)
    phrase = _counted(n, items)
    if phrase is not None:
        return phrase.format(n=count)
    return f"{count} {items[0] if n == 1 else items[1]}"


def _counted(n: int, items: tuple[str, str]) -> str | None:
    """The plural message for a known pair of nouns, still with its ``{n}`` field."""
    pair = tuple(items)
    if pair == ("city", "cities"):
        return ngettext("{n} city", "{n} cities", n)
    if pair == ("year", "years"):
        return ngettext("{n} year", "{n} years", n)
    if pair == ("hub", "hubs"):
        return ngettext("{n} hub", "{n} hubs", n)
    if pair == ("partnership", "partnerships"):
        return ngettext("{n} agreement", "{n} agreements", n)
    if pair == ("row", "rows"):
        return ngettext("{n} row", "{n} rows", n)
    return None


def numeric(series: pd.Series) -> pd.Series:
    """Coerce to float with NaN for anything unusable, so a stray "n/a" is missing, never 0."""
    values = pd.to_numeric(series, errors="coerce").astype(float)
    return values.replace([np.inf, -np.inf], np.nan)


def compose_title(title: str, *parts: str | None) -> str:
    """Append unit and year in one house style: ``Title (unit, year)``."""
    extras = [p for p in parts if p]
    return f"{title} ({', '.join(extras)})" if extras else title


def year_span(years: Iterable[object]) -> str:
    clean = sorted({int(y) for y in years if not pd.isna(y)})
    if not clean:
        return ""
    return str(clean[0]) if clean[0] == clean[-1] else f"{clean[0]}–{clean[-1]}"


def require_columns(df: pd.DataFrame, columns: Iterable[str]) -> None:
    """Fail with the column name, not with a KeyError deep inside plotly."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"missing column(s) {missing}; frame has {list(df.columns)}")


def unique_labels(labels: Sequence[str], keys: Sequence[str]) -> list[str]:
    """Two cities may share a display name (Valencia ES / VE); a category axis would merge them."""
    counts = pd.Series(labels).value_counts()
    return [
        f"{label} ({escape_text(key)})" if counts[label] > 1 else label
        for label, key in zip(labels, keys, strict=True)
    ]


def missing_keys(df: pd.DataFrame, mask: pd.Series, key_col: str) -> list[str]:
    """Raw keys (city_id where there is one) for ``layout.meta``: pages look them up, and
    plotly never renders meta unless a template asks for ``%{meta}``, which none here does."""
    keys = df.loc[mask, key_col]
    return [str(k) for k in pd.unique(keys.astype("string").fillna("(no id)"))]


# --------------------------------------------------------------------------------------------
# Layout, footer, config
# --------------------------------------------------------------------------------------------


def font_size(presentation: bool) -> int:
    return theme.PRESENTATION_FONT_SIZE if presentation else theme.BASE_FONT_SIZE


# A subtitle line longer than this runs past the right edge of a desktop chart (plotly does not
# wrap): French and Catalan run a third longer than English, so the parts go on to a new line.
SUBTITLE_LINE_CHARS = 100


def _subtitle_lines(parts: Sequence[str]) -> list[list[str]]:
    """The parts of a subtitle grouped into lines of at most SUBTITLE_LINE_CHARS, breaking
    only between parts (a part longer than a line keeps a line to itself)."""
    lines: list[list[str]] = []
    width = 0
    for part in parts:
        if lines and width + 3 + len(part) <= SUBTITLE_LINE_CHARS:
            lines[-1].append(part)
            width += 3 + len(part)
        else:
            lines.append([part])
            width = len(part)
    return lines


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
    size = font_size(presentation)
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
    raw = [str(p) for p in parts if p]
    lines = [[p] for p in raw] if presentation else _subtitle_lines(raw)
    if lines:
        title_spec["subtitle"] = {
            "text": "<br>".join(" · ".join(escape_text(p) for p in line) for line in lines),
            "font": {"family": theme.FONT_FAMILY, "size": subtitle_size},
        }
    subtitle_lines = len(lines)
    top = pad_top + round(title_size * 1.5) + round(subtitle_size * 1.5) * subtitle_lines + size
    background = TRANSPARENT if dark else _WHITE
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
        "separators": plotly_separators(),
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
    # Translators: the line under every chart; {source} is the publishers and years.
    template = _("Source: {source}")
    prefix = template.split("{source}")[0].strip().lower()
    if not line.lower().startswith(("source", prefix)):
        line = template.format(source=line)
    size = font_size(presentation)
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


def finish(
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


def no_data(fig: go.Figure, presentation: bool) -> None:
    """An empty chart must say it is empty, or readers take a blank as 'all zero'."""
    fig.add_annotation(
        name=NO_DATA_ANNOTATION_NAME,
        text=_("No data to show for this selection"),
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"family": theme.FONT_FAMILY, "size": font_size(presentation)},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)


def missing_note(
    n: int,
    items: tuple[str, str],
    lacking: str = "data",
    consequence: str = "left out, not drawn as 0",
) -> str:
    """One wording for every gap, so readers learn it once.

    The gaps the charts report are whole plural sentences (the verb agrees with the count in
    every language); an unknown combination is put together from its translated parts.
    """
    sentence = _gap_sentence(n, tuple(items), lacking, consequence)
    if sentence is not None:
        return sentence.format(n=format_count(n))
    # Translators: a gap under a chart: "3 types have no data: left out, not drawn as 0."
    return ngettext(
        "{things} has no {lacking}: {consequence}.",
        "{things} have no {lacking}: {consequence}.",
        n,
    ).format(things=plural(n, items), lacking=lacking, consequence=consequence)


def _gap_sentence(n: int, items: tuple[str, ...], lacking: str, consequence: str) -> str | None:
    if consequence == "left out, not drawn as 0" and items == ("city", "cities"):
        if lacking == "data":
            return ngettext(
                "{n} city has no data: left out, not drawn as 0.",
                "{n} cities have no data: left out, not drawn as 0.",
                n,
            )
        if lacking == "rank":
            return ngettext(
                "{n} city has no rank: left out, not drawn as 0.",
                "{n} cities have no rank: left out, not drawn as 0.",
                n,
            )
    if consequence == "left out, not drawn as 0" and lacking == "data" and items == ("row", "rows"):
        return ngettext(
            "{n} row has no data: left out, not drawn as 0.",
            "{n} rows have no data: left out, not drawn as 0.",
            n,
        )
    if consequence == "left off the timeline" and lacking == "year":
        if items == ("hub", "hubs"):
            return ngettext(
                "{n} hub has no year: left off the timeline.",
                "{n} hubs have no year: left off the timeline.",
                n,
            )
        if items == ("partnership", "partnerships"):
            return ngettext(
                "{n} agreement has no year: left off the timeline.",
                "{n} agreements have no year: left off the timeline.",
                n,
            )
    return None


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
# Shared by the chart families: row heights, integer ticks, highlighted rows
# --------------------------------------------------------------------------------------------


def fit_height(fig: go.Figure, n_rows: int, presentation: bool) -> go.Figure:
    """Give each bar row a fixed slot, so a long ranking never hides every other label.

    Called after the footer is added, because title and footer margins are known only then.
    """
    per_row = round(font_size(presentation) * 1.9)
    margin = fig.layout.margin
    fig.update_layout(height=max(320, int(margin.t) + int(margin.b) + per_row * max(n_rows, 3)))
    return fig


def integer_ticks(span: float) -> dict[str, Any]:
    """Counts and ranks are whole numbers; stop plotly from ticking 0.5 steps on short axes."""
    return {"dtick": 1, "tickformat": "d"} if span <= 12 else {"tickformat": ",d"}


def highlight_mask(
    df: pd.DataFrame, highlight: set[str] | None, columns: Iterable[str]
) -> pd.Series:
    mask = pd.Series(False, index=df.index)
    if not highlight:
        return mask
    for col in columns:
        if col in df.columns:
            mask |= df[col].astype("string").isin(set(highlight)).fillna(False).astype(bool)
    return mask
