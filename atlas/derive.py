"""Indicators the Atlas computes from its own tables, so they are never typed in by hand.

Counts use only what is current (active hubs, active partnerships); a per-million figure is
computed only where the population describes the same unit (the city proper) as the count.
"""

from __future__ import annotations

import pandas as pd

from atlas.network import build_graph, network_measures
from atlas.schema import DERIVED_SOURCE_ID, VALUES

#: A derived row is a row of the values table, as every package has it.
DERIVED_COLUMNS = VALUES.base_column_names


#: How a derived population row without a census year begins its note (pages hide its year).
NO_CENSUS_YEAR = "GeoNames gives no census year"


def _rows(series: pd.Series, indicator_id: str, year: int, note: str = "") -> pd.DataFrame:
    series = series.dropna()
    return pd.DataFrame(
        {
            "city_id": series.index.astype(str),
            "indicator_id": indicator_id,
            "year": year,
            "value": series.astype(float).to_numpy(),
            "source_id": DERIVED_SOURCE_ID,
            "unit_name": pd.NA,
            "basis": "derived",
            "note": note,
        }
    )


def hubs_hosted(hubs: pd.DataFrame) -> pd.Series:
    return hubs.loc[hubs["status"] == "active"].groupby("host_city_id").size()


def foreign_operators(hubs: pd.DataFrame, cities: pd.DataFrame) -> pd.Series:
    """Operators other than the host country itself (a city's own initiative is not foreign)."""
    active = hubs.loc[hubs["status"] == "active", ["host_city_id", "operator_country"]]
    host_country = active["host_city_id"].map(cities.set_index("city_id")["country"])
    foreign = active.loc[active["operator_country"] != host_country]
    return foreign.groupby("host_city_id")["operator_country"].nunique()


def partnership_counts(partnerships: pd.DataFrame) -> pd.Series:
    """Agreements in force, counted from both ends."""
    active = partnerships.loc[partnerships["status"] == "active"]
    ends = pd.concat([active["city_a_id"], active["city_b_id"]])
    return ends.value_counts()


def membership_counts(memberships: pd.DataFrame) -> pd.Series:
    return memberships.groupby("city_id")["network_id"].nunique()


#: Network position offered as indicators (Rankings, Index builder, profile percentiles).
#: Weighted degree (agreements counted with repeats) is not repeated here: it is the
#: ``partnerships`` indicator already, computed from the same active list.
NETWORK_DERIVED: dict[str, str] = {"degree": "net_degree", "betweenness": "net_betweenness"}
NETWORK_NOTE = "Computed from the Atlas's list of active partnerships, which is incomplete"


def network_positions(cities: pd.DataFrame, partnerships: pd.DataFrame) -> pd.DataFrame:
    """Degree and betweenness of every city in the graph of active partnerships.

    A city with no active partnership listed is an isolated city of that graph: 0 partner
    cities and 0 bridging, as true of the Atlas's list as the ``partnerships`` count of 0.
    """
    # only the columns degree and betweenness need: the graph then carries no per-edge lists of
    # types and partnership ids (for tooltips), tens of MB at 100x that nothing here reads
    graph = build_graph(partnerships[["city_a_id", "city_b_id", "status"]], cities[["city_id"]])
    measures = network_measures(graph)
    # a networkx graph that has served `G.degree` holds a view of itself (a reference cycle),
    # so it would wait for the garbage collector: emptied here, its memory is back at once
    graph.clear()
    everyone = pd.Index(cities["city_id"].astype(str), name="city_id")
    positions = measures.reindex(everyone, fill_value=0)[list(NETWORK_DERIVED)]
    positions.attrs = dict(measures.attrs)
    return positions


def _network_note(positions: pd.DataFrame, measure: str) -> str:
    if measure == "betweenness" and positions.attrs.get("betweenness_exact") is False:
        return (
            f"{NETWORK_NOTE}. Estimated from the shortest paths of "
            f"{positions.attrs['betweenness_sources']} sampled cities"
        )
    return NETWORK_NOTE


def derived_values(
    cities: pd.DataFrame,
    hubs: pd.DataFrame,
    partnerships: pd.DataFrame,
    memberships: pd.DataFrame,
    as_of_year: int,
) -> pd.DataFrame:
    """Long rows for every derived indicator.

    Counts are of entries listed in the Atlas, so every city has one (0 = none listed); the
    per-million form exists only where GeoNames gives a population.
    """
    everyone = pd.Index(cities["city_id"].astype(str))

    def listed(counts: pd.Series) -> pd.Series:
        # a count of the Atlas's own records: a city with none listed has a true count of 0
        return counts.reindex(everyone, fill_value=0)

    hosted = listed(hubs_hosted(hubs))
    population = cities.set_index("city_id")["population"].astype("Float64")
    per_million = (hosted / (population.reindex(hosted.index) / 1e6)).dropna()
    population_rows = _rows(population, "population", as_of_year)
    years = cities.set_index("city_id")["population_year"].reindex(population_rows["city_id"])
    population_rows["year"] = years.fillna(as_of_year).astype(int).to_numpy()
    # GeoNames gives no census year: such a row carries the data's year, and says so
    population_rows["note"] = (
        years.isna()
        .map({True: f"{NO_CENSUS_YEAR}: the year is that of the data", False: ""})
        .to_numpy()
    )
    population_rows["source_id"] = (
        cities.set_index("city_id")["source_id"].reindex(population_rows["city_id"]).to_numpy()
    )
    frames = [
        population_rows,
        _rows(hosted, "hubs_hosted", as_of_year),
        _rows(listed(foreign_operators(hubs, cities)), "foreign_operators", as_of_year),
        _rows(per_million, "hubs_per_million", as_of_year),
        _rows(listed(partnership_counts(partnerships)), "partnerships", as_of_year),
        _rows(
            listed(membership_counts(memberships)),
            "network_memberships",
            as_of_year,
            note="Some member lists are incomplete",
        ),
    ]
    positions = network_positions(cities, partnerships)
    frames += [
        _rows(positions[measure], indicator_id, as_of_year, note=_network_note(positions, measure))
        for measure, indicator_id in NETWORK_DERIVED.items()
    ]
    return pd.concat([f for f in frames if not f.empty], ignore_index=True)[DERIVED_COLUMNS]
