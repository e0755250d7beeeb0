"""Partnership graph and network measures on small graphs with known answers."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from atlas.derive import NETWORK_DERIVED
from atlas.network import (
    NETWORK_INDICATOR_IDS,
    bridging_pairs,
    build_graph,
    core_graph,
    core_subgraph,
    count_bridging_pairs,
    exact_betweenness,
    layout,
    measures_as_values,
    network_measures,
    partner_counts,
    partners_of,
    partnership_measures,
    sampled_betweenness,
    select_partnerships,
    touching,
    with_coordinates,
)
from atlas.schema import TABLES_BY_NAME

CURATION_INDICATORS = (
    Path(__file__).resolve().parents[2] / "scripts" / "curation" / "indicators.csv"
)
PACKAGE_INDICATORS = Path(__file__).resolve().parents[2] / "data" / "indicators.csv"

CATALOGUE_COLUMNS = TABLES_BY_NAME["indicators"].base_column_names


def make_cities(ids_regions: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city_id": list(ids_regions),
            "name": [c.upper() for c in ids_regions],
            "country": ["XX"] * len(ids_regions),
            "region": list(ids_regions.values()),
        }
    )


def make_partnerships(rows: list[tuple]) -> pd.DataFrame:
    """rows: (city_a_id, city_b_id[, type[, year[, status]]])."""
    full = []
    for i, row in enumerate(rows):
        a, b, *rest = row
        kind = rest[0] if len(rest) > 0 else "twinning"
        year = rest[1] if len(rest) > 1 else 2000
        status = rest[2] if len(rest) > 2 else "active"
        full.append((f"p{i:03d}", a, b, kind, year, status))
    frame = pd.DataFrame(
        full, columns=["partnership_id", "city_a_id", "city_b_id", "type", "year", "status"]
    )
    frame["year"] = frame["year"].astype("Int64")
    frame["source_id"] = "src"
    return frame


CITIES = make_cities({"a": "Europe", "b": "Europe", "c": "Asia", "d": "Asia", "e": "Africa"})


def test_path_betweenness_middle_is_one():
    G = build_graph(make_partnerships([("a", "b"), ("b", "c")]), CITIES)
    m = network_measures(G)
    assert m.loc["b", "betweenness"] == pytest.approx(1.0)
    assert m.loc["a", "betweenness"] == pytest.approx(0.0)
    assert m["degree"].to_dict() == {"a": 1, "b": 2, "c": 1}
    assert set(m["component_size"]) == {3}
    assert m.index.name == "city_id"


def test_star_centre_bridges_everything():
    G = build_graph(make_partnerships([("a", x) for x in "bcde"]), CITIES)
    m = network_measures(G)
    assert m.loc["a", "degree"] == 4
    assert m.loc["a", "betweenness"] == pytest.approx(1.0)
    assert m.drop("a")["betweenness"].tolist() == pytest.approx([0.0] * 4)
    assert m.drop("a")["degree"].tolist() == [1] * 4


def test_multiple_agreements_accumulate_as_weight():
    p = make_partnerships([("a", "b", "twinning"), ("b", "a", "science partnership"), ("a", "c")])
    G = build_graph(p, CITIES)
    assert G.number_of_edges() == 2
    assert G["a"]["b"]["weight"] == 2
    assert G["a"]["b"]["types"] == ["science partnership", "twinning"]
    assert G["a"]["b"]["partnership_ids"] == ["p000", "p001"]
    m = network_measures(G)
    assert m.loc["a", "degree"] == 2
    assert m.loc["a", "weighted_degree"] == 3
    assert m.loc["b", "weighted_degree"] == 2


def test_betweenness_ignores_weights():
    # a-b-c path plus a heavy direct tie a-c: shortest paths by hops never use b.
    p = make_partnerships([("a", "b"), ("b", "c"), ("a", "c"), ("a", "c"), ("a", "c")])
    m = network_measures(build_graph(p, CITIES))
    assert m["betweenness"].tolist() == pytest.approx([0.0, 0.0, 0.0])


def test_node_attributes_and_unknown_city():
    G = build_graph(make_partnerships([("a", "zz")]), CITIES)
    assert G.nodes["a"] == {"name": "A", "region": "Europe", "country": "XX"}
    assert G.nodes["zz"] == {"name": None, "region": None, "country": None}


def test_only_cities_with_partnerships_are_nodes():
    G = build_graph(make_partnerships([("a", "b")]), CITIES)
    assert sorted(G.nodes) == ["a", "b"]


def test_statuses_filter_default_active_only():
    p = make_partnerships(
        [("a", "b", "twinning", 2000, "active"), ("a", "c", "twinning", 2000, "suspended")]
    )
    assert sorted(build_graph(p, CITIES).edges) == [("a", "b")]
    assert build_graph(p, CITIES, statuses=None).number_of_edges() == 2
    assert sorted(build_graph(p, CITIES, statuses="suspended").edges) == [("a", "c")]


def test_types_filter():
    p = make_partnerships([("a", "b", "twinning"), ("a", "c", "science partnership")])
    G = build_graph(p, CITIES, types=["science partnership"])
    assert sorted(G.edges) == [("a", "c")]


def test_year_max_drops_later_and_undated():
    p = make_partnerships(
        [("a", "b", "twinning", 1990), ("a", "c", "twinning", 2010), ("a", "d", "twinning", None)]
    )
    assert sorted(build_graph(p, CITIES, year_max=2000).edges) == [("a", "b")]
    assert build_graph(p, CITIES).number_of_edges() == 3


def test_self_pairs_are_ignored():
    G = build_graph(make_partnerships([("a", "a"), ("a", "b")]), CITIES)
    assert sorted(G.edges) == [("a", "b")]


def test_components():
    G = build_graph(make_partnerships([("a", "b"), ("c", "d"), ("d", "e")]), CITIES)
    m = network_measures(G)
    assert m["component_size"].to_dict() == {"a": 2, "b": 2, "c": 3, "d": 3, "e": 3}


def test_empty_graph_measures():
    m = network_measures(nx.Graph())
    assert m.empty
    assert list(m.columns) == ["degree", "weighted_degree", "betweenness", "component_size"]
    assert layout(nx.Graph()) == {}


def test_sampled_betweenness_is_reproducible():
    G = nx.path_graph(30)
    G = nx.relabel_nodes(G, {i: f"c{i:02d}" for i in G})
    one = network_measures(G, betweenness_k=10, seed=1)
    two = network_measures(G, betweenness_k=10, seed=1)
    pd.testing.assert_frame_equal(one, two)


def test_measures_as_values_long_form():
    G = build_graph(make_partnerships([("a", "b"), ("b", "c"), ("a", "b")]), CITIES)
    long = measures_as_values(network_measures(G), year=2025)
    assert list(long.columns) == [
        "city_id",
        "indicator_id",
        "year",
        "value",
        "source_id",
        "unit_name",
        "basis",
        "note",
    ]
    assert len(long) == 9
    assert set(long["indicator_id"]) == {"net_degree", "net_weighted_degree", "net_betweenness"}
    assert set(long["source_id"]) == {"atlas-derived"}
    assert set(long["year"]) == {2025}
    assert not long.duplicated(["city_id", "indicator_id", "year"]).any()
    lookup = long.set_index(["city_id", "indicator_id"])["value"]
    assert lookup[("b", "net_weighted_degree")] == 3.0
    assert lookup[("b", "net_betweenness")] == pytest.approx(1.0)
    assert set(long["indicator_id"]) <= set(NETWORK_INDICATOR_IDS.values())


def test_network_indicator_catalogue():
    """The network measures the Atlas derives are described once, in the catalogue."""
    catalogue = pd.read_csv(PACKAGE_INDICATORS).set_index("indicator_id", drop=False)
    rows = catalogue.loc[list(NETWORK_DERIVED.values())]
    assert list(rows.columns) == CATALOGUE_COLUMNS
    assert rows["derived"].all()
    assert set(rows["group"]) == {"partnerships"}
    assert set(rows["geo_unit"]) == {"city proper"}
    assert not rows["per_million"].any()
    assert rows["description"].str.len().gt(20).all()


def test_bridging_pairs_cross_regions_sorted_by_degree():
    p = make_partnerships(
        [
            ("a", "b"),  # Europe-Europe: not bridging
            ("a", "c", "sister city"),  # Europe-Asia
            ("c", "a", "science partnership"),
            ("a", "e"),  # Europe-Africa
            ("d", "e"),  # Asia-Africa
            ("a", "zz"),  # unknown region: left out
        ]
    )
    out = bridging_pairs(p, CITIES)
    pairs = list(zip(out["city_a_id"], out["city_b_id"], strict=True))
    # degrees: a 4, c 1, e 2, d 1 -> a-e 6, a-c 5, d-e 3
    assert pairs == [("a", "e"), ("a", "c"), ("d", "e")]
    first_ac = out.loc[out["city_a_id"].eq("a") & out["city_b_id"].eq("c")].iloc[0]
    assert first_ac["region_a"] == "Europe"
    assert first_ac["region_b"] == "Asia"
    assert first_ac["types"] == "science partnership, sister city"
    assert first_ac["agreements"] == 2
    assert out["degree_sum"].tolist() == [6, 5, 3]


def test_bridging_pairs_respects_statuses():
    p = make_partnerships([("a", "c", "twinning", 2000, "ended")])
    assert bridging_pairs(p, CITIES).empty
    assert len(bridging_pairs(p, CITIES, statuses=None)) == 1


def test_layout_is_deterministic_and_order_independent():
    rows = [("a", "b"), ("b", "c"), ("c", "d"), ("a", "e")]
    G1 = build_graph(make_partnerships(rows), CITIES)
    G2 = build_graph(make_partnerships(list(reversed(rows))), CITIES)
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(G1.nodes, reverse=True))
    shuffled.add_edges_from(reversed(list(G1.edges(data=True))))
    pos = layout(G1)
    assert set(pos) == set(G1.nodes)
    assert all(isinstance(x, float) and isinstance(y, float) for x, y in pos.values())
    assert layout(G1) == pos
    assert layout(G2) == pos
    assert layout(shuffled) == pos
    assert layout(G1, seed=7) != pos


def test_sampled_betweenness_is_flagged_in_values():
    G = nx.relabel_nodes(nx.path_graph(30), {i: f"c{i:02d}" for i in range(30)})
    m = network_measures(G, betweenness_k=10)
    assert m.attrs == {"betweenness_sources": 10, "betweenness_exact": False}
    long = measures_as_values(m, year=2025, note="Active agreements.")
    notes = long.groupby("indicator_id")["note"].first()
    assert notes["net_degree"] == "Active agreements."
    assert "10 sampled cities out of 30" in notes["net_betweenness"]
    exact = network_measures(G)
    assert exact.attrs["betweenness_exact"] is True
    assert measures_as_values(exact, year=2025)["note"].isna().all()


def test_core_subgraph_keeps_best_connected():
    p = make_partnerships([("a", x) for x in "bcde"] + [("b", "c")])
    G = build_graph(p, CITIES)
    core = core_subgraph(G, 3)
    assert sorted(core.nodes) == ["a", "b", "c"]
    assert sorted(core.edges) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert core_subgraph(G, 10).number_of_nodes() == 5


def test_layout_without_scipy_falls_back_to_numpy(monkeypatch):
    # From 500 nodes networkx needs scipy, which is not a runtime dependency; simulate its
    # absence on a small graph (the fallback does not depend on size) to keep the test fast.
    def needs_scipy(*args, **kwargs):
        raise ModuleNotFoundError("No module named 'scipy'")

    monkeypatch.setattr(nx, "spring_layout", needs_scipy)
    G = nx.relabel_nodes(nx.cycle_graph(60), {i: f"c{i:03d}" for i in range(60)})
    pos = layout(G)
    assert len(pos) == 60
    assert layout(G) == pos
    xs = [x for x, _ in pos.values()]
    assert min(xs) >= -1.0 - 1e-9 and max(xs) <= 1.0 + 1e-9


# --------------------------------------------------------------------------- known answers


def test_two_triangles_joined_by_a_bridge():
    """a-b-c and d-e-f are triangles joined by c-d. Every shortest path between the two
    sides (2 x 3 pairs from each bridge end) passes through c and d; normalised over the
    (n-1)(n-2)/2 = 10 pairs that exclude a node, each scores 6/10."""
    edges = [("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("e", "f"), ("d", "f")]
    cities = make_cities({k: "Europe" for k in "abcdef"})
    m = network_measures(build_graph(make_partnerships(edges), cities))
    assert m["degree"].to_dict() == {"a": 2, "b": 2, "c": 3, "d": 3, "e": 2, "f": 2}
    assert m.loc["c", "betweenness"] == pytest.approx(0.6)
    assert m.loc["d", "betweenness"] == pytest.approx(0.6)
    assert m.drop(["c", "d"])["betweenness"].tolist() == pytest.approx([0.0] * 4)
    assert m.attrs["betweenness_exact"] is True


# --------------------------------------------------------------------------- page helpers


def test_select_partnerships_by_type_and_years():
    p = make_partnerships(
        [
            ("a", "b", "twinning", 1980),
            ("a", "c", "twinning", 2005),
            ("a", "d", "science partnership", 2005),
            ("a", "e", "twinning", None),
            ("b", "c", "twinning", 1990, "ended"),
        ]
    )
    assert len(select_partnerships(p)) == 4  # active only, undated kept without a year bound
    span = select_partnerships(p, "twinning", since=2000, until=2010)
    assert span["partnership_id"].tolist() == ["p001"]
    assert select_partnerships(p, until=1990)["partnership_id"].tolist() == ["p000"]
    assert len(select_partnerships(p, statuses=None, since=1985)) == 3  # undated dropped


def test_touching_keeps_ties_abroad():
    p = make_partnerships([("a", "c"), ("c", "d"), ("b", "e")])
    assert touching(p, ["a", "b"])["partnership_id"].tolist() == ["p000", "p002"]
    assert touching(p, []).empty


def test_with_coordinates_adds_names_and_both_ends():
    cities = CITIES.assign(latitude=[1.0, 2.0, 3.0, 4.0, 5.0], longitude=[10.0, 20, 30, 40, 50])
    out = with_coordinates(make_partnerships([("a", "c")]), cities.set_index("city_id"))
    row = out.iloc[0]
    assert (row["name_a"], row["name_b"]) == ("A", "C")
    assert (row["lat_a"], row["lon_a"], row["lat_b"], row["lon_b"]) == (1.0, 10.0, 3.0, 30.0)


def test_partners_of_sees_both_directions_sorted_by_year():
    p = make_partnerships(
        [("a", "b", "twinning", 1990), ("c", "a", "sister city", 1970), ("a", "d", "x", None)]
    )
    rows = partners_of(p, "a")
    assert rows["partner_id"].tolist() == ["c", "b", "d"]  # undated last
    assert partners_of(p, "zz").empty


def test_bridging_pairs_name_their_agreements():
    p = make_partnerships([("a", "c", "sister city"), ("c", "a", "science partnership")])
    out = bridging_pairs(p, CITIES)
    assert out.loc[0, "partnership_ids"] == "p000; p001"
    assert list(out.columns)[-1] == "partnership_ids"


def test_catalogue_rows_match_the_curation_file():
    """The derived network indicators are described once, in scripts/curation/indicators.csv;
    the data package's catalogue must read the same."""
    curated = pd.read_csv(CURATION_INDICATORS, dtype=str).set_index("indicator_id")
    ours = pd.read_csv(PACKAGE_INDICATORS, dtype=str).set_index("indicator_id")
    for indicator_id in NETWORK_DERIVED.values():
        for column in ["label", "unit", "group", "geo_unit", "value_type", "description"]:
            assert curated.at[indicator_id, column] == ours.at[indicator_id, column], column
        assert curated.at[indicator_id, "derived"] == "true"
        assert curated.at[indicator_id, "per_million"] == "false"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_exact_betweenness_matches_networkx(seed):
    """Our Brandes (used for speed on every load) gives networkx's numbers, also on graphs with
    several components, ties of shortest paths and isolated nodes."""
    G = nx.gnm_random_graph(60, 90, seed=seed)
    G.add_nodes_from([100, 101])
    G = nx.relabel_nodes(G, {v: f"c{v:03d}" for v in G})
    expected = nx.betweenness_centrality(G, normalized=True, weight=None)
    got = exact_betweenness(G)
    assert set(got) == set(expected)
    for node, value in expected.items():
        assert got[node] == pytest.approx(value, abs=1e-12)
    assert exact_betweenness(nx.Graph()) == {}
    two = nx.Graph([("a", "b")])
    assert exact_betweenness(two) == {"a": 0.0, "b": 0.0}


