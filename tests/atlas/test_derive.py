"""Derived indicators on a small hand-made atlas whose right answers can be checked by eye.

a-es  Spain,  2,000,000 people: 4 active hubs (FR, FR, ES, JP), 1 closed (DE), 1 announced (EU)
b-fr  France,   500,000 people: 1 active hub (INT)
c-jp  Japan,  no population:    1 active hub (US)
d-us  USA,    1,000,000 people: nothing listed at all
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from atlas.derive import (
    DERIVED_COLUMNS,
    NETWORK_DERIVED,
    derived_values,
    foreign_operators,
    hubs_hosted,
    membership_counts,
    network_positions,
    partnership_counts,
)
from atlas.schema import BASIS, DERIVED_SOURCE_ID

AS_OF_YEAR = 2026
EVERY_CITY = ["a-es", "b-fr", "c-jp", "d-us"]


def _strings(frame: pd.DataFrame) -> pd.DataFrame:
    """The dtypes the loader gives: text as pandas strings."""
    for name in frame.columns:
        if frame[name].dtype == object:
            frame[name] = frame[name].astype("string")
    return frame


@pytest.fixture
def cities() -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            ("a-es", "ES", 2_000_000, 2026),
            ("b-fr", "FR", 500_000, 2025),
            ("c-jp", "JP", None, None),
            ("d-us", "US", 1_000_000, 2026),
        ],
        columns=["city_id", "country", "population", "population_year"],
    )
    frame["population"] = frame["population"].astype("Int64")
    frame["population_year"] = frame["population_year"].astype("Int64")
    frame["source_id"] = "geonames"
    return _strings(frame)


@pytest.fixture
def hubs() -> pd.DataFrame:
    return _strings(
        pd.DataFrame(
            [
                ("h1", "a-es", "FR", "active"),
                ("h2", "a-es", "FR", "active"),  # a second French hub: still one foreign operator
                ("h3", "a-es", "ES", "active"),  # the host country's own: a hub, not foreign
                ("h4", "a-es", "DE", "closed"),
                ("h5", "a-es", "EU", "announced"),
                ("h6", "a-es", "JP", "active"),
                ("h7", "b-fr", "INT", "active"),
                ("h8", "c-jp", "US", "active"),
            ],
            columns=["hub_id", "host_city_id", "operator_country", "status"],
        )
    )


@pytest.fixture
def partnerships() -> pd.DataFrame:
    return _strings(
        pd.DataFrame(
            [
                ("p1", "a-es", "b-fr", "active"),
                ("p2", "a-es", "c-jp", "ended"),
                ("p3", "b-fr", "c-jp", "suspended"),
                ("p4", "c-jp", "a-es", "planned"),
                ("p5", "c-jp", "b-fr", "active"),
            ],
            columns=["partnership_id", "city_a_id", "city_b_id", "status"],
        )
    )


@pytest.fixture
def memberships() -> pd.DataFrame:
    return _strings(
        pd.DataFrame(
            [
                ("m1", "a-es", "c40", "member"),
                ("m2", "a-es", "c40", "founder"),  # two roles in one network: one network
                ("m3", "a-es", "eurocities", "member"),
                ("m4", "b-fr", "eurocities", "member"),
            ],
            columns=["membership_id", "city_id", "network_id", "role_group"],
        )
    )


@pytest.fixture
def derived(cities, hubs, partnerships, memberships) -> pd.DataFrame:
    return derived_values(cities, hubs, partnerships, memberships, as_of_year=AS_OF_YEAR)


def values_of(derived: pd.DataFrame, indicator_id: str) -> dict[str, float]:
    rows = derived.loc[derived["indicator_id"] == indicator_id]
    return dict(zip(rows["city_id"], rows["value"], strict=True))


# --------------------------------------------------------------------------- the parts


def test_hubs_hosted_counts_only_active_hubs(hubs: pd.DataFrame) -> None:
    assert hubs_hosted(hubs).to_dict() == {"a-es": 4, "b-fr": 1, "c-jp": 1}


def test_foreign_operators_excludes_the_host_country(hubs, cities) -> None:
    # a-es: FR and JP (ES is the host, DE is closed, EU is only announced)
    assert foreign_operators(hubs, cities).to_dict() == {"a-es": 2, "b-fr": 1, "c-jp": 1}


def test_multilateral_operators_are_foreign(hubs, cities) -> None:
    assert foreign_operators(hubs, cities)["b-fr"] == 1  # INT in France


def test_partnerships_count_both_ends_and_only_active(partnerships: pd.DataFrame) -> None:
    # p1 (a-b) and p5 (c-b) are in force; ended, suspended and planned ones are not counted
    assert partnership_counts(partnerships).sort_index().to_dict() == {
        "a-es": 1,
        "b-fr": 2,
        "c-jp": 1,
    }


def test_network_memberships_count_distinct_networks(memberships: pd.DataFrame) -> None:
    assert membership_counts(memberships).to_dict() == {"a-es": 2, "b-fr": 1}


# --------------------------------------------------------------------------- the long rows


def test_derived_rows_have_the_values_columns_and_provenance(derived: pd.DataFrame) -> None:
    assert list(derived.columns) == DERIVED_COLUMNS
    counted = derived.loc[derived["indicator_id"] != "population"]
    assert set(counted["source_id"]) == {DERIVED_SOURCE_ID}
    assert set(counted["year"]) == {AS_OF_YEAR}
    assert set(derived["basis"]) <= set(BASIS)  # would pass the values.csv schema
    assert not derived.duplicated(["city_id", "indicator_id", "year"]).any()
    assert derived["value"].notna().all()


def test_hubs_hosted_rows(derived: pd.DataFrame) -> None:
    assert values_of(derived, "hubs_hosted") == {"a-es": 4.0, "b-fr": 1.0, "c-jp": 1.0, "d-us": 0.0}


def test_foreign_operators_rows(derived: pd.DataFrame) -> None:
    assert values_of(derived, "foreign_operators") == {
        "a-es": 2.0,
        "b-fr": 1.0,
        "c-jp": 1.0,
        "d-us": 0.0,
    }


def test_partnerships_rows(derived: pd.DataFrame) -> None:
    assert values_of(derived, "partnerships") == {
        "a-es": 1.0,
        "b-fr": 2.0,
        "c-jp": 1.0,
        "d-us": 0.0,
    }


def test_network_memberships_rows(derived: pd.DataFrame) -> None:
    assert values_of(derived, "network_memberships") == {
        "a-es": 2.0,
        "b-fr": 1.0,
        "c-jp": 0.0,
        "d-us": 0.0,
    }


@pytest.mark.parametrize(
    "indicator_id", ["hubs_hosted", "foreign_operators", "partnerships", "network_memberships"]
)
def test_a_city_with_nothing_listed_gets_a_true_zero(
    derived: pd.DataFrame, indicator_id: str
) -> None:
    """Counts are of the Atlas's own records, so every city has one: 0 = none listed."""
    counts = values_of(derived, indicator_id)
    assert sorted(counts) == EVERY_CITY
    assert counts["d-us"] == 0.0


