"""Each defect a data audit found, with a check that fails if it comes back (issue 14)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from atlas.text import slugify

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    names = ("cities", "hubs", "partnerships", "memberships", "sources", "values", "editions")
    return {n: pd.read_csv(DATA / f"{n}.csv", keep_default_na=False, na_values=[""]) for n in names}


def test_source_titles_describe_the_page_not_one_row(t) -> None:
    hubs, pairs = t["hubs"], t["partnerships"]
    titles = t["sources"].set_index("source_id")["title"]
    for source_id, rows in hubs.groupby("source_id"):
        if len(rows) > 1:
            for name in rows["name"]:
                assert name not in titles[source_id], (source_id, titles[source_id])
    for source_id, rows in pairs.groupby("source_id"):
        if len(rows) > 1:
            assert "agreement between" not in titles[source_id], titles[source_id]
    assert not titles.str.contains("Page cited for").any()


def test_city_ids_keep_every_letter(t) -> None:
    cities = t["cities"]
    for row in cities.itertuples():
        assert row.city_id == f"{slugify(row.ascii_name)}-{row.country.lower()}"
        assert row.ascii_name.isascii()
    assert {"lodz-pl", "wroclaw-pl", "bialystok-pl", "balikesir-tr"} <= set(cities["city_id"])


def test_no_city_claims_a_census_year_no_source_gives(t) -> None:
    assert t["cities"]["population_year"].isna().all()


def test_one_place_one_id(t) -> None:
    ids = set(t["cities"]["city_id"])
    assert not {"new-delhi-in", "palo-alto-us", "mountain-view-us", "santa-clara-us"} & ids
    names = t["cities"].groupby(["ascii_name", "country"]).size()
    assert (names == 1).all(), names[names > 1]
    hubs = t["hubs"]
    assert not hubs["name"].str.startswith("Canadian Technology Accelerator San Francisco").any()
    pairs = t["partnerships"]
    assert (pairs["city_a_id"] < pairs["city_b_id"]).all()  # one order per pair
    members = t["memberships"]
    plain = members[members["role_group"] != "leadership"]
    assert not plain.duplicated(["network_id", "city_id", "role_group"]).any()


def test_ranks_worked_out_from_list_order_are_inferred(t) -> None:
    values = t["values"]
    order = (
        values["note"]
        .fillna("")
        .str.contains(r"inferred|list order|order as (?:given|listed)|in the order", flags=re.I)
    )
    assert order.sum() >= 30
    assert (values.loc[order, "basis"] == "inferred").all()


@pytest.mark.parametrize(
    ("city_id", "indicator_id", "year", "values"),
    [
        ("barcelona-es", "gii_innovation_cluster_rank", 2025, {45, 62}),
        ("madrid-es", "gii_cluster_rank", 2024, {44, 48}),
    ],
)
def test_known_disagreements_are_kept_with_both_sources(
    t, city_id: str, indicator_id: str, year: int, values: set[int]
) -> None:
    v = t["values"]
    row = v[(v.city_id == city_id) & (v.indicator_id == indicator_id) & (v.year == year)].iloc[0]
    assert {int(row["value"]), int(row["other_value"])} == values
    assert row["other_source_id"] != row["source_id"]


def test_known_years_are_filled(t) -> None:
    hubs = t["hubs"].set_index("name")
    assert hubs.loc["CERN (European Organization for Nuclear Research)", "year_opened"] == 1954
    assert hubs.loc["European Synchrotron Radiation Facility (ESRF)", "year_opened"] == 1988


def test_hub_status_tells_the_truth(t) -> None:
    hubs = t["hubs"]
    closed = hubs[hubs["status"] == "closed"]
    assert len(closed) >= 10
    assert closed["year_closed"].notna().sum() >= 10
    assert hubs.loc[hubs["status"] != "closed", "year_closed"].isna().all()
    assert (hubs["last_confirmed"].dropna() <= 2026).all()
    assert hubs["last_confirmed"].notna().mean() > 0.7
    tekes = hubs[hubs["operator"].str.contains("Tekes")]
    assert tekes["note"].str.contains("Business Finland in 2018").all()
    members = t["memberships"]
    ended = members[members["network_id"] == "100-resilient-cities"]
    assert len(ended) and (ended["until"] == 2019).all()


def test_content_targets(t) -> None:
    hubs = t["hubs"]
    assert len(hubs) >= 600
    multilateral = hubs["operator_country"].isin(["EU", "INT", "NORDIC"])
    bodies = (
        hubs.loc[~multilateral, "operator_country"].nunique()
        + hubs.loc[multilateral, "operator"].str.split(" \\(").str[0].nunique()
    )
    assert bodies >= 40
    assert len(t["values"]) >= 1000  # issue target 1,000: 1,005 rows carried (see BUILD_REPORT.md)


def test_partial_rankings_say_how_many_places_were_ranked(t) -> None:
    editions = t["editions"].set_index(["indicator_id", "year"])
    assert editions.loc[("gii_cluster_rank", 2024), "places_ranked"] == 100
    assert editions.loc[("qs_student_city_rank", 2026), "places_ranked"] == 150
