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

from atlas.i18n import N_, _, ngettext
from atlas.numbers import format_count, format_number, no_data
from atlas.wording import is_rank_unit, join_clauses

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


# The kinds of picture a sentence names first (marked here, translated where said).
CHART = N_("Chart")
BAR_CHART = N_("Bar chart")
RADAR_CHART = N_("Radar chart")
LINE_CHART = N_("Line chart")
SCATTER_PLOT = N_("Scatter plot")
DOT_CHART = N_("Dot chart")


def _kind(traces: Sequence[Any]) -> str:
    """The kind of chart, as its English name (a key; translated where it is said)."""
    types = {t.type for t in traces}
    if not types:
        return CHART
    if types <= {"bar"}:
        return BAR_CHART
    if types <= {"scatterpolar"}:
        return RADAR_CHART
    if types <= {"scatter"}:
        lines = any("lines" in (t.mode or "lines") for t in traces)
        if lines:
            return LINE_CHART
        numeric = all(_number(v) is not None for t in traces for v in (*_seq(t.x), *_seq(t.y)))
        return SCATTER_PLOT if numeric else DOT_CHART
    return CHART


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
    if not count:
        return ""
    return " " + ngettext(
        "{n} left out for lack of data.", "{n} left out for lack of data.", count
    ).format(n=format_count(count))


def _range_phrase(values: Iterable[float]) -> str:
    numbers = [v for v in values if v is not None]
    if not numbers:
        return ""
    low, high = min(numbers), max(numbers)
    if low == high:
        return _("every value is {value}").format(value=format_number(low))
    return _("values run from {low} to {high}").format(
        low=format_number(low), high=format_number(high)
    )


def _scatter_phrase(fig: go.Figure, traces: Sequence[Any]) -> str:
    """'32 points; Hubs hosted from 1 to 25; GII rank from 1 to 100.' Both axes are
    measures, so no point leads: the range of each axis is what a reader needs first."""
    points = sum(len(_seq(t.x)) for t in traces)
    parts = [ngettext("{n} point", "{n} points", points).format(n=format_count(points))]
    for axis, key in ((fig.layout.xaxis, "x"), (fig.layout.yaxis, "y")):
        values = [v for t in traces for v in (_number(a) for a in _seq(getattr(t, key)))]
        values = [v for v in values if v is not None]
        name = plain_text(axis.title.text) if axis.title and axis.title.text else key
        if values:
            # Translators: the range of one axis of a scatter plot ("GII rank from 1 to 100").
            parts.append(
                _("{axis} from {low} to {high}").format(
                    axis=name, low=format_number(min(values)), high=format_number(max(values))
                )
            )
    return join_clauses(parts) + "."


def _no_data(head: str, missing: str) -> str:
    return _("{chart}: no data to show for this selection.").format(chart=head) + missing


def figure_summary(fig: go.Figure) -> str:
    """'Bar chart, <title>: 20 bars; first Geneva (12), Paris (10), Berlin (9); values run from
    1 to 12. 3 left out for lack of data.'

    Bars and dots are read in the order they are drawn (the Atlas's builders put the best
    first); lines and radars by their series and the range of their values.
    """
    traces = [t for t in fig.data if t.visible in (None, True)]
    title = _title(fig)
    kind = _kind(traces)
    # Translators: a chart's kind and its title, as a sentence about the chart begins.
    head = _("{kind}, {title}").format(kind=_(kind), title=title) if title else _(kind)
    missing = _missing_phrase(fig)
    if not traces:
        return _no_data(head, missing)
    if kind == SCATTER_PLOT:
        return f"{head}: {_scatter_phrase(fig, traces)}{missing}"
    if kind in (BAR_CHART, DOT_CHART):
        # read by the first trace (the builders draw the main measure first); name the rest
        pairs = [(label, value) for label, value in _pairs(traces[0]) if value is not None]
        if not pairs:
            return _no_data(head, missing)
        count = (
            ngettext("{n} bar", "{n} bars", len(pairs))
            if kind == BAR_CHART
            else ngettext("{n} point", "{n} points", len(pairs))
        ).format(n=format_count(len(pairs)))
        first = plain_text(traces[0].name) if len(traces) > 1 and traces[0].name else ""
        # Translators: added after "20 bars" when several series are drawn ("of Hubs hosted").
        measure = _(" of {series}").format(series=first) if first else ""
        leaders = ", ".join(f"{label} ({format_number(v)})" for label, v in pairs[:LEADERS])
        text = _("{chart}: {count}{measure}; first {leaders}; {values}.").format(
            chart=head,
            count=count,
            measure=measure,
            leaders=leaders,
            values=_range_phrase(v for _label, v in pairs),
        )
        others = [plain_text(t.name) for t in traces[1:] if t.name]
        also = " " + _("Also drawn: {series}.").format(series=", ".join(others)) if others else ""
        return f"{text}{also}{missing}"
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
        return _no_data(head, missing)
    named = ", ".join(series[:6])
    if len(series) > 6:
        named = _("{items} and {n} more").format(items=named, n=format_count(len(series) - 6))
    n_series = format_count(len(traces))
    who = (
        ngettext("{n} series ({names})", "{n} series ({names})", len(traces)).format(
            n=n_series, names=named
        )
        if named
        else ngettext("{n} series", "{n} series", len(traces)).format(n=n_series)
    )
    xs = []
    if kind == LINE_CHART:
        xs = [v for t in traces for v in (_number(x) for x in _seq(t.x)) if v is not None]
    if xs:
        text = _("{chart}: {series} from {start} to {end}; {values}.").format(
            chart=head,
            series=who,
            start=_axis_number(min(xs)),
            end=_axis_number(max(xs)),
            values=_range_phrase(values),
        )
    else:
        text = _("{chart}: {series}; {values}.").format(
            chart=head, series=who, values=_range_phrase(values)
        )
    return text + missing


