"""The Data and methods page's tables, built from the five-city Atlas without Streamlit."""

from __future__ import annotations

from dataclasses import replace

from atlas.views.methods import (
    GEO_UNITS,
    definitions_table,
    filter_sources,
    geography_rows,
    sources_table,
)


def test_every_source_is_listed_with_the_rows_citing_it(small_atlas):
    table = sources_table(small_atlas)
    assert set(table["source_id"]) == set(small_atlas.sources.index)
    counts = table.set_index("source_id")["Rows citing it"]
    assert counts["geonames"] >= len(small_atlas.cities)  # every city cites its gazetteer
    assert counts["hubs-src"] == (small_atlas.hubs["source_id"] == "hubs-src").sum()
    assert list(table["Publisher"].str.lower()) == sorted(table["Publisher"].str.lower())


def test_search_ignores_accents_and_case_and_needs_every_word(small_atlas):
    sources = small_atlas.sources.copy()
    sources.loc["geonames", "note"] = "Zürich office"
    table = sources_table(replace(small_atlas, sources=sources))
    assert list(filter_sources(table, "ZURICH")["source_id"]) == ["geonames"]
    assert list(filter_sources(table, "zurich gazetteer")["source_id"]) == ["geonames"]
    assert filter_sources(table, "zurich hubs").empty
    assert len(filter_sources(table, "")) == len(table)


def test_definitions_read_as_words(small_atlas):
    table = definitions_table(small_atlas).set_index("indicator_id")
    cat = small_atlas.indicators
    assert list(table.index) == list(cat.index)
    for ind in cat.index:
        want = "higher is better" if cat.at[ind, "higher_is_better"] else "lower is better"
        assert table.at[ind, "Direction"] == want
        assert table.at[ind, "Derived"] in ("yes", "no")


def test_geography_lists_described_units_and_any_the_data_adds(small_atlas):
    rows = {r["Geographic unit"]: r for r in geography_rows(small_atlas)}
    assert "as uploaded" not in rows  # no uploaded indicator in this Atlas
    used = small_atlas.indicators["geo_unit"].value_counts()
    for unit, count in used.items():
        assert rows[unit]["Indicators"] == count
    cat = small_atlas.indicators.copy()
    cat.loc[cat.index[0], "geo_unit"] = "river basin"
    added = {r["Geographic unit"]: r for r in geography_rows(replace(small_atlas, indicators=cat))}
    assert added["river basin"]["What it covers"] == "See the indicator descriptions."
    assert set(GEO_UNITS) - {"as uploaded"} <= set(added)


def test_tables_read_in_the_run_language_and_keep_their_keys(small_atlas):
    from atlas.i18n import language

    with language("es"):
        table = definitions_table(small_atlas).set_index("indicator_id")
        rows = {r["Geographic unit"]: r for r in geography_rows(small_atlas)}
    cat = small_atlas.indicators
    for ind in cat.index:
        want = "más alto es mejor" if cat.at[ind, "higher_is_better"] else "más bajo es mejor"
        assert table.at[ind, "Direction"] == want
        assert table.at[ind, "Derived"] in ("sí", "no")
    assert list(table["_group"]) == list(cat["group"])  # the id the group filter compares
    assert rows["city proper"]["Name"] == "ciudad propiamente dicha"
    assert rows["city proper"]["What it covers"].startswith("La ciudad dentro de su límite")
