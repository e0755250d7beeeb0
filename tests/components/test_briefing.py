"""The offline briefing: one self-contained file with map, charts, figures and sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from components.briefing import briefing_html

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def atlas(curated_atlas):
    return curated_atlas


def test_one_city_briefing_states_date_figures_and_sources(atlas):
    html = briefing_html(atlas, ["barcelona-es"], generated=dt.date(2026, 11, 25))
    assert "<title>Science diplomacy briefing: Barcelona</title>" in html
    assert "data as of 2026-11-25" in html and "briefing made 2026-11-25" in html
    assert html.count("<svg") == 2  # map and reach chart
    assert "<h2>Sources</h2><ol><li>" in html
    assert "GII S&amp;T cluster rank" in html
    # self-contained: no scripts, no stylesheets or images from elsewhere
    assert "<script" not in html
    assert 'src="' not in html and "<link" not in html
    assert len(html.encode("utf-8")) < 1_000_000


def test_comparison_has_a_side_by_side_table(atlas):
    html = briefing_html(atlas, ["barcelona-es", "geneva-ch"], generated=dt.date(2026, 11, 25))
    assert "<h2>Side by side</h2>" in html
    assert "Science diplomacy briefing: Barcelona, Geneva" in html


def test_missing_figures_read_no_data(atlas):
    html = briefing_html(atlas, ["barcelona-es", "geneva-ch"])
    assert "no data" in html


def test_data_text_is_escaped(atlas):
    cities = atlas.cities.copy()
    cities.loc["barcelona-es", "name"] = HOSTILE
    hostile = replace(atlas, cities=cities)
    html = briefing_html(hostile, ["barcelona-es"])
    assert HOSTILE not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_city_count_is_bounded(atlas):
    with pytest.raises(ValueError, match="at least one"):
        briefing_html(atlas, ["atlantis-xx"])
    seven = list(atlas.cities.index[:7])
    with pytest.raises(ValueError, match="at most 6"):
        briefing_html(atlas, seven)


def test_briefing_opens_each_city_with_its_reading(atlas):
    html = briefing_html(atlas, ["barcelona-es", "trieste-it"], generated=dt.date(2026, 11, 25))
    assert html.count('<p class="reading">') == 2
    hubs = atlas.hubs
    active = int(((hubs["host_city_id"] == "barcelona-es") & (hubs["status"] == "active")).sum())
    assert f"Barcelona hosts {active} active science-diplomacy hubs" in html
    assert "No output ranking the Atlas holds lists Trieste" in html
    # the reading comes before the city's tables
    assert html.index('<p class="reading">Barcelona') < html.index("<h3>Figures")


def test_briefing_in_catalan_sets_lang_and_reads_in_catalan(atlas):
    from atlas.i18n import language

    with language("ca"):
        html = briefing_html(atlas, ["barcelona-es"], generated=dt.date(2026, 11, 25))
    assert html.startswith('<!doctype html><html lang="ca">')
    assert "<h2>Fonts</h2>" in html
    assert "<title>Nota informativa de diplomàcia científica: Barcelona</title>" in html
    assert "població 1.686.208" in html  # Barcelona's population, grouped the Catalan way
    assert ">Hubs acollits</div>" in html
    assert "Science diplomacy briefing" not in html
