"""Lists other modules derive from the schema instead of copying it."""

from __future__ import annotations

from atlas.derive import DERIVED_COLUMNS
from atlas.schema import HUBS, VALUES


def test_base_and_late_columns_split_the_table() -> None:
    assert VALUES.base_column_names + VALUES.late_column_names == VALUES.column_names
    assert "other_value" in VALUES.late_column_names
    assert "other_value" not in VALUES.base_column_names
    assert HUBS.late_column_names == ["year_closed", "last_confirmed"]


def test_derived_rows_are_rows_of_the_values_table() -> None:
    assert VALUES.base_column_names == DERIVED_COLUMNS