def test_hubs_per_million_only_where_population_is_present(derived: pd.DataFrame) -> None:
    per_million = values_of(derived, "hubs_per_million")
    # c-jp has no population: no row at all (never 0, never NaN)
    assert set(per_million) == {"a-es", "b-fr", "d-us"}
    assert math.isclose(per_million["a-es"], 4 / 2.0)
    assert math.isclose(per_million["b-fr"], 1 / 0.5)
    assert per_million["d-us"] == 0.0  # has people, has no hubs: a real zero


def test_population_rows_keep_their_year_and_source(derived: pd.DataFrame) -> None:
    rows = derived.loc[derived["indicator_id"] == "population"].set_index("city_id")
    assert sorted(rows.index) == ["a-es", "b-fr", "d-us"]  # missing stays missing, not 0
    assert rows.loc["a-es", "value"] == 2_000_000
    assert rows.loc["b-fr", "year"] == 2025
    assert set(rows["source_id"]) == {"geonames"}


def test_no_hubs_at_all(cities, partnerships, memberships) -> None:
    no_hubs = pd.DataFrame(
        {
            "hub_id": pd.Series(dtype="string"),
            "host_city_id": pd.Series(dtype="string"),
            "operator_country": pd.Series(dtype="string"),
            "status": pd.Series(dtype="string"),
        }
    )
    derived = derived_values(cities, no_hubs, partnerships, memberships, as_of_year=AS_OF_YEAR)
    assert values_of(derived, "hubs_hosted") == dict.fromkeys(EVERY_CITY, 0.0)
    assert values_of(derived, "foreign_operators") == dict.fromkeys(EVERY_CITY, 0.0)
    assert values_of(derived, "hubs_per_million") == {"a-es": 0.0, "b-fr": 0.0, "d-us": 0.0}


# --------------------------------------------------------------------------- network position


def test_network_positions_on_the_active_graph(derived: pd.DataFrame) -> None:
    """Active agreements: a-b (p1) and c-b (p5), a path a-b-c with b in the middle.
    d-us has none listed: an isolated city of the listed network (0, 0), like its
    partnerships count of 0."""
    assert values_of(derived, "net_degree") == {"a-es": 1.0, "b-fr": 2.0, "c-jp": 1.0, "d-us": 0.0}
    betweenness = values_of(derived, "net_betweenness")
    assert sorted(betweenness) == EVERY_CITY
    # normalised within the network of cities with a partner (the Partnerships page's
    # figure): the one pair of other cities there, a-c, goes through b
    assert betweenness["b-fr"] == pytest.approx(1.0)
    assert betweenness["a-es"] == betweenness["d-us"] == 0.0
    note = derived.loc[derived["indicator_id"] == "net_degree", "note"].iloc[0]
    assert "list of active partnerships" in note


def test_network_positions_helper_keeps_every_city(cities, partnerships) -> None:
    positions = network_positions(cities, partnerships)
    assert list(positions.index) == EVERY_CITY
    assert list(positions.columns) == list(NETWORK_DERIVED)
    assert positions.attrs["betweenness_exact"] is True


def test_weighted_degree_is_the_partnerships_count(cities, partnerships) -> None:
    """Why weighted degree is not a separate indicator: it is the partnerships count."""
    from atlas.network import build_graph, network_measures

    weighted = network_measures(build_graph(partnerships, cities))["weighted_degree"]
    counts = partnership_counts(partnerships)
    assert weighted.to_dict() == counts.reindex(weighted.index).to_dict()


def test_network_positions_match_the_graph_the_partnerships_page_draws() -> None:
    """The derived figures come from a lighter graph (no per-edge types and ids); on the real
    data they equal the measures of the full graph, as the Partnerships page computes them."""
    from pathlib import Path

    from atlas.load import validate
    from atlas.network import build_graph, network_measures

    frames = validate(Path(__file__).resolve().parents[2] / "data")[0]
    cities, partnerships = frames["cities"], frames["partnerships"]
    positions = network_positions(cities, partnerships)
    full = network_measures(build_graph(partnerships, cities))
    have = positions.loc[full.index]
    assert have["degree"].tolist() == full["degree"].tolist()
    assert have["betweenness"].tolist() == pytest.approx(full["betweenness"].tolist())
    assert positions.attrs == full.attrs
