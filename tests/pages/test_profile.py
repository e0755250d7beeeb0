"""AppTest of the City profile, run through app.py so the shared shell and links are exercised."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import open_page
from tests.pages.languages import english_leaks, shows, translated, visible_texts

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/profile.py"
KEY = "profile.city"


_open = partial(open_page, PAGE)


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_no_city_yet_prompts_and_suggests():
    at = _open()
    assert not at.exception
    assert at.selectbox(key=KEY).value is None
    assert any("Choose one of 443 cities" in i.value for i in at.info)
    assert not at.metric  # nothing made up before a city is chosen


def test_link_opens_the_city_with_key_facts_and_sources():
    at = _open(city="barcelona-es")
    assert not at.exception
    assert at.selectbox(key=KEY).value == "barcelona-es"
    metrics = _metrics(at)
    assert metrics["Country"] == "Spain"
    assert metrics["Region"] == "Europe"
    assert metrics["GeoNames id"] == "3128760"
    assert any("GeoNames, retrieved Nov 2026" in c.value.replace("\\", "") for c in at.caption)
    # every table on the page has its sources line
    assert sum(c.value.startswith("Source") for c in at.caption) >= 5


def test_standing_gives_percentiles_and_counts_compared():
    at = _open(city="barcelona-es")
    standing = at.dataframe[0].value
    assert {"Indicator", "vs all cities", "Among", "vs region", "Geography", "Source"} <= set(
        standing.columns
    )
    hosted = standing.set_index("Indicator").loc["Hubs hosted"]
    assert hosted["Among"] == 443
    assert 0 <= hosted["vs all cities"] <= 100
    assert "Partner cities" in set(standing["Indicator"])  # network measures offered too


def test_changing_the_city_changes_the_page_and_the_link():
    at = _open(city="barcelona-es")
    at.selectbox(key=KEY).select("paris-fr").run()
    assert not at.exception
    assert _metrics(at)["Country"] == "France"
    assert at.query_params["city"] == ["paris-fr"] or at.query_params["city"] == "paris-fr"
    partners = next(d.value for d in at.dataframe if "Partner" in d.value.columns)
    assert "Rome" in set(partners["Partner"])
    assert partners["Source"].notna().all()


def test_hubs_hosted_and_operated_elsewhere():
    at = _open(city="barcelona-es")
    tables = [d.value for d in at.dataframe if "Hub" in d.value.columns]
    hosted, elsewhere = tables[0], tables[1]
    assert len(hosted) >= 1 and hosted["Source"].notna().all()
    assert "Host city" in elsewhere.columns
    assert "Barcelona" not in set(elsewhere["Host city"])  # its own hubs are 'hosted', not here
    assert set(elsewhere["Operator"]).isdisjoint({None})


def test_city_with_editions_draws_outputs_over_time():
    at = _open(city="paris-fr")
    assert not at.exception
    outputs = [
        d.value for d in at.dataframe if {"Indicator", "Year", "Value"} <= set(d.value.columns)
    ]
    assert any(frame["Year"].nunique() > 1 for frame in outputs)


def test_unknown_city_in_link_is_a_note_not_an_error():
    at = _open(city="atlantis-xx")
    assert not at.exception
    assert at.selectbox(key=KEY).value is None
    assert any("not a city in the Atlas" in i.value for i in at.info)


def test_sidebar_region_narrows_the_picker():
    at = _open(region="Oceania")
    assert not at.exception
    options = at.selectbox(key=KEY).options
    assert 0 < len(options) < 443
    assert any("matching the sidebar filters" in c.value for c in at.caption)


def test_profile_offers_an_offline_briefing():
    at = _open(city="barcelona-es")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Briefing to take offline (HTML)" in labels


def test_profile_opens_with_a_reading_generated_from_the_data(curated_atlas):
    at = _open(city="barcelona-es")
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown).replace("\\", "")
    hubs = curated_atlas.hubs
    active = int(((hubs["host_city_id"] == "barcelona-es") & (hubs["status"] == "active")).sum())
    assert f"Barcelona hosts {active} active science-diplomacy hubs" in text
    assert "Its GII cluster ranked 55th of 100 in the 2024 GII S&T cluster rank" in text
    assert "Population: 1,686,208 (city proper, GeoNames" in text
    assert any("Generated from the Atlas's data" in c.value for c in at.caption)


def test_reading_says_what_is_missing():
    at = _open(city="trieste-it")
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert "No output ranking the Atlas holds lists Trieste" in text
    assert "The Atlas lists no active partnership for it" in text


def test_one_foreign_operator_reads_in_the_singular():
    at = _open(city="trieste-it")  # its hubs are all run by one international body
    standing = next(d.value for d in at.dataframe if "vs all cities" in d.value.columns)
    values = set(standing["Value"])
    assert "1 country or body" in values and "1 countries or bodies" not in values


def test_an_old_city_id_opens_the_renamed_city_without_a_note():
    at = _open(city="odz-pl")  # Łódź's id before letters were transliterated
    assert not at.exception
    assert at.selectbox(key=KEY).value == "lodz-pl"
    assert not any("could not be followed" in i.value for i in at.info)
    assert at.query_params["city"] == "lodz-pl"


def test_partial_rankings_the_city_is_missing_from_are_named_not_called_no_data():
    at = _open(city="lodz-pl")
    captions = " ".join(c.value.replace("\\", "") for c in at.caption)
    assert "is not in the Atlas's copy of these rankings" in captions
    assert "GII S&T cluster rank 2024 (the Atlas holds" in captions


def test_no_census_year_is_claimed_for_a_geonames_population():
    at = _open(city="barcelona-es")
    standing = at.dataframe[0].value.set_index("Indicator")
    assert pd.isna(standing.loc["Population", "Year"])


# --------------------------------------------------------------------------- languages

GROUPED = {"es": "1.686.208", "ca": "1.686.208", "fr": "1\u202f686\u202f208"}


@pytest.mark.parametrize("code", ["es", "ca", "fr"])
def test_profile_reads_in_the_chosen_language(code):
    english = _open(city="barcelona-es")
    at = _open(city="barcelona-es", lang=code)
    assert english_leaks(visible_texts(english), visible_texts(at)) == []
    assert at.title[0].value == translated("City profile", code)
    assert at.selectbox(key=KEY).label == translated("City", code)
    assert shows(at, translated("Where it stands", code))
    assert shows(at, translated("Partner cities", code))
    metrics = _metrics(at)
    # Barcelona's population grouped the language's way
    assert metrics[translated("Population", code)] == GROUPED[code]
    assert translated("Hubs hosted", code) in metrics
    # the table headers on screen are translated; the table keeps its column ids
    standing = at.dataframe[0]
    assert "Indicator" in standing.value.columns
    labels = {k: v.get("label") for k, v in json.loads(standing.proto.columns).items()}
    assert labels["Indicator"] == translated("Indicator", code)


def test_profile_prompt_in_catalan():
    at = _open(lang="ca")
    assert any(translated("City profile", "ca") == t.value for t in at.title)
    assert not shows(at, "Choose one of")
    assert at.info and "443" in at.info[0].value


def test_profile_outputs_over_time_in_french():
    at = _open(city="paris-fr", lang="fr")
    assert shows(at, translated("Innovation outputs and ranks over time", "fr"))
    charts = at.get("plotly_chart")
    assert charts, "the outputs chart is drawn"
    figure = json.loads(charts[0].proto.spec)
    title = figure["layout"]["title"]["text"]
    assert "résultats et rangs par édition" in title
    assert figure["layout"]["separators"] == ",\u202f"


def test_profile_links_keep_the_language_of_the_link():
    at = _open(city="barcelona-es", lang="ca")
    partners = next(d.value for d in at.dataframe if "Partner" in d.value.columns)
    assert partners["Profile"].dropna().str.endswith("&lang=ca").all()
