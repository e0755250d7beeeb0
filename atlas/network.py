"""The city-to-city partnership graph and the connectivity indicators derived from it.

A partnership row links two cities (``city_a_id``, ``city_b_id``); the direction of the pair
carries no meaning, so the graph is undirected. Several agreements between the same pair
(a twinning, then a science partnership) make one edge whose ``weight`` counts them: the
number of distinct partners and the number of agreements are different stories and the Atlas
shows both (degree vs weighted degree).

Only cities that appear in at least one selected partnership become nodes. A city with no
recorded agreement has *no data* in this graph, not a degree of 0: the partnership lists are
known to be incomplete, and the Atlas never turns missing into zero.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

import networkx as nx
import numpy as np
import pandas as pd

from atlas.schema import VALUES

NETWORK_INDICATOR_IDS: dict[str, str] = {
    "degree": "net_degree",
    "weighted_degree": "net_weighted_degree",
    "betweenness": "net_betweenness",
}

MEASURE_COLUMNS: list[str] = ["degree", "weighted_degree", "betweenness", "component_size"]

#: Exact betweenness costs about (nodes x edges) elementary steps. Up to this budget it is
#: computed exactly (the curated data is far below it: a few hundred nodes and edges,
#: milliseconds); above it, it is estimated from ``budget // edges`` sampled sources (the
#: sources networkx would draw with the same seed, and its scaling), so that the 100x synthetic
#: dataset (10,000 cities, 100,000 partnerships) is measured within a rerun. The sampling is
#: recorded in ``measures.attrs`` and the Partnerships page says the figure is estimated.
BETWEENNESS_WORK_BUDGET = 2_000_000

#: networkx's spring layout needs scipy from 500 nodes on; scipy is not a runtime dependency,
#: so larger graphs fall back to a numpy implementation, which is quadratic in memory.
#: Beyond this many nodes, draw ``core_subgraph(G, n)`` instead.
LAYOUT_MAX_NODES_WITHOUT_SCIPY = 2_000

#: ``basis`` given to derived rows. docs/DATA_MODEL.md lists only ``published``/``inferred``
#: for typed-in values; derived rows are neither, so they say so.
DERIVED_BASIS = "derived"


def _as_list(items: str | Iterable[str] | None) -> list[str] | None:
    # A single string (types="twinning") means one item, not its characters.
    if items is None:
        return None
    if isinstance(items, str):
        return [items]
    return list(items)


def _select(
    partnerships: pd.DataFrame,
    types: str | Iterable[str] | None,
    year_max: int | None,
    statuses: str | Iterable[str] | None,
) -> pd.DataFrame:
    mask = pd.Series(True, index=partnerships.index)
    type_list = _as_list(types)
    if type_list is not None:
        mask &= partnerships["type"].isin(type_list).fillna(False).astype(bool)
    status_list = _as_list(statuses)
    if status_list is not None:
        mask &= partnerships["status"].isin(status_list).fillna(False).astype(bool)
    if year_max is not None:
        # An undated agreement cannot be shown to exist by year_max, so it is left out.
        year = pd.to_numeric(partnerships["year"], errors="coerce")
        mask &= year.le(year_max).fillna(False).astype(bool)
    selected = partnerships.loc[mask]
    ends = selected[["city_a_id", "city_b_id"]]
    # A self-pair is a data error, not a partnership; missing ends cannot be drawn.
    keep = ends.notna().all(axis=1) & (ends["city_a_id"] != ends["city_b_id"])
    return selected.loc[keep.fillna(False).astype(bool)]


_Edge = tuple[str, str, int, list[str], list[str]]


def _edge_table(selected: pd.DataFrame) -> list[_Edge]:
    """One entry per unordered city pair, sorted: (u, v, agreements, types, partnership ids).

    The pairs are ordered and sorted by pandas, and only pairs holding several agreements
    (few) gather their types and ids in Python: a dict pass over every row took most of a
    Partnerships rerun at 100x.
    """
    n = len(selected)
    a = selected["city_a_id"].astype(str).to_numpy(dtype=object)
    b = selected["city_b_id"].astype(str).to_numpy(dtype=object)
    nothing = np.full(n, None, dtype=object)
    swap = np.asarray(b < a, dtype=bool)
    rows = pd.DataFrame(
        {
            "u": np.where(swap, b, a),
            "v": np.where(swap, a, b),
            "kind": selected["type"].to_numpy(dtype=object) if "type" in selected else nothing,
            "pid": (
                selected["partnership_id"].to_numpy(dtype=object)
                if "partnership_id" in selected
                else nothing
            ),
        }
    ).sort_values(["u", "v"], kind="mergesort")
    us, vs = rows["u"].tolist(), rows["v"].tolist()
    kinds, pids = rows["kind"].tolist(), rows["pid"].tolist()
    if n == 0:
        return []
    u_arr, v_arr = rows["u"].to_numpy(), rows["v"].to_numpy()
    starts = np.flatnonzero(
        np.concatenate([[True], (u_arr[1:] != u_arr[:-1]) | (v_arr[1:] != v_arr[:-1])])
    ).tolist()
    edges: list[_Edge] = []
    for start, stop in zip(starts, [*starts[1:], n], strict=True):
        if stop - start == 1:
            kind, pid = kinds[start], pids[start]
            edges.append(
                (
                    us[start],
                    vs[start],
                    1,
                    [kind] if isinstance(kind, str) else [],
                    [pid] if isinstance(pid, str) else [],
                )
            )
        else:
            group = range(start, stop)
            edges.append(
                (
                    us[start],
                    vs[start],
                    stop - start,
                    sorted({kinds[i] for i in group if isinstance(kinds[i], str)}),
                    sorted(pids[i] for i in group if isinstance(pids[i], str)),
                )
            )
    return edges


def _city_lookup(cities: pd.DataFrame) -> dict[str, dict[str, object]]:
    ids = cities["city_id"].astype(str).tolist()
    return {
        column: dict(zip(ids, cities[column].tolist(), strict=True))
        for column in ("name", "region", "country")
        if column in cities.columns
    }


def _attr(lookup: dict[str, dict[str, object]], column: str, city_id: str) -> object:
    value = lookup.get(column, {}).get(city_id)
    return None if value is None or pd.isna(value) else value


def select_partnerships(
    partnerships: pd.DataFrame,
    types: str | Iterable[str] | None = None,
    since: int | None = None,
    until: int | None = None,
    statuses: str | Iterable[str] | None = ("active",),
) -> pd.DataFrame:
    """The agreements a view shows: of these types and statuses, signed from ``since`` to
    ``until`` (inclusive). With a year bound, an undated agreement cannot be shown to fall
    within it and is left out; without one it is kept. Self-pairs and rows missing an end
    are dropped, as in ``build_graph``."""
    selected = _select(partnerships, types, None, statuses)
    if since is None and until is None:
        return selected
    year = pd.to_numeric(selected["year"], errors="coerce")
    keep = year.notna()
    if since is not None:
        keep &= year.ge(since)
    if until is not None:
        keep &= year.le(until)
    return selected.loc[keep.fillna(False).astype(bool)]


def touching(partnerships: pd.DataFrame, city_ids: Iterable[str]) -> pd.DataFrame:
    """Agreements with at least one end among ``city_ids``: a filtered view keeps the ties
    its cities have abroad, since a partnership's other end is the point of showing it."""
    ids = list(city_ids)
    return partnerships.loc[
        (partnerships["city_a_id"].isin(ids) | partnerships["city_b_id"].isin(ids))
        .fillna(False)
        .astype(bool)
    ]


