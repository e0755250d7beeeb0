"""Rank stability intervals."""

from __future__ import annotations

import numpy as np
import pytest

from components import (
    chart_frame,
    chart_intervals,
)
from tests.components.chart_checks import (
    SOURCE,
    _assert_no_raw_markup,
    _source,
)


def test_interval_chart_error_bars_span_5th_to_95th(stability):
    fig = chart_intervals.interval_chart(
        stability,
        "name",
        "median_rank",
        "rank_p05",
        "rank_p95",
        "base_rank",
        "Rank stability",
        SOURCE,
        year_label="2024",
    )
    median = fig.data[0]
    assert median.type == "scatter"
    assert list(median.y[:3]) == ["1. Zürich", "2. Paris", "3. Tokyo"]  # base-rank order
    assert list(median.x) == [1.0, 3.0, 2.5, 4.0]
    err = median.error_x
    assert err.type == "data" and err.symmetric is False
    assert list(err.array) == [1.0, 2.0, 1.5, 0.0]  # p95 - median
    assert list(err.arrayminus) == [0.0, 2.0, 1.5, 1.0]  # median - p05
    assert list(fig.data[1].x) == [1, 2, 3, 4]  # base rank markers
    assert fig.layout.yaxis.autorange == "reversed"
    assert "rank" in fig.layout.title.text and "2024" in fig.layout.title.text
    assert "5th–95th percentile" in fig.layout.title.subtitle.text
    assert chart_frame.missing_count(fig) == 1
    assert _source(fig) == f"Source: {SOURCE}"
    _assert_no_raw_markup(fig)


def test_interval_chart_rejects_interval_not_containing_median(stability):
    broken = stability.assign(rank_p05=[3, 1, 1, 3, np.nan])  # Tokyo: p05 3 > median 2.5
    with pytest.raises(ValueError, match="low <= median <= high"):
        chart_intervals.interval_chart(
            broken,
            "name",
            "median_rank",
            "rank_p05",
            "rank_p95",
            "base_rank",
            "Rank stability",
            SOURCE,
        )