def map_summary(
    subject: str,
    names: Sequence[object],
    values: Sequence[object],
    *,
    measure: str,
    unit: str = "",
    higher_is_better: bool = True,
) -> str:
    """'Map of 387 cities sized and coloured by Hubs hosted: most Geneva (12), …; values
    run from 0 to 12 (hubs); 30 have no data (grey).'

    ``subject`` is what the points are: "cities" (said in the run's language), or a plural
    noun the caller has already put in it. ``names`` and ``values`` are the drawn points (one
    per city); missing values are counted, never read as 0. For ranks (``higher_is_better``
    False) the leaders are the lowest.
    """
    pairs = [(plain_text(n), _number(v)) for n, v in zip(names, values, strict=True)]
    known = [(n, v) for n, v in pairs if v is not None]
    lacking = len(pairs) - len(known)
    rank = is_rank_unit(unit)
    suffix = f" ({unit})" if unit and not rank else ""
    count = format_count(len(pairs))
    if subject == "cities":
        head = ngettext(
            "Map of {n} city sized and coloured by {measure}",
            "Map of {n} cities sized and coloured by {measure}",
            len(pairs),
        ).format(n=count, measure=measure)
    else:
        head = _("Map of {n} {subject} sized and coloured by {measure}").format(
            n=count, subject=subject, measure=measure
        )
    if not known:
        return _("{map}: none has data for it.").format(map=head)
    ordered = sorted(known, key=lambda p: p[1], reverse=higher_is_better)
    leaders = ", ".join(f"{n} ({format_number(v)})" for n, v in ordered[:LEADERS])
    if rank:
        lead = _("best ranked {leaders}").format(leaders=leaders)
    elif higher_is_better:
        lead = _("most {leaders}").format(leaders=leaders)
    else:
        lead = _("lowest {leaders}").format(leaders=leaders)
    low = format_number(min(v for _n, v in known))
    high = format_number(max(v for _n, v in known))
    if low == high:
        spread = _("all {value}{unit}").format(value=high, unit=suffix)
    else:
        spread = _("values run from {low} to {high}{unit}").format(low=low, high=high, unit=suffix)
    parts = [lead, spread]
    if lacking:
        parts.append(
            ngettext("{n} has no data (grey)", "{n} have no data (grey)", lacking).format(
                n=format_count(lacking)
            )
        )
    return _("{map}: {details}.").format(map=head, details=join_clauses(parts))


def count_summary(what: str, counts: Mapping[str, int], *, total_noun: str) -> str:
    """'Map of 273 diplomacy hubs by type: innovation centre 80, science attaché office 60, …'

    ``what``, ``total_noun`` and the keys of ``counts`` are shown as given: the caller puts
    them in the run's language.
    """
    total = sum(counts.values())
    if not total:
        return _("Map of {what}: nothing to show for this selection.").format(what=what)
    parts = ", ".join(
        f"{k} {format_count(v)}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return _("Map of {n} {noun} by {what}: {counts}.").format(
        n=format_count(total), noun=total_noun, what=what, counts=parts
    )


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
        note = _(
            "The first {shown} of {total} rows; the Table tab and the download have all."
        ).format(shown=format_count(limit), total=format_count(len(table)))
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
        return no_data()
    if isinstance(value, (bool, np.bool_)):
        return _("yes") if value else _("no")
    if pd.api.types.is_number(value):
        number = float(value)  # type: ignore[arg-type]
        return str(int(number)) if years and number.is_integer() else format_number(number)
    return str(value)
