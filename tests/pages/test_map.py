"""AppTest of the Map page: each layer toggled, indicator, selected city, presentation, links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/map.py"


def _map(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _link(at: AppTest) -> dict[str, str]:
    """The query string the run left in the address bar."""
    return {k: v if isinstance(v, str) else v[-1] for k, v in at.query_params.items()}


def _deck(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def _layer_ids(at: AppTest) -> list[str]:
    return [layer["id"] for layer in _deck(at)["layers"]]


def test_default_view_draws_outlines_cities_hubs_and_arcs():
    at = _map()
    assert _layer_ids(at) == ["ocean", "countries", "partnerships", "cities", "hubs"]
    deck = _deck(at)
    assert "mapStyle" not in deck or not str(deck.get("mapStyle", "")).startswith("http")
    assert any("443 cities" in c.value and "637 hubs" in c.value for c in at.caption)


@pytest.mark.parametrize(
    ("layer", "expected"),
    [
        ("cities", ["ocean", "countries", "cities"]),
        ("hubs", ["ocean", "countries", "hubs"]),
        ("partnerships", ["ocean", "countries", "partnerships"]),
        ("networks", ["ocean", "countries", "memberships"]),
    ],
)
def test_each_layer_on_its_own(layer, expected):
    at = _map()
    at.pills(key="map.layers").set_value([layer]).run()
    assert not at.exception
    assert _layer_ids(at) == expected
    assert _link(at)["layers"] == layer


def test_no_layer_leaves_outlines_and_says_what_to_do():
    at = _map()
    at.pills(key="map.layers").set_value([]).run()
    assert not at.exception
    assert _layer_ids(at) == ["ocean", "countries"]
    assert any("No layer is switched on" in i.value for i in at.info)


def test_indicator_changes_colours_and_legend():
    at = _map(layers="cities")
    before = _deck(at)["layers"][-1]["data"]
    at.selectbox(key="map.indicator").set_value("gii_cluster_rank").run()
    assert not at.exception
    after = _deck(at)["layers"][-1]["data"]
    assert before != after
    legend = [c.value for c in at.caption if "lower is better" in c.value]
    assert legend and "GII S&T cluster rank" in legend[0]
    assert _link(at)["indicator"] == "gii_cluster_rank"


def test_missing_values_are_grey_no_data_not_zero():
    at = _map(layers="cities", indicator="nature_index_rank")
    records = _deck(at)["layers"][-1]["data"]
    no_data = [r for r in records if not r["has_value"]]
    assert no_data, "most cities have no Nature Index rank"
    assert all("no data" in r["tt_body"] for r in no_data)
    assert all(r["fill"][:3] == [0x9E, 0x9E, 0x9E] for r in no_data)


def test_selected_city_shows_facts_and_profile_link():
    at = _map()
    at.selectbox(key="map.city").set_value("barcelona-es").run()
    assert not at.exception
    assert any("Barcelona" in m.value for m in at.markdown)
    links = at.get("page_link")
    assert links, "a link to the city profile is shown"
    assert "city=barcelona-es" in str(links[0].proto)
    assert _link(at)["city"] == "barcelona-es"


def test_link_reopens_layers_indicator_city_and_presentation():
    at = _map(layers="cities,networks", indicator="gii_cluster_rank", city="geneva-ch", present="1")
    assert at.pills(key="map.layers").value == ["cities", "networks"]
    assert at.selectbox(key="map.indicator").value == "gii_cluster_rank"
    assert at.selectbox(key="map.city").value == "geneva-ch"
    assert at.toggle(key="map.present").value is True
    assert _layer_ids(at) == ["ocean", "countries", "cities", "memberships"]


def test_presentation_mode_on_and_off():
    at = _map()
    assert not at.get("html")
    at.toggle(key="map.present").set_value(True).run()
    assert not at.exception
    assert _link(at)["present"] == "1"
    styles = at.get("html")
    assert styles and 'data-testid="stSidebar"' in styles[0].proto.body
    big = _deck(at)
    assert big["initialViewState"]["zoom"] > 0.75
    at.toggle(key="map.present").set_value(False).run()
    assert not at.exception
    assert not at.get("html")
    assert "present" not in _link(at)


def test_shared_filters_apply():
    at = _map(region="Oceania", layers="cities")
    records = _deck(at)["layers"][-1]["data"]
    assert 0 < len(records) < 20
    assert any("Filtered" in c.value and "Oceania" in c.value for c in at.caption)


def test_malformed_link_is_ignored_with_a_note():
    at = _map(layers="cities,volcanoes", indicator="nonsense", city="atlantis-xx")
    assert any("'volcanoes'" in i.value for i in at.info)
    assert at.selectbox(key="map.indicator").value == "hubs_hosted"
    assert at.selectbox(key="map.city").value is None


def test_online_basemap_is_an_extra_over_outlines():
    at = _map(tiles="1")
    deck = _deck(at)
    ids = [layer["id"] for layer in deck["layers"]]
    assert "countries" in ids and "ocean" not in ids
    countries = next(layer for layer in deck["layers"] if layer["id"] == "countries")
    assert countries["filled"] is False


def test_deck_sent_to_the_browser_stays_small_with_every_layer():
    at = _map(layers="cities,hubs,partnerships,networks", present="1")
    size = len(at.get("deck_gl_json_chart")[0].proto.json.encode("utf-8"))
    assert size < 2_000_000, f"deck JSON is {size:,} bytes"


def test_embed_mode_shows_the_map_without_controls_or_navigation():
    at = _map(iframe="1", layers="cities", indicator="gii_cluster_rank")
    assert _layer_ids(at) == ["ocean", "countries", "cities"]
    assert not at.title  # no page chrome
    assert not at.toggle  # no presentation or basemap switches
    styles = [h.proto.body for h in at.get("html")]
    assert any('data-testid="stSidebar"' in s for s in styles)
    links = at.get("page_link")
    assert links and "Open this view" in links[0].proto.label
    assert links[0].proto.query_string == "layers=cities&indicator=gii_cluster_rank"
    assert _link(at)["iframe"] == "1"


def test_embed_snippet_holds_the_current_view():
    at = _map(layers="cities", indicator="gii_cluster_rank")
    code = [c.value for c in at.text_area if "<iframe" in c.value]
    assert code and "layers=cities" in code[0] and "indicator=gii_cluster_rank" in code[0]
    assert "iframe=1" in code[0]


def test_choices_come_back_after_visiting_another_page():
    at = _map()
    at.selectbox(key="map.indicator").set_value("gii_cluster_rank").run()
    at.pills(key="map.layers").set_value(["cities"]).run()
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.selectbox(key="map.indicator").value == "gii_cluster_rank"
    assert at.pills(key="map.layers").value == ["cities"]


def test_data_grid_is_drawn_on_request_and_the_download_is_always_there():
    at = _map(layers="cities")
    assert len(at.dataframe) == 0  # no grid (and no grid scripts) until asked
    assert any("map.download" in str(getattr(b, "key", "")) for b in at.get("download_button"))
    at.toggle(key="map.show_table").set_value(True).run()
    assert not at.exception
    assert len(at.dataframe) == 1
    grid = at.dataframe[0].value
    assert len(grid) > 100 and "value" in grid.columns
