"""One-sentence text alternatives for charts and maps, generated from the data they draw.

A screen-reader user, or anyone who cannot tell the marks apart, gets what a sighted reader
takes from a glance: what the picture shows, who leads, the range, and what is missing. The
sentences are built from the figure's own traces (so they cannot drift from the picture) or,
for maps, from the table the layer was drawn from. Pure functions, no Streamlit.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from atlas.i18n import _
from atlas.numbers import format_number

LEADERS = 3
_TAGS = re.compile(r"<[^>]+>")


def plain_text(value: object) -> str:
    """Plotly's pseudo-HTML (escaped data, <b>, <br>, <sup>) as plain words."""
    text = _TAGS.sub(" ", str(value or ""))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def _axis_number(value: float) -> str:
    """Years on an x axis read as years (2019), not as quantities (2,019)."""
    return str(int(value)) if float(value).is_integer() else format_number(value)


def _title(fig: go.Figure) -> str:
    title = fig.layout.title
    return plain_text(title.text) if title and title.text else ""


def _kind(traces: Sequence[Any]) -> str:
    types = {t.type for t in traces}
    if not types:
        return "Chart"
    if types <= {"bar"}:
        return "Bar chart"
    if types <= {"scatterpolar"}:
        return "Radar chart"
    if types <= {"scatter"}:
        lines = any("lines" in (t.mode or "lines") for t in traces)
        if lines:
            return "Line chart"
        numeric = all(_number(v) is not None for t in traces for v in (*_seq(t.x), *_seq(t.y)))
        return "Scatter plot" if numeric else "Dot chart"
    return "Chart"


def _seq(values: object) -> list:
    """A trace's data as a list: plotly keeps tuples, lists or numpy arrays, and an array has
    no truth value, so `values or ()` cannot be used."""
    return [] if values is None else list(values)


def _pairs(trace: Any) -> list[tuple[str, float | None]]:
    """(label, value) per mark of a one-value-per-category trace (bars, dots).

    The label axis is the one holding names: bars say so by their orientation, dot charts
    (ranks drawn as positions) by which axis is not numeric.
    """
    x, y = _seq(trace.x), _seq(trace.y)
    if not x or not y:
        return []
    if trace.type == "bar":
        horizontal = trace.orientation == "h"
    else:
        horizontal = sum(_number(v) is None for v in y) > sum(_number(v) is None for v in x)
    labels, values = (y, x) if horizontal else (x, y)
    return [(plain_text(a), _number(v)) for a, v in zip(labels, values, strict=False)]


def _missing_phrase(fig: go.Figure) -> str:
    """The builders count what they left out in ``layout.meta`` (their keys are ids, which
    read badly aloud, so only the count is said; the table names them)."""
    meta = fig.layout.meta
    count = int(meta.get("n_missing", 0) or 0) if isinstance(meta, Mapping) else 0
    return f" {count:,} left out for lack of data." if count else ""


def _range_phrase(values: Iterable[float]) -> str:
    numbers = [v for v in values if v is not None]
    if not numbers:
        return ""
    low, high = min(numbers), max(numbers)
    if low == high:
        return f" every value is {format_number(low)}"
    return f" values run from {format_number(low)} to {format_number(high)}"


def _scatter_phrase(fig: go.Figure, traces: Sequence[Any]) -> str:
    """' 32 points; Hubs hosted from 1 to 25; GII rank from 1 to 100.' Both axes are
    measures, so no point leads: the range of each axis is what a reader needs first."""
    points = sum(len(_seq(t.x)) for t in traces)
    parts = [f" {points:,} points"]
    for axis, key in ((fig.layout.xaxis, "x"), (fig.layout.yaxis, "y")):
        values = [v for t in traces for v in (_number(a) for a in _seq(getattr(t, key)))]
        values = [v for v in values if v is not None]
        name = plain_text(axis.title.text) if axis.title and axis.title.text else key
        if values:
            parts.append(
                f"{name} from {format_number(min(values))} to {format_number(max(values))}"
            )
    return "; ".join(parts) + "."


