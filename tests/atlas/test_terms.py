"""The display names of the schema's lists: every value has one, translated in its context."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas import i18n, schema, terms


@pytest.mark.parametrize(
    ("values", "names"),
    [
        (schema.HUB_TYPES, terms.HUB_TYPE_NAMES),
        (schema.HUB_STATUSES, terms.HUB_STATUS_NAMES),
        (schema.PARTNERSHIP_TYPES, terms.PARTNERSHIP_TYPE_NAMES),
        (schema.PARTNERSHIP_STATUSES, terms.PARTNERSHIP_STATUS_NAMES),
        (schema.REGIONS, terms.REGION_NAMES),
        (schema.GEO_UNITS, terms.GEO_UNIT_NAMES),
        (schema.ROLE_GROUPS, terms.ROLE_GROUP_NAMES),
    ],
)
def test_every_schema_value_is_marked_for_translation(values, names) -> None:
    assert tuple(names) == tuple(values)


def test_a_status_is_translated_in_its_context() -> None:
    """The glossary: a hub is *activo*, an agreement *vigente*."""
    with i18n.language("es"):
        assert terms.hub_status("active") == "activo"
        assert terms.partnership_status("active") == "vigente"
        assert terms.hub_type("landing pad") == "plataforma de aterrizaje"
        assert terms.region("Europe") == "Europa"
        assert terms.hub_type("an uploaded type") == "an uploaded type"
        assert terms.hub_type(None) == ""
    assert terms.partnership_status("active") == "active"


@pytest.mark.parametrize(
    "values",
    [
        pd.Series(["Europe", None, "Asia", "Europe"], index=[5, 6, 7, 8], dtype="str"),
        pd.Series([], dtype="str"),
        pd.Series([None, None], dtype="str"),
        pd.Series(["Oceania"], dtype=object),
    ],
)
def test_naming_each_distinct_value_once_names_every_row_as_map_does(values) -> None:
    with i18n.language("fr"):
        named = terms.named(values, terms.region)
        expected = values.map(terms.region, na_action="ignore")
    pd.testing.assert_series_equal(named, expected, check_dtype=False)
    assert named.index.equals(values.index)


def test_naming_calls_the_function_once_per_distinct_value() -> None:
    calls: list[object] = []

    def name(value: object) -> str:
        calls.append(value)
        return str(value).upper()

    named = terms.named(pd.Series(["a", "b", "a", None, "b"], dtype="str"), name)
    assert named.tolist()[:3] == ["A", "B", "A"] and pd.isna(named.iloc[3])
    assert sorted(calls) == ["a", "b"]
