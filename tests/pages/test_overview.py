"""AppTest of the Overview page, run through app.py so the shared shell is exercised too."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import open_page
from tests.pages.languages import english_leaks, shows, translated, visible_texts

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/overview.py"


def _app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def test_overview_renders_counts_and_map():
    at = _app()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Cities"] == "443"
    assert metrics["Diplomacy hubs"] == "637"
    assert metrics["City networks"] == "10"
    assert any("Data as of Nov 25, 2026" in c.value for c in at.caption)


def test_city_search_shows_key_facts_with_sources():
    at = _app()
    at.selectbox(key="overview.city").select("barcelona-es").run()
    assert not at.exception
    assert any("Spain · Europe" in m.value for m in at.markdown)
    facts = next(d.value for d in at.dataframe if "Indicator" in d.value.columns)
    assert "GII S&T cluster rank" in set(facts["Indicator"])
    assert facts["Source"].notna().all()


def test_region_filter_narrows_the_map():
    # AppTest reruns only the page script, so the shell's filters are set through the link
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["region"] = "Oceania"
    at.run()
    assert not at.exception
    assert any("cities shown" in c.value and "Oceania" in c.value for c in at.caption)


def test_link_with_filters_reopens_the_view():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["region"] = "Europe"
    at.run()
    assert not at.exception
    assert at.multiselect(key="filters.region").value == ["Europe"]


def test_malformed_link_is_ignored_with_a_note():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["region"] = "Atlantis"
    at.run()
    assert not at.exception
    assert at.multiselect(key="filters.region").value == []
    assert any("'region'" in i.value and "is known" in i.value for i in at.info)


def test_city_search_is_kept_in_the_link():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["city"] = "geneva-ch"
    at.run()
    assert not at.exception
    assert at.selectbox(key="overview.city").value == "geneva-ch"
    assert any("Switzerland" in m.value for m in at.markdown)


def test_overview_leads_with_findings_each_sourced_and_linked():
    at = _app()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert "hosts the most foreign science-diplomacy posts in the Atlas" in text
    assert "runs the most science-diplomacy posts abroad" in text
    assert "more than in any other decade" in text
    assert "is tied to the most partner cities" in text
    assert "Spearman's rank correlation between Hubs hosted and GII S&T cluster rank" in text
    links = [p.proto for p in at.get("page_link")]
    targets = {link.page for link in links}
    assert any("inputs_outputs" in t for t in targets)
    assert any("indicator=gii_cluster_rank" in link.query_string for link in links)
    assert any("operators=" in link.query_string for link in links)
    captions = [c.value for c in at.caption]
    assert sum(c.startswith("Source") for c in captions) >= 5


def test_years_covered_is_a_sentence_not_a_cut_off_metric():
    at = _app()
    assert "Years covered" not in {m.label for m in at.metric}
    assert any("Published figures and ranking editions from 20" in c.value for c in at.caption)


def test_holdings_help_uses_plurals():
    at = _app()
    cities = next(m for m in at.metric if m.label == "Cities")
    assert "continents" in cities.help and "countries" in cities.help


# --- the Overview in Spanish, Catalan and French ----------------------------------------------


@pytest.fixture(scope="module")
def english_texts() -> list[str]:
    return visible_texts(open_page(PAGE))


@pytest.mark.parametrize("lang", ["es", "ca", "fr"])
def test_overview_reads_in_the_chosen_language(lang, english_texts):
    at = open_page(PAGE, lang=lang)
    leaks = english_leaks(english_texts, visible_texts(at))
    assert leaks == []
    for heading in ("What the data says", "What the Atlas holds", "Find a city"):
        assert translated(heading, lang) != heading
        assert heading not in {s.value for s in at.subheader}
        assert translated(heading, lang) in {s.value for s in at.subheader}
    # the sidebar filters: labels, region names and the year's first option
    regions = at.multiselect(key="filters.region")
    assert regions.label == translated("Region", lang)
    assert translated("Latin America and Caribbean", lang) in regions.options
    assert "Latin America and Caribbean" not in regions.options
    year = at.selectbox(key="filters.year")
    assert year.label == translated("Year", lang)
    assert year.options[0] == translated("Latest available", lang)
    labels = {m.label for m in at.metric}
    assert translated("Cities", lang) in labels and translated("Sources", lang) in labels
    # the findings are sentences in the language, their figures taken from the data
    assert shows(at, translated("Openings by decade", lang))
    assert not shows(at, "more than in any other decade")


@pytest.mark.parametrize(
    ("lang", "population"),
    [("es", "1.686.208"), ("ca", "1.686.208"), ("fr", "1\u202f686\u202f208")],
)
def test_key_facts_group_the_population_the_languages_way(lang, population):
    at = open_page(PAGE, lang=lang, city="barcelona-es")
    captions = [c.value.replace("\\", "") for c in at.caption]  # as the markdown shows them
    caption = next(c for c in captions if population in c)
    assert caption.startswith(translated("Population: {population}", lang).split("{")[0])
    assert "1,686,208" not in " ".join(captions)
    facts = next(d.value for d in at.dataframe if translated("Indicator", lang) in d.value.columns)
    assert translated("Source", lang) in facts.columns


def test_filtered_view_and_a_bad_link_note_in_french():
    at = open_page(PAGE, lang="fr", region="Europe,Atlantis")
    filtered = next(c.value for c in at.caption if c.value.startswith("Filtré\u00a0:"))
    assert "régions\u00a0: Europe" in filtered and "villes affichées sur 443" in filtered
    note = next(i.value for i in at.info)
    assert note.startswith("Le lien n'a pas pu être suivi exactement\u00a0:")
    assert "«\u00a0Atlantis\u00a0»" in note and "«\u00a0région\u00a0»" in note


def test_no_city_matches_says_so_in_catalan():
    # Oceania and a European country: no city is in both
    at = open_page(PAGE, lang="ca", region="Oceania", country="ES")
    assert [w.value for w in at.warning] == [
        translated(
            "No city matches the filters in the sidebar. Remove a filter to see the map.", "ca"
        )
    ]
