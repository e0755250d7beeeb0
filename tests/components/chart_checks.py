"""What chart tests look at: a figure's footer lines and notes, its JSON, its one bar trace.

Chart builders are checked through their figure dicts: what a reader would see (order,
colours, titles, the source line, gap notes) must hold without rendering anything."""

from __future__ import annotations

import json

import plotly.graph_objects as go

from components import (
    chart_frame,
)

HOSTILE = "<img src=x onerror=alert(1)>"
BOLD = "<b>x</b>"
SOURCE = "Atlas compilation (2024)"


def _annotations(fig: go.Figure, name: str) -> list[str]:
    return [a.text for a in fig.layout.annotations if a.name == name]


def _source(fig: go.Figure) -> str:
    texts = _annotations(fig, chart_frame.SOURCE_ANNOTATION_NAME)
    assert len(texts) == 1, "exactly one source line per figure"
    return texts[0]


def _notes(fig: go.Figure) -> str:
    return " ".join(_annotations(fig, chart_frame.MISSING_ANNOTATION_NAME))


def _raw_json(fig: go.Figure) -> str:
    """The figure as sent to the browser, with JSON's own escapes undone."""
    return json.dumps(json.loads(fig.to_json()), ensure_ascii=False)


def _assert_no_raw_markup(fig: go.Figure) -> None:
    raw = _raw_json(fig)
    assert HOSTILE not in raw
    assert BOLD not in raw


def _bar(fig: go.Figure) -> go.Bar:
    bars = [t for t in fig.data if t.type == "bar"]
    assert len(bars) == 1
    return bars[0]
