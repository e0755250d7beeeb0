"""The Partnerships page's model on the five-city Atlas, without Streamlit."""

from __future__ import annotations

from atlas import network
from atlas.filters import Filters
from atlas.views.links import profile_url
from atlas.views.network import YearSpan, build_bridges, build_view, map_note, year_bounds


def test_year_bounds_span_the_signing_years(small_atlas):
    assert year_bounds(small_atlas) == (1990, 2011)


def test_the_whole_network_measures_every_city_with_an_active_partner(small_atlas):
    view = build_view(small_atlas, (), None, None, None)
    assert len(view.shown) == 4  # Bern–Quito has ended
    assert set(view.measures.index) == {"geneva-ch", "lyon-fr", "porto-pt", "bern-ch"}
    assert view.measures.index[0] == "lyon-fr"  # most partner cities
    assert list(view.measures_table["Profile"]) == [profile_url(c) for c in view.measures.index]
    assert map_note(view) is None


def test_a_filter_shows_its_cities_measured_in_the_whole_network(small_atlas):
    whole = build_view(small_atlas, (), None, None, None)
    view = build_view(small_atlas, (), None, None, Filters(countries=("CH",)))
    assert set(view.measures.index) == {"geneva-ch", "bern-ch"}
    assert view.measures.loc["bern-ch", "degree"] == whole.measures.loc["bern-ch", "degree"]


def test_a_year_span_reads_and_writes_links():
    span = YearSpan("signed", 1990, 2011)
    assert span.parse("2001") == ((2001, 2001), [])
    assert span.parse("2010-1995") == ((1995, 2010), [])
    value, notes = span.parse("1980-2000")
    assert value == (1990, 2000) and notes
    assert span.format((1995, 2010)) == "1995-2010"


def test_profile_links_are_relative_and_skip_missing_ids():
    assert profile_url("lyon-fr") == "profile?city=lyon-fr"
    assert profile_url(None) is None


def test_the_tables_name_types_statuses_and_regions_in_the_run_language(small_atlas):
    from atlas.i18n import language

    with language("fr"):
        view = build_view(small_atlas, (), None, None, None)
    assert set(view.agreements_table["Status"]) == {"en vigueur"}
    assert set(view.shown["status"]) == {"active"}  # the frame drawn keeps the schema's values
    assert "Europe" in set(view.measures_table["Region"])
    assert "Bridging (betweenness)" in view.measures_table.columns


def test_a_link_note_on_years_in_catalan(small_atlas):
    from atlas.i18n import language

    span = YearSpan("signed", 1990, 2011, label="years signed")
    with language("ca"):
        _, notes = span.parse("1980-2000")
    assert notes and "surten de l'interval 1990–2011" in notes[0]


def test_the_ties_between_regions_are_built_apart_and_counted_in_the_view(small_atlas):
    for types in ((), ("twinning",)):
        view = build_view(small_atlas, types, None, None, None)
        bridges = build_bridges(small_atlas, view)
        assert view.n_bridging_pairs == len(bridges.pairs) == len(bridges.table)
        expected = network.bridging_pairs(view.shown, small_atlas.cities, statuses=None)
        assert list(bridges.pairs["city_a_id"]) == list(expected["city_a_id"])
    ends = set(view.shown["city_a_id"]) | set(view.shown["city_b_id"])
    assert view.n_cities_linked == len(ends)


def test_ties_between_regions_name_their_regions_and_cite_their_agreements(small_atlas):
    # Bern–Quito (Europe – Latin America) has ended; shown with every status it bridges
    import dataclasses

    ended = small_atlas.partnerships.assign(status="active")
    atlas = dataclasses.replace(small_atlas, partnerships=ended)
    view = build_view(atlas, (), None, None, None)
    bridges = build_bridges(atlas, view)
    assert view.n_bridging_pairs == len(bridges.table) >= 1
    assert all(" – " in regions for regions in bridges.table["Regions"])
    assert bridges.table["source_id"].notna().all()
    assert bridges.line.startswith("Source")
