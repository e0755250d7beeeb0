"""AppTest of the Compare page, run through app.py so the shared shell and filters run too.

Link parameters are set before the first run and the page is opened directly with
``switch_page``, as a browser opening a shared link does.
"""

from __future__ import annotations

import html
import json
import re
from functools import partial
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas.peers import suggest_peers
from atlas.views.rankings import display_names
from tests.conftest import open_page
from tests.pages.languages import shows, translated
from tests.pages.page_language import GROUPED, LANGUAGES, page_leaks, page_texts

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/compare.py"
KEY = "compare.cities"


_open = partial(open_page, PAGE)


def _wide(at: AppTest) -> pd.DataFrame:
    value = at.dataframe[0].value  # the side-by-side tab is drawn first
    return value.data if hasattr(value, "data") else value  # a Styler carries its frame


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_without_cities_the_page_guides_and_offers_an_example():
    at = _open()
    assert not at.exception
    assert "Choose at least two cities" in at.info[0].value
    assert not _figures(at)
    example = next(b for b in at.button if b.label.startswith("Try an example"))
    example.click().run()
    assert not at.exception
    assert at.multiselect(key=KEY).value == [
        "barcelona-es",
        "munich-de",
        "milan-it",
        "amsterdam-nl",
    ]
    assert {"Barcelona", "Munich", "Milan", "Amsterdam"} <= set(_wide(at).columns)


def test_one_city_asks_for_another_and_suggests_peers():
    at = _open(cities="barcelona-es")
    assert not at.exception
    assert "Add at least one more city" in at.info[0].value
    peers = [b.label for b in at.button if b.label.startswith("+ ")]
    assert peers and len(peers) <= 5


def test_link_round_trip_and_side_by_side_table():
    at = _open(cities="barcelona-es,munich-de,tokyo-jp")
    assert not at.exception
    assert at.multiselect(key=KEY).value == ["barcelona-es", "munich-de", "tokyo-jp"]
    assert at.session_state["_url_collected"]["cities"] == "barcelona-es,munich-de,tokyo-jp"
    wide = _wide(at).set_index("Indicator")
    for name in ("Barcelona", "Munich", "Tokyo"):
        assert {name, f"{name} · year", f"{name} · source"} <= set(wide.columns)
    rank = wide.loc["GII S&T cluster rank"]
    assert rank["Tokyo"] == "★ 1"  # lowest rank is best
    assert rank["Best"] == "Tokyo"
    assert "lower is better" in rank["Reads"]
    assert wide.loc["Nature Index Share", "Barcelona"] == "no data"
    assert wide.loc["Population", "Best"] == ""  # context, not rated
    assert not any(str(v).strip() == "0" for v in wide.loc["Nature Index Share"])


def test_changing_cities_changes_table_and_charts():
    at = _open(cities="barcelona-es,munich-de")
    before = _wide(at)
    radar_before = _figures(at)[0]
    at.multiselect(key=KEY).set_value(["barcelona-es", "tokyo-jp", "seoul-kr"]).run()
    assert not at.exception
    after = _wide(at)
    assert "Munich" in before.columns and "Munich" not in after.columns
    assert {"Tokyo", "Seoul"} <= set(after.columns)
    radar = _figures(at)[0]
    assert [t["name"] for t in radar["data"]] == ["Barcelona", "Tokyo", "Seoul"]
    assert [t["name"] for t in radar_before["data"]] == ["Barcelona", "Munich"]
    assert at.session_state["_url_collected"]["cities"] == "barcelona-es,tokyo-jp,seoul-kr"


def test_radar_states_its_normalisation_and_series_has_several_years():
    at = _open(cities="tokyo-jp,seoul-kr")
    captions = "\n".join(c.value for c in at.caption)
    assert "percentile rank among all cities with data" in captions
    radar, series = _figures(at)
    assert radar["data"][0]["type"] == "scatterpolar"
    assert radar["layout"]["polar"]["radialaxis"]["range"] == [0, 100]
    assert all(t["type"] == "scatter" for t in series["data"])
    years = {x for t in series["data"] for x in t["x"]}
    assert len(years) > 2


