"""One rounding rule for every surface: charts, map tooltips, tables and sentences."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from atlas import i18n
from atlas.numbers import (
    NO_DATA,
    format_count,
    format_date,
    format_number,
    format_share,
    format_value,
    no_data,
    plotly_separators,
)


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
    assert format_number(1.5, locale="fr") == "1,5"


@pytest.mark.parametrize(
    ("language", "population", "share", "decimal", "separators"),
    [
        ("en", "1,686,208", "12.5%", "12.3", ".,"),
        ("es", "1.686.208", "12,5\xa0%", "12,3", ",."),
        ("ca", "1.686.208", "12,5\xa0%", "12,3", ",."),
        ("fr", "1\u202f686\u202f208", "12,5\xa0%", "12,3", ",\u202f"),
    ],
)
def test_numbers_are_written_the_run_languages_way(
    language: str, population: str, share: str, decimal: str, separators: str
) -> None:
    """The issue's own example: Barcelona's population in the four languages."""
    with i18n.language(language):
        assert format_number(1686208) == population
        assert format_count(1686208) == population
        assert format_value(12.345) == decimal
        assert format_share(0.125, digits=1) == share
        assert plotly_separators() == separators
        assert format_value(None) == no_data()
    assert format_number(1686208) == "1,686,208"  # the block's language does not leak


def test_dates_read_in_the_language_and_missing_is_no_data() -> None:
    assert format_date("2026-12-01") == "Dec 1, 2026"
    with i18n.language("ca"):
        assert "des" in format_date("2026-12-01")
        assert format_date(None) == no_data()
    assert format_date("not a date") == "no data"


def test_spanish_groups_digits_only_from_five_on() -> None:
    """CLDR's minimum grouping digits for Spanish (the RAE's 1000 but 10.000); Catalan and
    French group from four digits."""
    assert format_number(1234, locale="es") == "1234"
    assert format_count(-1234, locale="es") == "-1234"
    assert format_number(12345, locale="es") == "12.345"
    assert format_number(1234, locale="ca") == "1.234"
    assert format_number(1234, locale="fr") == "1\u202f234"