def with_coordinates(partnerships: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """Partnership rows plus ``name_a``/``name_b`` and both ends' coordinates, the columns the
    arc map draws (``cities`` indexed by city id, as on ``Atlas``)."""
    out = partnerships.copy()
    place = cities[["name", "latitude", "longitude"]]
    for end in ("a", "b"):
        # one lookup per end for all three columns: a `.map` each took three times as long
        # for the 100,000 agreements at 100x
        found = place.reindex(out[f"city_{end}_id"].to_numpy(dtype=object)).set_axis(out.index)
        out[f"name_{end}"] = found["name"]
        out[f"lat_{end}"] = found["latitude"]
        out[f"lon_{end}"] = found["longitude"]
    return out


def partners_of(partnerships: pd.DataFrame, city_id: str) -> pd.DataFrame:
    """One row per agreement of ``city_id`` (any status), seen from that city: ``partner_id``
    is the other end. Sorted by year, undated last, then partner id."""
    as_a = partnerships.loc[partnerships["city_a_id"] == city_id]
    as_b = partnerships.loc[partnerships["city_b_id"] == city_id]
    rows = pd.concat(
        [
            as_a.assign(partner_id=as_a["city_b_id"]),
            as_b.assign(partner_id=as_b["city_a_id"]),
        ]
    )
    rows = rows.loc[rows["partner_id"] != city_id]
    return rows.sort_values(["year", "partner_id"], na_position="last", kind="stable")


def build_graph(
    partnerships: pd.DataFrame,
    cities: pd.DataFrame,
    types: str | Iterable[str] | None = None,
    year_max: int | None = None,
    statuses: str | Iterable[str] | None = ("active",),
) -> nx.Graph:
    """Undirected partnership graph; ``weight`` counts the agreements between a pair.

    ``types``/``statuses`` of None mean no filter; by default only active agreements count,
    because an ended or suspended twinning is history, not a current tie. ``year_max`` keeps
    agreements signed up to that year (undated ones are dropped). Nodes carry ``name``,
    ``region`` and ``country`` (None for an id missing from ``cities``); edges also carry the
    sorted ``types`` and ``partnership_ids`` so tooltips can list them. Nodes and edges are
    added in sorted order so that layouts and iteration are reproducible.
    """
    edges = _edge_table(_select(partnerships, types, year_max, statuses))
    lookup = _city_lookup(cities)
    G = nx.Graph()
    for node in sorted({e[0] for e in edges} | {e[1] for e in edges}):
        G.add_node(node, **{c: _attr(lookup, c, node) for c in ("name", "region", "country")})
    G.add_edges_from(
        (u, v, {"weight": w, "types": t, "partnership_ids": ids}) for u, v, w, t, ids in edges
    )
    return G


def network_measures(G: nx.Graph, betweenness_k: int | None = None, seed: int = 42) -> pd.DataFrame:
    """Connectivity of every node, one row per city (index ``city_id``), sorted by id.

    Betweenness ignores the weights on purpose: networkx reads an edge weight as a *distance*,
    while ours counts agreements, i.e. a *stronger* tie; using it would make the best-connected
    pairs look farthest apart. Hop-count shortest paths answer the question the page asks
    ("who bridges cities that are not partners?").

    ``betweenness_k`` = number of sampled source cities for an estimate (reproducible via
    ``seed``); None lets ``BETWEENNESS_WORK_BUDGET`` decide (exact for small graphs). The number
    of sources used is stored in ``attrs["betweenness_sources"]`` and
    ``attrs["betweenness_exact"]`` says whether the figure is exact, so the page can say so.
    """
    order = list(G.nodes)
    index = {v: i for i, v in enumerate(order)}
    ends = np.array(
        [(index[u], index[v], d.get("weight", 1)) for u, v, d in G.edges(data=True) if u != v],
        dtype=np.int64,
    ).reshape(-1, 3)
    return _measures(order, ends[:, 0], ends[:, 1], ends[:, 2], betweenness_k, seed)


def partnership_measures(
    partnerships: pd.DataFrame, betweenness_k: int | None = None, seed: int = 42
) -> pd.DataFrame:
    """``network_measures(build_graph(partnerships, cities, statuses=None))``, the same figures
    and sampled cities, without building the graph: at 100x (10,000 cities, 100,000
    agreements) building it took most of a Partnerships rerun."""
    order, u, v, weight = _pair_arrays(partnerships)
    return _measures(order, u, v, weight, betweenness_k, seed)


def partner_counts(partnerships: pd.DataFrame) -> pd.DataFrame:
    """``degree`` and ``weighted_degree`` of every city with a partner (no betweenness)."""
    order, u, v, weight = _pair_arrays(partnerships)
    n = len(order)
    return pd.DataFrame(
        {"degree": _degree(u, v, None, n), "weighted_degree": _degree(u, v, weight, n)},
        index=pd.Index(order, name="city_id", dtype="str"),
    )


def _pair_arrays(
    partnerships: pd.DataFrame,
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Cities (sorted ids) and each unordered pair once, as positions, with its agreements."""
    rows = _select(partnerships, None, None, None)
    a = rows["city_a_id"].astype(str).to_numpy(dtype=object)
    b = rows["city_b_id"].astype(str).to_numpy(dtype=object)
    codes, uniques = pd.factorize(np.concatenate([a, b]), sort=True)
    n, m = len(uniques), len(a)
    first, second = codes[:m].astype(np.int64), codes[m:].astype(np.int64)
    key = np.minimum(first, second) * max(n, 1) + np.maximum(first, second)
    pairs, weight = np.unique(key, return_counts=True)
    return [str(c) for c in uniques], pairs // max(n, 1), pairs % max(n, 1), weight


def _degree(u: np.ndarray, v: np.ndarray, weight: np.ndarray | None, n: int) -> np.ndarray:
    both = np.bincount(u, weights=weight, minlength=n) + np.bincount(v, weights=weight, minlength=n)
    return both.astype(np.int64)


def _component_sizes(u: np.ndarray, v: np.ndarray, n: int) -> np.ndarray:
    """Size of each node's connected component: labels spread along edges until stable."""
    label = np.arange(n)
    while True:
        low = np.minimum(label[u], label[v])
        spread = label.copy()
        np.minimum.at(spread, u, low)
        np.minimum.at(spread, v, low)
        spread = spread[spread]  # jump to the label's own label: fewer rounds
        if np.array_equal(spread, label):
            break
        label = spread
    return np.bincount(label, minlength=n)[label]


def _measures(
    order: list[str],
    u: np.ndarray,
    v: np.ndarray,
    weight: np.ndarray,
    betweenness_k: int | None,
    seed: int,
) -> pd.DataFrame:
    n, m = len(order), len(u)
    if betweenness_k is None:
        work = max(m, 1)
        betweenness_k = (
            n if n * work <= BETWEENNESS_WORK_BUDGET else max(1, BETWEENNESS_WORK_BUDGET // work)
        )
    k = betweenness_k if 0 < betweenness_k < n else None
    betweenness = _betweenness(order, u, v, k, seed)
    frame = pd.DataFrame(
        {
            "degree": _degree(u, v, None, n),
            "weighted_degree": _degree(u, v, weight, n),
            "betweenness": betweenness,
            "component_size": _component_sizes(u, v, n),
        },
        index=pd.Index(order, name="city_id", dtype="str"),
    ).astype(
        {
            "degree": "int64",
            "weighted_degree": "int64",
            "betweenness": "float64",
            "component_size": "int64",
        }
    )
    frame = frame.sort_index()
    frame.attrs["betweenness_sources"] = n if k is None else k
    frame.attrs["betweenness_exact"] = k is None
    return frame


def exact_betweenness(G: nx.Graph) -> dict[str, float]:
    """Normalised hop-count betweenness of every node (Brandes 2001), as networkx's
    ``betweenness_centrality(G, normalized=True, weight=None)`` gives it.

    It runs on every load of the Atlas (the derived network indicators), so its time is paid
    by every cold start: see ``_dependencies`` for why it is numpy rather than networkx.
    """
    return sampled_betweenness(G, None)


def sampled_betweenness(G: nx.Graph, k: int | None, seed: int = 42) -> dict[str, float]:
    """Normalised hop-count betweenness from ``k`` source cities drawn with ``seed`` (all of
    them when ``k`` is None): the figures, the sources drawn and the scaling of networkx's
    ``betweenness_centrality(G, k=k, normalized=True, weight=None, seed=seed)``."""
    order = list(G.nodes)
    index = {v: i for i, v in enumerate(order)}
    ends = np.array([(index[u], index[v]) for u, v in G.edges if u != v], dtype=np.int64).reshape(
        -1, 2
    )
    score = _betweenness(order, ends[:, 0], ends[:, 1], k, seed)
    return dict(zip(order, score.tolist(), strict=True))


def _betweenness(
    order: list[str], u: np.ndarray, v: np.ndarray, k: int | None, seed: int
) -> np.ndarray:
    """Sources drawn from ``order`` as networkx draws them from ``list(G.nodes)``."""
    n = len(order)
    if n <= 2:
        return np.zeros(n)
    tails = np.concatenate([u, v])
    heads = np.concatenate([v, u])
    indptr = np.concatenate([[0], np.cumsum(np.bincount(tails, minlength=n))])
    neighbours = heads[np.argsort(tails, kind="stable")]
    if k is None or k >= n:
        sources = np.arange(n)
        sampled = None
    else:
        index = {c: i for i, c in enumerate(order)}
        sources = np.array([index[c] for c in random.Random(seed).sample(order, k)])
        sampled = sources
    score = _dependencies(indptr, neighbours, sources)
    # as networkx's _rescale (endpoints left out): per pair of other nodes, each pair once
    # per sampled source; a sampled node cannot be its own source, hence k - 1 for it
    if sampled is None:
        return score * (1.0 / ((n - 1) * (n - 2)))
    scale = np.full(n, 1.0 / (len(sources) * (n - 2)))
    scale[sampled] = 1.0 / ((len(sources) - 1) * (n - 2)) if len(sources) > 1 else np.nan
    return score * scale


def _dependencies(indptr: np.ndarray, neighbours: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Brandes' dependency sums from each source, one breadth-first level at a time.

    Each level's edges are handled as whole numpy arrays instead of node by node in Python:
    on the 100x benchmark network (10,000 cities, 100,000 agreements) a source costs a few
    milliseconds instead of about 0.1 s with networkx, so the Partnerships page can measure a
    new selection within its rerun budget.
    """
    n = len(indptr) - 1
    score = np.zeros(n)
    for source in sources:
        distance = np.full(n, -1, dtype=np.int64)
        distance[source] = 0
        paths = np.zeros(n)
        paths[source] = 1.0
        frontier = np.array([source])
        steps: list[tuple[np.ndarray, np.ndarray]] = []  # (parent, child) edges per level
        depth = 0
        while frontier.size:
            parent, child = _edges_from(indptr, neighbours, frontier)
            fresh = child[distance[child] < 0]
            distance[fresh] = depth + 1
            onward = distance[child] == depth + 1
            parent, child = parent[onward], child[onward]
            paths += np.bincount(child, weights=paths[parent], minlength=n)
            steps.append((parent, child))
            frontier = np.unique(fresh)
            depth += 1
        dependency = np.zeros(n)
        for parent, child in reversed(steps):
            share = paths[parent] / paths[child] * (1.0 + dependency[child])
            dependency += np.bincount(parent, weights=share, minlength=n)
        dependency[source] = 0.0
        score += dependency
    return score


def _edges_from(
    indptr: np.ndarray, neighbours: np.ndarray, nodes: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every (node, neighbour) pair of ``nodes`` from a CSR adjacency."""
    starts = indptr[nodes]
    counts = indptr[nodes + 1] - starts
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    offsets = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(total)
    return np.repeat(nodes, counts), neighbours[offsets]


def measures_as_values(
    measures: pd.DataFrame,
    year: int,
    source_id: str = "atlas-derived",
    note: str | None = None,
) -> pd.DataFrame:
    """Long-form rows in the ``values`` schema, so Rankings and the Index builder can treat
    network position like any other indicator (ids in ``NETWORK_INDICATOR_IDS``; the catalogue
    describes ``net_degree`` and ``net_betweenness``, scripts/curation/indicators.csv).

    ``note`` lets the caller record the graph's filter (types, statuses, year) on every row;
    an estimated (sampled) betweenness says so in its own rows' note.
    """
    columns = VALUES.base_column_names
    frames = []
    for measure, indicator_id in NETWORK_INDICATOR_IDS.items():
        if measure not in measures.columns:
            continue
        row_note = note
        if measure == "betweenness" and measures.attrs.get("betweenness_exact") is False:
            sampled = (
                f"Estimated from shortest paths of {measures.attrs['betweenness_sources']} "
                f"sampled cities out of {len(measures)}."
            )
            row_note = f"{note} {sampled}" if note else sampled
        frames.append(
            pd.DataFrame(
                {
                    "city_id": measures.index.astype(str),
                    "indicator_id": indicator_id,
                    "year": int(year),
                    "value": measures[measure].astype("float64").to_numpy(),
                    "note": row_note,
                }
            )
        )
    if frames:
        out = pd.concat(frames, ignore_index=True)
    else:
        out = pd.DataFrame({"city_id": [], "indicator_id": [], "year": [], "value": [], "note": []})
    out["year"] = out["year"].astype("int64")
    out["value"] = out["value"].astype("float64")
    out["source_id"] = source_id
    out["unit_name"] = pd.Series(pd.NA, index=out.index, dtype="str")
    out["basis"] = DERIVED_BASIS
    out["note"] = out["note"].astype("str")  # None becomes NaN, as an empty CSV cell does
    return out.loc[:, columns]


def bridging_pairs(
    partnerships: pd.DataFrame,
    cities: pd.DataFrame,
    statuses: str | Iterable[str] | None = ("active",),
    degree: pd.Series | None = None,
) -> pd.DataFrame:
    """Partner pairs whose cities lie in different world regions: the ties that make the
    network global rather than a set of regional clubs.

    Ranked by the sum of both cities' degree (distinct partners, over all selected
    agreements, not only bridging ones), so pairs of hubs come first; ties by agreements,
    then ids. Pairs with a city of unknown region are left out, as their regions cannot be
    shown to differ. ``statuses`` filters as in ``build_graph`` (None keeps all).
    ``partnership_ids`` lists each pair's agreements ("; "-joined) so a table can cite them.
    ``degree`` (by city id) ranks by a wider network than these agreements, such as a whole
    selection of which only some cities' ties are listed; by default they count themselves.
    """
    columns = [
        "city_a_id",
        "city_b_id",
        "name_a",
        "name_b",
        "region_a",
        "region_b",
        "types",
        "agreements",
        "degree_a",
        "degree_b",
        "degree_sum",
        "partnership_ids",
    ]
    rows = _select(partnerships, None, None, statuses)
    counts = partner_counts(rows)["degree"] if degree is None else degree
    degree_of = dict(zip(counts.index.tolist(), counts.tolist(), strict=True))
    lookup = _city_lookup(cities)
    names, regions = lookup.get("name", {}), lookup.get("region", {})
    # a pair's regions are its cities': group only the rows whose ends lie in two known,
    # different regions instead of every agreement
    edges = _edge_table(rows.loc[_crossing(rows, regions)])
    rows = []
    for u, v, weight, kinds, ids in edges:  # every edge crosses regions: `_crossing` chose them
        rows.append(
            (
                u,
                v,
                names.get(u),
                names.get(v),
                regions.get(u),
                regions.get(v),
                ", ".join(kinds),
                weight,
                degree_of[u],
                degree_of[v],
                "; ".join(ids),
            )
        )
    built = [c for c in columns if c != "degree_sum"]
    out = pd.DataFrame(rows, columns=built)
    out = out.astype({"agreements": "int64", "degree_a": "int64", "degree_b": "int64"})
    out["degree_sum"] = out["degree_a"] + out["degree_b"]
    out = out.loc[:, columns]
    return out.sort_values(
        ["degree_sum", "agreements", "city_a_id", "city_b_id"],
        ascending=[False, False, True, True],
        kind="mergesort",
    ).reset_index(drop=True)


def count_bridging_pairs(
    partnerships: pd.DataFrame,
    cities: pd.DataFrame,
    statuses: str | Iterable[str] | None = ("active",),
) -> int:
    """``len(bridging_pairs(...))`` without building the pairs' rows: the page always shows the
    count, and the table only when it is opened (at 100x, building every pair's row, names and
    agreements took a third of a Partnerships view)."""
    rows = _select(partnerships, None, None, statuses)
    crossing = rows.loc[_crossing(rows, _city_lookup(cities).get("region", {}))]
    return len(_pair_arrays(crossing)[1])  # the distinct unordered pairs


def _crossing(rows: pd.DataFrame, regions: dict[str, object]) -> np.ndarray:
    """Which agreements join cities of two known, different regions, compared as region codes
    in numpy (a Python loop over the 100,000 agreements at 100x took a tenth of a second)."""
    known = {c: r for c, r in regions.items() if isinstance(r, str)}
    region_code = pd.Series(pd.factorize(pd.Series(known, dtype=object))[0], index=list(known))
    code_a = _codes(rows["city_a_id"], region_code)
    code_b = _codes(rows["city_b_id"], region_code)
    return (code_a >= 0) & (code_b >= 0) & (code_a != code_b)


def _codes(ids: pd.Series, code_of: pd.Series) -> np.ndarray:
    """Each id's code in ``code_of`` (-1 where it has none), looked up once for all rows."""
    found = code_of.reindex(ids.astype(str).to_numpy(dtype=object))
    return found.fillna(-1).to_numpy(dtype=np.int64)


def core_subgraph(G: nx.Graph, max_nodes: int) -> nx.Graph:
    """The ``max_nodes`` best-connected cities (weighted degree, then degree, then id) and the
    ties among them: a network drawing cannot show 10,000 nodes legibly, and sending them to
    the browser would break the page-size budget."""
    if G.number_of_nodes() <= max_nodes:
        return G.copy()
    weighted, degree = dict(G.degree(weight="weight")), dict(G.degree())  # once, not per node
    ranked = sorted(G.nodes, key=lambda v: (-weighted[v], -degree[v], v))
    return G.subgraph(ranked[:max_nodes]).copy()


def core_graph(
    partnerships: pd.DataFrame, cities: pd.DataFrame, max_nodes: int, counts: pd.DataFrame
) -> nx.Graph:
    """``core_subgraph(build_graph(partnerships, cities, statuses=None), max_nodes)`` built from
    the agreements among the chosen cities only; ``counts`` is ``partner_counts`` of the same
    agreements, which ranks the cities."""
    ranked = counts.assign(city=counts.index).sort_values(
        ["weighted_degree", "degree", "city"], ascending=[False, False, True], kind="mergesort"
    )
    chosen = set(ranked.index[:max_nodes])
    rows = _select(partnerships, None, None, None)
    inside = rows["city_a_id"].astype(str).isin(chosen) & rows["city_b_id"].astype(str).isin(chosen)
    edges = _edge_table(rows.loc[inside.to_numpy(dtype=bool)])
    lookup = _city_lookup(cities)
    G = nx.Graph()
    for node in sorted(chosen):  # with those chosen for ties outside the drawn part
        G.add_node(node, **{c: _attr(lookup, c, node) for c in ("name", "region", "country")})
    G.add_edges_from(
        (u, v, {"weight": w, "types": t, "partnership_ids": ids}) for u, v, w, t, ids in edges
    )
    return G


def _spring_numpy(
    nodes: list[str], edges: list[tuple[str, str, float]], seed: int, iterations: int = 50
) -> np.ndarray:
    """Fruchterman-Reingold on dense numpy arrays (the algorithm networkx uses below 500
    nodes), for larger graphs when scipy is not installed."""
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    A = np.zeros((n, n))
    for u, v, w in edges:
        A[index[u], index[v]] = A[index[v], index[u]] = w
    pos = np.random.RandomState(seed).rand(n, 2)
    k = np.sqrt(1.0 / n)
    t = max(float(np.ptp(pos[:, 0])), float(np.ptp(pos[:, 1]))) * 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, np.newaxis, :] - pos[np.newaxis, :, :]
        distance = np.clip(np.linalg.norm(delta, axis=-1), 0.01, None)
        displacement = np.einsum("ijk,ij->ik", delta, k * k / distance**2 - A * distance / k)
        length = np.linalg.norm(displacement, axis=-1)
        length = np.where(length < 0.01, 0.1, length)
        pos += displacement * (t / length)[:, np.newaxis]
        t -= dt
    return nx.rescale_layout(pos)


def layout(G: nx.Graph, seed: int = 42) -> dict[str, tuple[float, float]]:
    """Spring-layout positions that are identical on every rerun, so the network picture does
    not jump when an unrelated widget changes. The graph is rebuilt with sorted nodes and edges
    first because spring_layout also depends on insertion order, not only on the seed.
    Coordinates are in [-1, 1]."""
    nodes = sorted(G.nodes)
    if not nodes:
        return {}
    edges = sorted((*sorted((a, b)), float(d.get("weight", 1))) for a, b, d in G.edges(data=True))
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    ordered.add_weighted_edges_from(edges)
    try:
        positions = nx.spring_layout(ordered, seed=seed, weight="weight")
        return {v: (float(xy[0]), float(xy[1])) for v, xy in positions.items()}
    except ImportError:
        if len(nodes) > LAYOUT_MAX_NODES_WITHOUT_SCIPY:
            raise ValueError(
                f"{len(nodes)} nodes is too many to lay out without scipy; "
                f"draw core_subgraph(G, {LAYOUT_MAX_NODES_WITHOUT_SCIPY}) instead."
            ) from None
    xy = _spring_numpy(nodes, edges, seed)
    return {v: (float(x), float(y)) for v, (x, y) in zip(nodes, xy, strict=True)}