def figure_summary(fig: go.Figure) -> str:
    """'Bar chart, <title>: 20 bars; first Geneva (12), Paris (10), Berlin (9); values run from
    1 to 12. 3 cities have no data and are left out.'

    Bars and dots are read in the order they are drawn (the Atlas's builders put the best
    first); lines and radars by their series and the range of their values.
    """
    traces = [t for t in fig.data if t.visible in (None, True)]
    title = _title(fig)
    head = f"{_kind(traces)}, {title}" if title else _kind(traces)
    missing = _missing_phrase(fig)
    if not traces:
        return f"{head}: no data to show for this selection.{missing}"
    kind = _kind(traces)
    if kind == "Scatter plot":
        return f"{head}:{_scatter_phrase(fig, traces)}{missing}"
    if kind in ("Bar chart", "Dot chart"):
        # read by the first trace (the builders draw the main measure first); name the rest
        pairs = [(label, value) for label, value in _pairs(traces[0]) if value is not None]
        if not pairs:
            return f"{head}: no data to show for this selection.{missing}"
        noun = "bars" if kind == "Bar chart" else "points"
        first = plain_text(traces[0].name) if len(traces) > 1 and traces[0].name else ""
        measure = f" of {first}" if first else ""
        leaders = ", ".join(f"{label} ({format_number(v)})" for label, v in pairs[:LEADERS])
        values = _range_phrase(v for _, v in pairs)
        others = [plain_text(t.name) for t in traces[1:] if t.name]
        also = f" Also drawn: {', '.join(others)}." if others else ""
        return f"{head}: {len(pairs):,} {noun}{measure}; first {leaders};{values}.{also}{missing}"
    series = [plain_text(t.name) for t in traces if t.name]
    values: list[float] = []
    for trace in traces:
        if trace.type == "scatterpolar":
            raw = trace.r
        elif trace.type == "bar" and trace.orientation == "h":
            raw = trace.x
        else:
            raw = trace.y
        values.extend(v for v in (_number(x) for x in _seq(raw)) if v is not None)
    if not values:
        return f"{head}: no data to show for this selection.{missing}"
    named = ", ".join(series[:6]) + (f" and {len(series) - 6} more" if len(series) > 6 else "")
    who = f"{len(traces):,} series ({named})" if named else f"{len(traces):,} series"
    span = ""
    if kind == "Line chart":
        xs = [v for t in traces for v in (_number(x) for x in _seq(t.x)) if v is not None]
        if xs:
            span = f" from {_axis_number(min(xs))} to {_axis_number(max(xs))}"
    return f"{head}: {who}{span};{_range_phrase(values)}.{missing}"


def map_summary(
    subject: str,
    names: Sequence[object],
    values: Sequence[object],
    *,
    measure: str,
    unit: str = "",
    higher_is_better: bool = True,
) -> str:
    """'Map of 387 cities sized and coloured by Hubs hosted: most Geneva (12 hubs), …; values
    run from 0 to 12 hubs; 30 cities have no data.'

    ``names`` and ``values`` are the drawn points (one per city); missing values are counted,
    never read as 0. For ranks (``higher_is_better`` False) the leaders are the lowest.
    """
    pairs = [(plain_text(n), _number(v)) for n, v in zip(names, values, strict=True)]
    known = [(n, v) for n, v in pairs if v is not None]
    lacking = len(pairs) - len(known)
    ranks = unit in ("rank", _("rank"))  # the catalogue's unit is in the run's language
    suffix = f" ({unit})" if unit and not ranks else ""
    head = f"Map of {len(pairs):,} {subject} sized and coloured by {measure}"
    if not known:
        return f"{head}: none has data for it."
    ordered = sorted(known, key=lambda p: p[1], reverse=higher_is_better)
    word = "best ranked" if ranks else ("most" if higher_is_better else "lowest")
    leaders = ", ".join(f"{n} ({format_number(v)})" for n, v in ordered[:LEADERS])
    low = format_number(min(v for _, v in known))
    high = format_number(max(v for _, v in known))
    spread = f"all {high}{suffix}" if low == high else f"values run from {low} to {high}{suffix}"
    verb = "has" if lacking == 1 else "have"
    gaps = f"; {lacking:,} {verb} no data (grey)" if lacking else ""
    return f"{head}: {word} {leaders}; {spread}{gaps}."


def count_summary(what: str, counts: Mapping[str, int], *, total_noun: str) -> str:
    """'Map of 273 diplomacy hubs by type: innovation centre 80, science attaché office 60, …'"""
    total = sum(counts.values())
    if not total:
        return f"Map of {what}: nothing to show for this selection."
    parts = ", ".join(
        f"{k} {v:,}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return f"Map of {total:,} {total_noun} by {what}: {parts}."


PLAIN_TABLE_ROWS = 50


def plain_table(
    table: pd.DataFrame,
    columns: Sequence[str] | None = None,
    labels: Mapping[str, Any] | None = None,
    limit: int = PLAIN_TABLE_ROWS,
) -> tuple[pd.DataFrame, str | None]:
    """The rows a plain HTML table shows: text cells, 'no data' for gaps, readable headers.

    ``labels`` is a page's st.column_config mapping: a string or a config's "label" renames a
    column, None hides it. Numbers get the Atlas's short format. Returns the table and, when
    rows were left out, a note saying how many the full table and the download hold.
    """
    config = dict(labels or {})
    shown = [
        c
        for c in (columns if columns is not None else table.columns)
        if c in table.columns and not (c in config and config[c] is None)
    ]
    rows = table.head(limit)[shown]
    out = pd.DataFrame(index=range(len(rows)))
    for col in shown:
        label = _label(col, config.get(col))
        years = "year" in f"{col} {label}".lower() or _int_format(config.get(col))
        out[label] = [_cell(v, years) for v in rows[col]]
    note = None
    if len(table) > limit:
        note = (
            f"The first {limit:,} of {len(table):,} rows; the Table tab and the download have all."
        )
    return out, note


def _label(col: str, config: Any) -> str:
    if isinstance(config, str):
        return config
    if isinstance(config, Mapping) and config.get("label"):
        return str(config["label"])
    return str(col)


def _int_format(config: Any) -> bool:
    if not isinstance(config, Mapping):
        return False
    return (config.get("type_config") or {}).get("format") == "%d"


def _cell(value: object, years: bool = False) -> str:
    """One cell as text; `years` prints whole numbers bare (2019, not 2,019)."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return "no data"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if pd.api.types.is_number(value):
        number = float(value)  # type: ignore[arg-type]
        return str(int(number)) if years and number.is_integer() else format_number(number)
    return str(value)