def test_suggested_peer_is_added_with_one_click(curated_atlas):
    atlas = curated_atlas
    expected = suggest_peers(
        atlas.cities.reset_index(drop=True), "barcelona-es", n=5, exclude=["barcelona-es"]
    )
    at = _open(cities="barcelona-es")
    labels = [b.label for b in at.button if b.label.startswith("+ ")]
    short = display_names(atlas)  # "Vienna (AT)": the Atlas also holds Vienna, US
    assert labels == [f"+ {short[c]}" for c in expected]
    at.button(key=f"compare.add.{expected[0]}").click().run()
    assert not at.exception
    assert at.multiselect(key=KEY).value == ["barcelona-es", expected[0]]
    assert short[expected[0]] in _wide(at).columns


def test_malformed_and_overlong_links_give_notes():
    at = _open(cities="atlantis,barcelona-es,<b>x</b>")
    assert not at.exception
    assert "not known" in at.info[0].value
    assert at.multiselect(key=KEY).value == ["barcelona-es"]
    seven = "barcelona-es,munich-de,milan-it,amsterdam-nl,paris-fr,tokyo-jp,seoul-kr"
    at = _open(cities=seven)
    assert not at.exception
    assert "at most 6" in at.info[0].value
    assert len(at.multiselect(key=KEY).value) == 6
    assert all(b.disabled for b in at.button if b.label.startswith("+ "))


def test_sidebar_year_limits_the_figures():
    at = _open(cities="tokyo-jp,seoul-kr", year="2022")
    assert not at.exception
    wide = _wide(at).set_index("Indicator")
    years = {int(y) for y in wide["Tokyo · year"] if y}
    assert years and max(years) <= 2022


def test_comparison_offers_an_offline_briefing():
    at = _open(cities="barcelona-es,geneva-ch")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Briefing to take offline (HTML)" in labels


def test_a_city_missing_from_a_partial_ranking_is_not_in_the_atlas_copy():
    at = _open(cities="tokyo-jp,lodz-pl")
    wide = _wide(at).set_index("Indicator")
    # WIPO ranked 100 clusters; the Atlas holds a part: Łódź may be ranked, just not held
    assert wide.loc["GII S&T cluster rank", "Łódź"] == "not in the Atlas's copy of this ranking"
    assert wide.loc["Nature Index Share", "Łódź"] == "no data"  # size of the table unknown
    captions = " ".join(c.value.replace("\\", "") for c in at.caption)
    assert "Rankings the Atlas holds only part of" in captions
    assert re.search(r"GII S&T cluster rank 2024: \d+ of 100 clusters", captions)
    # GeoNames gives no census year, so none is shown beside the population
    assert wide.loc["Population", "Łódź · year"] == ""


# --------------------------------------------------------------------------------------------
# The page in Spanish, Catalan and French
# --------------------------------------------------------------------------------------------

CITIES = "barcelona-es,munich-de,milan-it"


@pytest.fixture(scope="module")
def english_three_cities() -> list[str]:
    return page_texts(_open(cities=CITIES))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_three_cities_read_in_the_language_of_the_link(lang, english_three_cities):
    at = _open(cities=CITIES, lang=lang)
    assert page_leaks(english_three_cities, at) == []
    assert at.title[0].value == translated("Compare cities", lang)
    assert at.multiselect(key=KEY).label == translated("Cities (2 to {n})", lang).format(n=6)
    assert shows(at, translated("Indicator groups", lang))
    assert [t.label for t in at.tabs][:2] == [
        translated("Side by side", lang),
        translated("One row per figure", lang),
    ]
    wide = _wide(at)
    assert translated("Indicator", lang) in wide.columns
    # the reference city's population in the peers caption, grouped the language's way
    assert re.search(GROUPED[lang], "\n".join(c.value for c in at.caption))
    radar = _figures(at)[0]["layout"]
    title = html.unescape(radar["title"]["text"])  # plotly reads the escaped apostrophe back
    assert translated("Indicator groups, percentile rank", lang) in title


def test_without_cities_the_guidance_is_in_french():
    at = _open(lang="fr")
    assert at.info[0].value.startswith("Choisissez au moins deux villes")
    example = next(b for b in at.button if b.label.startswith("Essayez un exemple"))
    assert " et " in example.label
