"""One rounding rule for every surface: charts, map tooltips, tables and sentences."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from atlas.numbers import NO_DATA, format_count, format_number, format_value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234.0, "1,234"),
        (1234.4, "1,234"),
        (1234.6, "1,235"),
        (12.345, "12.3"),
        (0.04561, "0.0456"),
        (0, "0"),
        (-250.4, "-250"),
        (3_000_000, "3,000,000"),
    ],
)
def test_one_rule(value: float, text: str) -> None:
    assert format_number(value) == text


def test_a_chart_and_a_map_now_agree() -> None:
    """The issue's example: the chart said 1,234.5 and the map 1,235."""
    assert format_number(1234.56) == "1,235"


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA, float("inf"), "n/a", True])
def test_missing_is_no_data_never_zero(missing: object) -> None:
    assert format_value(missing) == NO_DATA


def test_value_formats_numbers_like_format_number() -> None:
    assert format_value(np.float64(0.5)) == "0.5"
    assert format_value(np.int64(1204)) == "1,204"


def test_counts_and_the_locale_seam() -> None:
    assert format_count(1204) == "1,204"
    assert format_number(1.5, locale="en") == "1.5"
    with pytest.raises(ValueError, match="not 'fr'"):
        format_number(1.5, locale="fr")
