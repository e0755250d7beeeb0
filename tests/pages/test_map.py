"""AppTest of the Map page: each layer toggled, indicator, selected city, presentation, links."""

from __future__ import annotations

import base64
import json
import re
from functools import partial
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import open_page
from tests.pages.languages import english_leaks, shows, translated, visible_texts

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/map.py"


_map = partial(open_page, PAGE)


def _link(at: AppTest) -> dict[str, str]:
    """The query string the run left in the address bar."""
    return {k: v if isinstance(v, str) else v[-1] for k, v in at.query_params.items()}


def _deck(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def _layer_ids(at: AppTest) -> list[str]:
    return [layer["id"] for layer in _deck(at)["layers"]]


def test_default_view_draws_outlines_cities_and_hubs_without_arcs():
    at = _map()
    assert _layer_ids(at) == ["ocean", "basemap", "cities", "hubs"]
    deck = _deck(at)
    assert "mapStyle" not in deck or not str(deck.get("mapStyle", "")).startswith("http")
    assert any("443 cities" in c.value and "637 hubs" in c.value for c in at.caption)
    # the arcs are off and the page says how to get them
    assert any("Partnership arcs are off" in c.value for c in at.caption)


@pytest.mark.parametrize(
    ("layer", "expected"),
    [
        ("cities", ["ocean", "basemap", "cities"]),
        ("hubs", ["ocean", "basemap", "hubs"]),
        ("partnerships", ["ocean", "basemap", "partnerships"]),
        ("networks", ["ocean", "basemap", "memberships"]),
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
    assert _layer_ids(at) == ["ocean", "basemap"]
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
    # the selected city's ties are drawn even with the arc layer off
    assert _layer_ids(at) == [
        "ocean",
        "basemap",
        "partnerships_selected",
        "cities",
        "memberships",
    ]


def _presentation_css(at) -> list[str]:
    """The presentation stylesheet (the shell's own accessibility styles are always there)."""
    return [h.proto.body for h in at.get("html") if 'data-testid="stSidebar"' in h.proto.body]


def test_presentation_mode_on_and_off():
    at = _map()
    assert not _presentation_css(at)
    at.toggle(key="map.present").set_value(True).run()
    assert not at.exception
    assert _link(at)["present"] == "1"
    assert _presentation_css(at)
    big = _deck(at)
    assert big["initialViewState"]["zoom"] > 0.75
    at.toggle(key="map.present").set_value(False).run()
    assert not at.exception
    assert not _presentation_css(at)
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
    assert "countries" in ids and not {"ocean", "basemap"} & set(ids)
    countries = next(layer for layer in deck["layers"] if layer["id"] == "countries")
    assert countries["filled"] is False


def test_deck_sent_to_the_browser_stays_small_with_every_layer():
    at = _map(layers="cities,hubs,partnerships,networks", present="1")
    size = len(at.get("deck_gl_json_chart")[0].proto.json.encode("utf-8"))
    assert size < 2_000_000, f"deck JSON is {size:,} bytes"


def test_embed_mode_shows_the_map_without_controls_or_navigation():
    at = _map(iframe="1", layers="cities", indicator="gii_cluster_rank")
    assert _layer_ids(at) == ["ocean", "basemap", "cities"]
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


# ------------------------------------------------------------------ readable at a glance


def _layer(at: AppTest, layer_id: str) -> dict:
    return next(layer for layer in _deck(at)["layers"] if layer["id"] == layer_id)


def test_arcs_on_request_are_the_strongest_ties_thin_and_faint_with_the_rest_counted():
    at = _map(layers="cities,hubs,partnerships")
    arcs = _layer(at, "partnerships")["data"]
    assert len(arcs) == 50
    assert all(arc["colour"][3] < 128 for arc in arcs)  # translucent
    widths = [arc["width"] for arc in arcs]
    assert widths == sorted(widths, reverse=True) and max(widths) > min(widths)
    caption = next(c.value for c in at.caption if "partnership arcs" in c.value)
    assert "the 50 strongest of 392 pairs of partner cities (396 agreements" in caption
    assert "342 more pairs counted, not drawn" in caption
    at.selectbox(key="map.ties").set_value("all").run()
    assert not at.exception
    assert len(_layer(at, "partnerships")["data"]) == 392
    assert _link(at)["ties"] == "all"


def test_a_selected_city_ties_stand_out_and_the_rest_fade():
    at = _map(layers="cities,partnerships", city="barcelona-es")
    mine = _layer(at, "partnerships_selected")["data"]
    others = _layer(at, "partnerships")["data"]
    assert mine and all("Barcelona" in arc["tt_title"] for arc in mine)
    assert not any("Barcelona" in arc["tt_title"] for arc in others)
    assert min(a["colour"][3] for a in mine) > max(a["colour"][3] for a in others)
    assert min(a["width"] for a in mine) > max(a["width"] for a in others) / 2


@pytest.mark.parametrize("region", ["europe", "americas", "asia-pacific", "africa-middle-east"])
def test_region_views_move_the_camera_and_go_in_the_link(region):
    at = _map()
    world = _deck(at)["initialViewState"]
    at.segmented_control(key="map.view").set_value(region).run()
    assert not at.exception
    view = _deck(at)["initialViewState"]
    assert view["zoom"] > world["zoom"]
    assert _link(at)["view"] == region
    again = _map(view=region)
    assert _deck(again)["initialViewState"] == view


def test_count_legend_has_whole_steps_only():
    at = _map(indicator="hubs_hosted")
    pictures = [
        base64.b64decode(img.proto.imgs[0].url.split(",", 1)[1]).decode("utf-8")
        for img in at.get("image")
    ]
    city_legend = next(svg for svg in pictures if "Cities: hubs" in svg)
    labels = re.findall(r">([^<>]+)</text>", city_legend)
    steps = [label for label in labels if label[0].isdigit()]
    assert len(steps) >= 3 and all(re.fullmatch(r"\d+", step) for step in steps), steps


# ------------------------------------------------------------------ time on the map


def test_year_control_shows_what_existed_then_with_counts_and_link(curated_atlas):
    at = _map()
    assert at.select_slider(key="map.upto").value == "now"
    assert at.button(key="timeline.play").label == "Play"  # starts paused
    today = _layer(at, "hubs")["data"]
    at.select_slider(key="map.upto").set_value("1995").run()
    assert not at.exception
    then = _layer(at, "hubs")["data"]
    assert 0 < len(then) < len(today)
    assert _link(at)["upto"] == "1995"
    caption = next(c.value for c in at.caption if "1995" in c.value)
    atlas = curated_atlas
    undated_hubs = int(atlas.hubs["year_opened"].isna().sum())
    undated_ties = int(atlas.partnerships["year"].isna().sum())
    assert "hubs open" in caption and f"{undated_hubs} hubs" in caption
    assert f"{undated_ties} agreements" in caption
    # city figures are dated too: no figure from after 1995 on a 1995 map
    cities = _layer(at, "cities")["data"]
    years = [int(y) for c in cities for y in re.findall(r"Year: (\d{4})", c["tt_body"])]
    assert all(y <= 1995 for y in years)
    reopened = _map(upto="1995")
    assert len(_layer(reopened, "hubs")["data"]) == len(then)


def test_play_starts_and_pauses_the_timeline():
    at = _map()
    at.button(key="timeline.play").click().run()
    assert not at.exception
    assert at.button(key="timeline.play").label == "Pause"
    first = at.select_slider(key="map.upto").value
    assert first != "now"  # playing from today starts at the first year
    at.button(key="timeline.play").click().run()
    assert at.button(key="timeline.play").label == "Play"


def test_bad_year_in_link_is_ignored_with_a_note():
    at = _map(upto="1200")
    assert at.select_slider(key="map.upto").value == "now"
    assert any("map year" in i.value for i in at.info)


# ------------------------------------------------------------------ languages

LANGUAGES = ("es", "ca", "fr")
# Barcelona's population, grouped the language's way (French: narrow no-break spaces)
POPULATION = {"es": "1.686.208", "ca": "1.686.208", "fr": "1\u202f686\u202f208"}


def _leaks(english: AppTest, other: AppTest) -> list[str]:
    return english_leaks(visible_texts(english), visible_texts(other))


@pytest.fixture(scope="module")
def english_map() -> AppTest:
    return _map(city="barcelona-es")


@pytest.mark.parametrize("code", LANGUAGES)
def test_map_reads_in_the_language_of_the_link(code, english_map):
    at = _map(city="barcelona-es", lang=code)
    assert _leaks(english_map, at) == []
    assert at.title[0].value == translated("Map of science diplomacy", code)
    assert at.selectbox(key="map.indicator").label == translated("Size and colour cities by", code)
    assert at.toggle(key="map.present").label == translated("Presentation mode", code)
    assert at.selectbox(key="map.city").label == translated("Selected city", code)
    assert shows(at, translated("Presentation mode", code))
    population = next(c.value for c in at.caption if POPULATION[code] in c.value)
    assert population.startswith(translated("Population: {figure}", code).split("{")[0])
    # the region buttons and layer pills show names in the language, ids stay in the link
    regions = at.segmented_control(key="map.view").proto
    assert regions.label == translated("Region", code)
    assert translated("World", code) in [o.content for o in regions.options]
    layers = at.pills(key="map.layers").proto
    assert translated("Diplomacy hubs", code) in [o.content for o in layers.options]
    assert at.query_params["lang"] in (code, [code])


def test_map_variants_in_catalan():
    at = _map(
        lang="ca",
        layers="cities,hubs,partnerships,networks",
        city="geneva-ch",
        upto="1995",
        present="1",
    )
    en = _map(
        layers="cities,hubs,partnerships,networks", city="geneva-ch", upto="1995", present="1"
    )
    assert _leaks(en, at) == []
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert any(c.startswith("El 1995: ") for c in captions)
    assert any("arcs d'acords: " in c for c in captions)
    pictures = [
        base64.b64decode(img.proto.imgs[0].url.split(",", 1)[1]).decode("utf-8")
        for img in at.get("image")
    ]
    titles = [t for svg in pictures for t in re.findall(r"<title>([^<]+)</title>", svg)]
    assert {"Tipus de hub", "Tipus d'acord", "Xarxa de ciutats"} <= set(titles)
    assert any(t.startswith("Ciutats: ") for t in titles)
    # tooltips: hub types and statuses in the glossary's terms
    hubs = _layer(at, "hubs")["data"]
    assert all(r["tt_body"].startswith("Tipus: ") for r in hubs)
    assert not any("Type:" in r["tt_body"] for r in hubs)
    at.pills(key="map.layers").set_value([]).run()
    assert not at.exception
    assert at.info[-1].value.startswith("No hi ha cap capa activada")