@pytest.mark.parametrize(("seed", "k"), [(1, 5), (2, 12), (3, 30)])
def test_sampled_betweenness_matches_networkx_with_the_same_seed(seed, k):
    """The estimate draws the same source cities as networkx and scales the same way, so an
    estimated figure is networkx's estimate, not another one."""
    G = nx.gnm_random_graph(80, 150, seed=seed)
    G.add_nodes_from([200])
    G = nx.relabel_nodes(G, {v: f"c{v:03d}" for v in G})
    expected = nx.betweenness_centrality(G, k=k, normalized=True, weight=None, seed=7)
    got = sampled_betweenness(G, k, seed=7)
    assert set(got) == set(expected)
    for node, value in expected.items():
        assert got[node] == pytest.approx(value, abs=1e-12)


def _random_agreements(seed: int, cities: int, rows: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agreements with repeated pairs, pairs written both ways, self-pairs and missing ends."""
    rng = np.random.default_rng(seed)
    ids = [f"c{i:03d}" for i in range(cities)]
    regions = ["Europe", "Asia", "Africa", None]
    city_frame = pd.DataFrame(
        {
            "city_id": ids,
            "name": [i.upper() for i in ids],
            "country": "XX",
            "region": [regions[i % 4] for i in range(cities)],
        }
    )
    pairs = [
        (ids[a], ids[b], "twinning" if a % 2 else "sister city")
        for a, b in rng.integers(0, cities, size=(rows, 2))
    ]
    frame = make_partnerships(pairs)
    frame.loc[frame.index[:2], "city_b_id"] = None
    return frame, city_frame


@pytest.mark.parametrize(("seed", "k"), [(1, None), (2, 9), (3, None)])
def test_partnership_measures_equal_those_of_the_built_graph(seed, k):
    p, cities = _random_agreements(seed, 70, 160)
    expected = network_measures(build_graph(p, cities, statuses=None), betweenness_k=k)
    got = partnership_measures(p, betweenness_k=k)
    pd.testing.assert_frame_equal(got, expected, check_exact=False, atol=1e-12)
    assert got.attrs == expected.attrs
    counts = partner_counts(p)
    pd.testing.assert_frame_equal(counts, expected[["degree", "weighted_degree"]])


@pytest.mark.parametrize("limit", [5, 25, 500])
def test_core_graph_equals_the_core_of_the_built_graph(limit):
    p, cities = _random_agreements(4, 60, 150)
    expected = core_subgraph(build_graph(p, cities, statuses=None), limit)
    got = core_graph(p, cities, limit, partner_counts(p))
    # (core_subgraph's order is that of a set: only the content is compared)
    assert sorted(got.nodes(data=True)) == sorted(expected.nodes(data=True))
    edges = {tuple(sorted((a, b))): d for a, b, d in got.edges(data=True)}
    assert edges == {tuple(sorted((a, b))): d for a, b, d in expected.edges(data=True)}


def test_bridging_pairs_of_random_agreements_match_a_plain_count():
    p, cities = _random_agreements(5, 40, 120)
    out = bridging_pairs(p, cities, statuses=None)
    region = dict(zip(cities["city_id"], cities["region"], strict=True))
    G = build_graph(p, cities, statuses=None)
    expected = {
        tuple(sorted((a, b)))
        for a, b in G.edges
        if isinstance(region[a], str) and isinstance(region[b], str) and region[a] != region[b]
    }
    assert set(zip(out["city_a_id"], out["city_b_id"], strict=True)) == expected
    for row in out.itertuples():
        assert row.agreements == G.edges[row.city_a_id, row.city_b_id]["weight"]
        assert row.degree_a == G.degree(row.city_a_id)


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_the_count_of_bridging_pairs_is_the_length_of_their_table(seed):
    p, cities = _random_agreements(seed, 40, 120)
    for statuses in (None, ("active",), ("ended",)):
        assert count_bridging_pairs(p, cities, statuses=statuses) == len(
            bridging_pairs(p, cities, statuses=statuses)
        )
    assert count_bridging_pairs(p.iloc[:0], cities) == 0


def test_bridging_pairs_rank_by_a_degree_given_for_a_wider_network():
    p, cities = _random_agreements(5, 40, 120)
    own = bridging_pairs(p, cities, statuses=None)
    wider = partner_counts(p)["degree"]
    # a city's ties elsewhere raise it above pairs it used to trail
    last = own.iloc[-1]
    boosted = wider.copy()
    boosted[last["city_a_id"]] = 1000
    out = bridging_pairs(p, cities, statuses=None, degree=boosted)
    assert (
        out.iloc[0]["city_a_id"] == last["city_a_id"]
        or out.iloc[0]["city_b_id"] == last["city_a_id"]
    )
    assert out["degree_sum"].is_monotonic_decreasing
    assert set(zip(out["city_a_id"], out["city_b_id"], strict=True)) == set(
        zip(own["city_a_id"], own["city_b_id"], strict=True)
    )
