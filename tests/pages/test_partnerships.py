"""AppTest of the Partnerships page: filters change the network, links restore them."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas import i18n
from atlas.numbers import format_count
from tests.conftest import open_page
from tests.pages.languages import english_leaks, shows, translated, visible_texts

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/partnerships.py"


_open = partial(open_page, PAGE)


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _table(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_renders_map_network_and_measures():
    at = _open()
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["Agreements"] == "385"  # active agreements of the curated data
    measures = _table(at, "Profile")
    assert list(measures.columns[:6]) == [
        "City",
        "Country",
        "Region",
        "Partner cities",
        "Agreements",
        "Bridging (betweenness)",
    ]
    top = measures.iloc[0]
    assert top["City"] == "Paris" and top["Partner cities"] == 41
    assert measures["Bridging (betweenness)"].between(0, 1).all()
    assert len(at.get("plotly_chart")) >= 1  # the network drawing
    assert len(at.get("deck_gl_json_chart")) == 1
    assert len(at.dataframe) == 1  # one table at a time: the other two are one click away
    bridges = _table(_open(table="regions"), "Regions")
    assert (bridges["Regions"].str.split(" – ").str.len() == 2).all()


def test_table_switch_shows_one_table_and_keeps_it_in_the_link():
    at = _open()
    switch = at.segmented_control(key="partnerships.table")
    assert switch.options == ["Most connected cities", "Ties between regions", "The agreements"]
    assert switch.value == "cities" and "table" not in at.query_params
    switch.set_value("agreements").run()
    assert not at.exception
    assert [len(d.value) for d in at.dataframe] == [int(_metrics(at)["Agreements"])]
    assert at.query_params["table"] in ("agreements", ["agreements"])


def test_network_text_alternative_names_its_size_and_best_connected_cities():
    at = _open()
    captions = [c.value.replace("\\", "") for c in at.caption]  # markdown escapes removed
    sentence = next(c for c in captions if c.startswith("Network drawing:"))
    assert "217 cities joined by 381 partner pairs" in sentence
    assert "Most partner cities: Paris (41)" in sentence
    assert "-0." not in sentence  # no layout coordinates read as values


def test_type_filter_narrows_the_network_and_goes_into_the_link():
    at = _open()
    before = int(_metrics(at)["Agreements"])
    at.multiselect(key="partnerships.types").set_value(["science partnership"]).run()
    at.segmented_control(key="partnerships.table").set_value("agreements").run()
    assert not at.exception
    after = int(_metrics(at)["Agreements"])
    assert 0 < after < before
    assert set(_table(at, "Cities")["Type"]) == {"science partnership"}
    assert at.query_params["types"] in ("science partnership", ["science partnership"])


def test_years_signed_from_link_set_the_slider_and_drop_undated():
    at = _open(signed="1980-2000", table="agreements")
    assert not at.exception
    assert at.slider(key="partnerships.signed").value == (1980, 2000)
    years = _table(at, "Cities")["Year"]
    assert years.notna().all() and years.between(1980, 2000).all()
    assert any("without a year are left out" in c.value for c in at.caption)


def test_bad_link_values_become_notes():
    at = _open(signed="2050-1900", types="bogus")
    assert not at.exception
    assert at.slider(key="partnerships.signed").value == (1954, 2023)
    notes = " ".join(i.value for i in at.info)
    assert "years signed" in notes and "agreement types" in notes


def test_sidebar_region_keeps_ties_abroad():
    at = _open(region="Oceania")
    assert not at.exception
    measures = _table(at, "Profile")
    assert set(measures["Region"]) == {"Oceania"}
    at.segmented_control(key="partnerships.table").set_value("agreements").run()
    agreements = _table(at, "Cities")
    assert len(agreements) > 0
    assert int(_metrics(at)["Cities linked"]) > len(measures)  # partners outside Oceania too


def test_no_match_says_what_to_do():
    at = _open(types="science partnership", signed="1954-1960")
    assert not at.exception
    assert any("Widen the years" in w.value for w in at.warning)


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize("code", ["es", "ca", "fr"])
def test_partnerships_reads_in_the_chosen_language(code):
    english = _open()
    at = _open(lang=code)
    assert english_leaks(visible_texts(english), visible_texts(at)) == []
    assert at.title[0].value == translated("Partnerships", code)
    assert at.multiselect(key="partnerships.types").label == translated("Agreement types", code)
    assert shows(at, translated("Cities, ties and agreements", code))
    tables = at.segmented_control(key="partnerships.table")
    assert translated("Most connected cities", code) in tables.options
    metrics, english_metrics = _metrics(at), _metrics(english)
    n = int(english_metrics["Agreements"].replace(",", ""))
    assert metrics[translated("Agreements", code)] == format_count(n, locale=code)
    # the measures table: headers on screen translated, cells of regions too, ids kept
    measures = _table(at, "Bridging (betweenness)")
    assert translated("Europe", code) in set(measures["Region"])
    config = next(
        json.loads(d.proto.columns) for d in at.dataframe if "Bridging (betweenness)" in d.value
    )
    assert config["Bridging (betweenness)"]["label"] == translated("Bridging (betweenness)", code)


def test_partnerships_twinnings_in_french():
    at = _open(lang="fr", types="twinning", signed="1990-2010", table="agreements")
    types = at.multiselect(key="partnerships.types")
    assert types.value == ["twinning"]  # the link's value stays the schema's
    assert translated("twinning", "fr") in types.options
    agreements = _table(at, "Cities")
    assert set(agreements["Type"]) == {translated("twinning", "fr")}
    with i18n.language("fr"):
        active = i18n.pgettext("agreement status", "active")
    assert set(agreements["Status"]) == {active}
    assert at.slider(key="partnerships.signed").label == translated("Years signed", "fr")
