"""AppTest of the Rankings page, run through app.py so the shared shell and filters run too.

Link parameters are set before the first run and the page is opened directly with
``switch_page``: the shell rewrites the URL at the end of every run, so a link must reach the
page in the run that opens it, exactly as in a browser.
"""

from __future__ import annotations

import json
import re
from functools import partial
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import open_page
from tests.pages.languages import shows, translated
from tests.pages.page_language import GROUPED, LANGUAGES, page_leaks, page_texts
from ui.data import SessionExtra

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/rankings.py"


_open = partial(open_page, PAGE)


def _figure(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def _table(at: AppTest) -> pd.DataFrame:
    """The full ranking table (the chart's Table tab comes first)."""
    return at.dataframe(key="rankings.table").value


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_default_ranking_is_the_latest_gii_cluster_rank_published_order():
    at = _open()
    assert not at.exception
    assert at.selectbox(key="rankings.indicator").value == "gii_cluster_rank"
    table = _table(at)
    assert list(table["City"][:3]) == ["Tokyo", "Shenzhen", "Beijing"]
    assert list(table["Year"].unique()) == [2024]
    # a published rank keeps its number; the place counts only cities the Atlas holds
    san_diego = table.loc[table["City"] == "San Diego"].iloc[0]
    assert san_diego["Published rank"] == 10  # AFP's numbered list, better than the inferred 11
    assert table["Geography"].iloc[0] == "GII cluster: Tokyo–Yokohama"
    assert table["Profile"].iloc[0] == "./profile?city=tokyo-jp"
    assert "cities are not in the Atlas's copy of this ranking (2024)" in _captions(at)
    # the table is a fragment of WIPO's: the page says how much of it the Atlas holds
    held = int(table["City"].nunique())
    assert any(
        f"The Atlas holds {held} of the 100 clusters ranked in the 2024 edition" in i.value
        for i in at.info
    )
    fig = _figure(at)
    assert fig["data"][0]["type"] == "scatter"  # ranks drawn as positions, not bar lengths
    assert fig["data"][0]["y"][0] == "1. Tokyo"
    assert any(a.get("name") == "source" for a in fig["layout"]["annotations"])


def test_changing_the_indicator_changes_chart_and_table():
    at = _open()
    before = _table(at)
    at.selectbox(key="rankings.indicator").select("hubs_hosted").run()
    assert not at.exception
    after = _table(at)
    assert "Value (hubs)" in after.columns and "Published rank" not in after.columns
    assert len(after) > len(before)
    assert list(after["Year"].unique()) == [2026]
    values = after["Value (hubs)"]
    assert values.is_monotonic_decreasing  # higher is better: most hubs first
    fig = _figure(at)
    assert fig["data"][0]["type"] == "bar"
    assert "hubs" in fig["layout"]["title"]["text"]
    assert at.session_state["_url_collected"]["indicator"] == "hubs_hosted"


def test_per_million_only_where_the_catalogue_allows_it():
    at = _open()
    toggle = at.toggle(key="rankings.per_million")
    assert toggle.disabled
    assert "rank cannot be divided by population" in _captions(at).lower()
    at.selectbox(key="rankings.indicator").select("hubs_hosted").run()
    assert not at.toggle(key="rankings.per_million").disabled
    at.toggle(key="rankings.per_million").set_value(True).run()
    assert not at.exception
    table = _table(at)
    assert {"Per million (hubs)", "Absolute (hubs)", "Population (city proper)"} <= set(
        table.columns
    )
    first = table.iloc[0]
    expected = first["Absolute (hubs)"] / first["Population (city proper)"] * 1e6
    assert abs(first["Per million (hubs)"] - expected) < 1e-9
    assert "population is unknown" in _captions(at)
    assert at.session_state["_url_collected"]["per_million"] == "1"


def test_link_round_trip_sets_every_widget():
    at = _open(
        indicator="gii_st_share",
        edition="2023",
        top="10",
        highlight="paris-fr,london-gb",
        search="PARÍS",
    )
    assert not at.exception
    assert at.selectbox(key="rankings.indicator").value == "gii_st_share"
    assert at.selectbox(key="rankings.edition").value == "2023"
    assert at.selectbox(key="rankings.top").value == "10"
    assert at.multiselect(key="rankings.highlight").value == ["paris-fr", "london-gb"]
    assert at.text_input(key="rankings.search").value == "PARÍS"
    assert list(_table(at)["City"]) == ["Paris"]  # accents and case ignored
    fig = _figure(at)
    assert len(fig["data"][0]["y"]) >= 10
    # the page writes back what it shows, so the copied link reopens the same view
    assert at.session_state["_url_collected"] == {
        "indicator": "gii_st_share",
        "edition": "2023",
        "top": "10",
        "highlight": "paris-fr,london-gb",
        "search": "PARÍS",
    }


def test_ties_share_a_rank_on_the_share_ranking():
    at = _open(indicator="gii_st_share", edition="2023")
    table = _table(at).set_index("City")
    assert table.at["Tokyo", "Rank"] == 1
    assert table.at["Seoul", "Rank"] == table.at["Beijing", "Rank"] == 3  # both 6.8 %
    assert table.at["Shanghai", "Rank"] == 5


def test_malformed_link_gives_notes_not_a_traceback():
    at = _open(
        indicator="nature_index_rank",
        edition="1999",
        per_million="yes-please",
        top="7",
        highlight="atlantis",
    )
    assert not at.exception
    notes = "\n".join(i.value for i in at.info)
    assert "'1999' for 'edition' is not known" in notes
    assert "'7' for 'cities in the chart'" in notes
    assert "'highlighted cities'" in notes
    assert "'per million inhabitants' is not 1 or 0" in notes
    assert at.selectbox(key="rankings.edition").value == "latest"
    assert at.toggle(key="rankings.per_million").value is False


def test_link_edition_the_indicator_lacks_and_per_million_for_a_rank():
    at = _open(indicator="nature_index_rank", edition="2017", per_million="1")
    assert not at.exception
    notes = "\n".join(i.value for i in at.info)
    assert "has no 2017 edition" in notes
    assert "not offered per million" in notes
    assert list(_table(at)["Year"].unique()) == [2025]


def test_sidebar_region_filter_and_year_are_respected():
    at = _open(region="Europe", year="2023")
    assert not at.exception
    table = _table(at)
    assert set(table["Region"]) == {"Europe"}
    assert list(table["Year"].unique()) == [2023]
    assert table["Rank"].iloc[0] == 1  # ranked within the filter
    assert "the year set in the sidebar" in "\n".join(i.value for i in at.info)
    summary = "\n".join(m.value for m in at.markdown)
    assert "filtered to regions" in summary and "Europe" in summary


def test_no_city_in_filter_says_what_to_do():
    at = _open(region="Africa", indicator="nature_index_rank")
    assert not at.exception
    warning = at.warning[0].value
    assert "No city within the sidebar filters" in warning and "Remove a sidebar filter" in warning


def test_rank_change_against_previous_edition():
    at = _open(indicator="gii_cluster_rank", edition="2024")
    table = _table(at).set_index("City")
    assert "Change since 2023" in table.columns
    assert table.at["Nanjing", "Change since 2023"] == 2  # 11th in 2023, 9th in 2024
    assert table.at["Seoul", "Change since 2023"] == -1
    assert pd.isna(table.at["Cairo", "Change since 2023"])  # not in the 2023 data


def test_session_indicator_is_offered_as_your_data():
    at = AppTest.from_file(APP, default_timeout=60)
    extra = SessionExtra(
        token="t1",
        origin="user",
        indicators=pd.DataFrame(
            {
                "indicator_id": ["my_labs"],
                "label": ["Research labs"],
                "unit": ["labs"],
                "geo_unit": ["city proper"],
                "higher_is_better": [True],
            }
        ),
        values=pd.DataFrame(
            {
                "city_id": ["barcelona-es", "paris-fr", "tokyo-jp"],
                "indicator_id": ["my_labs"] * 3,
                "year": [2025] * 3,
                "value": [4.0, 9.0, float("nan")],
                "source_id": [pd.NA] * 3,
                "unit_name": [pd.NA] * 3,
                "basis": ["published"] * 3,
                "note": [pd.NA] * 3,
            }
        ),
    )
    at.session_state["_atlas_extras"] = {"upload": extra}
    at.query_params["indicator"] = "my_labs"
    at.switch_page(PAGE).run()
    assert not at.exception
    box = at.selectbox(key="rankings.indicator")
    assert box.value == "my_labs"
    assert "Research labs (your data)" in box.options
    table = _table(at)
    assert list(table["City"]) == ["Paris", "Barcelona"]  # Tokyo's NaN is not ranked as 0


def test_embed_mode_shows_only_the_ranking_chart():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["iframe"] = "1"
    at.query_params["indicator"] = "nature_index_rank"
    at.switch_page(PAGE).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    assert not at.dataframe  # the full table is not drawn in an iframe
    styles = " ".join(h.proto.body for h in at.get("html"))
    assert "st-key-embed_chart" in styles and 'data-testid="stSidebar"' in styles
    link = at.get("page_link")[0].proto
    assert "indicator=nature_index_rank" in link.query_string and "iframe" not in link.query_string


def test_chart_has_a_text_alternative_that_follows_the_data():
    at = _open()
    captions = [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption]
    summary = next(c for c in captions if c.startswith("Dot chart, GII S&T cluster rank"))
    assert "first 1. Tokyo (1), 2. Shenzhen (2), 3. Beijing (3)" in summary
    # the chart's data as a plain HTML table, one click (an expander) away; it is built only
    # once the expander is opened (a closed one sends no rows)
    assert at.expander[0].label == "Read the data as a table"
    assert not at.table
    at.session_state["rankings.chart.text"] = True
    at.run()
    assert "Tokyo" in at.table[0].value.iloc[0].tolist()
    at.selectbox(key="rankings.indicator").select("hubs_hosted").run()
    captions = [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption]
    changed = next(c for c in captions if c.startswith("Bar chart, "))
    assert "hubs" in changed and "Tokyo (1)" not in changed


def test_sources_that_disagree_are_shown_with_both_figures():
    at = _open(indicator="gii_innovation_cluster_rank")
    table = _table(at)
    barcelona = table.loc[table["City"] == "Barcelona"].iloc[0]
    assert barcelona["Note"].startswith("Sources disagree: 45 (WIPO) and 62")


def test_a_ranking_whose_size_is_unknown_still_says_no_data():
    at = _open(indicator="nature_index_rank")
    assert not any("The Atlas holds" in i.value for i in at.info)
    assert "no data for this indicator" in _captions(at)


def test_choices_survive_a_visit_to_another_page():
    """Streamlit keeps them (the widgets' persist_state="session"), and the link follows."""
    at = _open()
    at.selectbox(key="rankings.indicator").select("hubs_hosted").run()
    at.toggle(key="rankings.per_million").set_value(True).run()
    at.multiselect(key="rankings.highlight").set_value(["paris-fr"]).run()
    at.switch_page("pages/overview.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.selectbox(key="rankings.indicator").value == "hubs_hosted"
    assert at.toggle(key="rankings.per_million").value is True
    assert at.multiselect(key="rankings.highlight").value == ["paris-fr"]
    assert not at.info  # coming back is not a link from outside: no notes


# --------------------------------------------------------------------------------------------
# The page in Spanish, Catalan and French
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def english_per_million() -> list[str]:
    return page_texts(_open(indicator="hubs_hosted", per_million="1"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_reads_in_the_language_of_the_link(lang, english_per_million):
    at = _open(indicator="hubs_hosted", per_million="1", lang=lang)
    assert page_leaks(english_per_million, at) == []
    assert at.title[0].value == translated("Rankings", lang)
    assert at.selectbox(key="rankings.indicator").label == translated("Indicator", lang)
    assert at.toggle[0].label == translated("Per million inhabitants", lang)
    assert shows(at, translated("Full ranking", lang))
    # the smallest city's population in the per-million caption, grouped the language's way
    caption = _captions(at)
    assert re.search(GROUPED[lang], caption), caption
    config = json.loads(at.dataframe(key="rankings.table").proto.columns)
    headers = {c.get("label") for c in config.values() if isinstance(c, dict)}
    assert translated("Population (city proper)", lang) in headers


def test_a_published_rank_and_its_notes_in_catalan():
    at = _open(indicator="gii_cluster_rank", edition="2024", lang="ca")
    assert shows(at, translated("Full ranking", "ca"))
    assert any("L'Atles conté" in i.value for i in at.info)
    figure = _figure(at)
    assert translated("Published rank", "ca") in figure["layout"]["xaxis"]["title"]["text"]
    assert figure["layout"]["separators"] == ",."
