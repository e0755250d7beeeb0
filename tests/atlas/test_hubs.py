"""The hubs directory functions on a hand-made list whose answers can be read off."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas.hubs import (
    DIRECTORY_COLUMNS,
    counts_by,
    directory,
    hosted_by,
    operated_elsewhere,
    operator_country_name,
    operator_names,
    select_hubs,
)


@pytest.fixture
def cities() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "city_id": ["bcn-es", "mad-es", "zrh-ch", "sf-us"],
            "name": ["Barcelona", "Madrid", "Zürich", "San Francisco"],
            "country": ["ES", "ES", "CH", "US"],
            "country_name": ["Spain", "Spain", "Switzerland", "United States"],
        }
    )
    return frame.set_index("city_id", drop=False)


@pytest.fixture
def sources() -> pd.DataFrame:
    frame = pd.DataFrame(
        {"source_id": ["s1", "s2"], "publisher": ["Pub One", "Pub Two"], "url": ["u1", "u2"]}
    )
    return frame.set_index("source_id", drop=False)


@pytest.fixture
def hubs() -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            ("h1", "Swissnex SF", "innovation centre", "Swissnex", "CH", "sf-us", 2003, "active"),
            ("h2", "ACCIÓ SF", "agency office", "ACCIÓ", "ES", "sf-us", None, "active"),
            ("h3", "City office", "city initiative", "Barcelona", "ES", "bcn-es", 2019, "active"),
            ("h4", "ES office Zürich", "agency office", "ICEX", "ES", "zrh-ch", 2010, "closed"),
            ("h5", "EU office", "agency office", "EU", "EU", "bcn-es", 2021, "announced"),
        ],
        columns=[
            "hub_id",
            "name",
            "type",
            "operator",
            "operator_country",
            "host_city_id",
            "year_opened",
            "status",
        ],
    )
    frame["year_opened"] = frame["year_opened"].astype("Int64")
    frame["source_id"] = ["s1", "s2", "s1", "s2", "s1"]
    return frame


def test_operator_country_names():
    assert operator_country_name("CH") == "Switzerland"
    assert operator_country_name("EU") == "European Union"
    assert operator_country_name("INT") == "International organisation"
    assert operator_country_name("ZZ") == "ZZ"  # unknown code shown as given, not dropped
    assert operator_country_name(None) == "not stated"
    assert list(operator_names(["ES", "CH", "ES"])) == ["ES", "CH"]  # by name: Spain < Switz.


def test_select_hubs_filters_combine(hubs):
    assert len(select_hubs(hubs)) == 5
    assert select_hubs(hubs, types=["agency office"], statuses=["active"])["hub_id"].tolist() == [
        "h2"
    ]
    assert select_hubs(hubs, operators=["ES"], host_city_ids=["sf-us"])["hub_id"].tolist() == ["h2"]
    # opened by 2015: an undated hub cannot be shown to be open by then
    assert select_hubs(hubs, opened_by=2015)["hub_id"].tolist() == ["h1", "h4"]


def test_directory_names_everything(hubs, cities, sources):
    out = directory(hubs, cities, sources)
    assert list(out.columns) == DIRECTORY_COLUMNS
    sf = out.loc[out["hub_id"] == "h1"].iloc[0]
    assert sf["operator_country_name"] == "Switzerland"
    assert sf["host_city"] == "San Francisco"
    assert sf["host_country_name"] == "United States"
    assert (sf["source"], sf["source_url"]) == ("Pub One", "u1")
    assert out["host_city"].tolist() == sorted(out["host_city"])


def test_counts_by_operator_largest_first(hubs, cities, sources):
    out = counts_by(directory(hubs, cities, sources), "operator_country", "operator_country_name")
    assert out["operator_country"].tolist() == ["ES", "EU", "CH"]
    assert out["hubs"].tolist() == [3, 1, 1]
    assert out.loc[0, "sources"] == "Pub One; Pub Two"
    empty = counts_by(directory(hubs.iloc[0:0], cities, sources), "operator_country", "x")
    assert empty.empty and list(empty.columns) == ["operator_country", "x", "hubs", "sources"]


def test_hosted_and_operated_elsewhere(hubs, cities):
    assert hosted_by(hubs, "bcn-es")["hub_id"].tolist() == ["h3", "h5"]
    # Spain runs h2 (San Francisco) and h4 (Zürich) outside Barcelona; h3 is Barcelona's own
    assert operated_elsewhere(hubs, cities, "bcn-es")["hub_id"].tolist() == ["h2", "h4"]
    assert operated_elsewhere(hubs, cities, "sf-us").empty


def test_status_text_says_how_old_the_confirmation_is():
    from atlas.hubs import status_text

    assert status_text("active", pd.NA, 2006) == "active, last confirmed 2006"
    assert status_text("closed", 2018, 2018) == "closed in 2018, last confirmed 2018"
    assert status_text("announced", pd.NA, pd.NA) == "announced, source undated"


def test_confirmed_since_leaves_out_older_and_undated_hubs():
    from atlas.hubs import select_hubs

    hubs = pd.DataFrame(
        {"hub_id": ["a", "b", "c"], "last_confirmed": pd.array([2006, 2022, None], dtype="Int64")}
    )
    assert list(select_hubs(hubs, confirmed_since=2020)["hub_id"]) == ["b"]


def test_operator_names_and_status_text_in_the_run_language():
    from atlas.hubs import status_text
    from atlas.i18n import language

    with language("ca"):
        assert operator_country_name("CH") == "Suïssa"  # Babel's CLDR territory name
        assert operator_country_name("EU") == "Unió Europea"
        assert operator_country_name(None) == "no indicat"
        assert status_text("closed", 2018, 2018) == "tancat el 2018, darrera confirmació 2018"
    with language("fr"):
        assert operator_country_name("US") == "États-Unis"
        assert status_text("active", pd.NA, pd.NA) == "actif, source non datée"
