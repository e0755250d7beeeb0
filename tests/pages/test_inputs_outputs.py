"""AppTest of the Inputs and outputs page, run through app.py (shell, filters, links)."""

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
from tests.pages.page_language import LANGUAGES, page_leaks, page_texts
from ui.data import SessionExtra

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/inputs_outputs.py"


_open = partial(open_page, PAGE)


def _figure(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def _points(fig: dict) -> int:
    return sum(len(t["customdata"]) for t in fig["data"])  # x and y may be binary-encoded


def test_default_view_sets_hubs_against_gii_rank_with_rho_and_caveats(curated_atlas):
    at = _open()
    assert not at.exception
    assert at.selectbox(key="inout.x").value == "hubs_hosted"
    assert at.selectbox(key="inout.y").value == "gii_cluster_rank"
    text = _markdown(at)
    assert "Spearman's rank correlation between Hubs hosted and GII S&T cluster rank" in text
    values = curated_atlas.values
    gii = values.loc[values["indicator_id"] == "gii_cluster_rank"]
    n = int((gii["year"] == gii["year"].max()).sum())  # every city has a hubs_hosted figure
    assert f"n = {n}" in text.replace("\\", "")
    captions = _captions(at).replace("\\", "")
    assert "Units differ: Hubs hosted describes the city proper" in captions
    assert "Correlation is not cause" in captions
    assert "Partial ranking" in captions
    fig = _figure(at)
    assert _points(fig) == n
    low, high = fig["layout"]["yaxis"]["range"]
    assert low > high  # a rank axis runs from high to low: rank 1 at the top
    quadrants = {a["text"] for a in fig["layout"]["annotations"] if a.get("name") == "quadrant"}
    assert "<i>engaged and<br>productive</i>" in quadrants
    assert "<i>productive,<br>little engaged</i>" in quadrants
    hover = fig["data"][0]["customdata"][0]
    assert "GII S&amp;T cluster rank" in hover and "computed by the Atlas" in hover


def test_changing_the_measures_changes_chart_and_reading():
    at = _open()
    before = _markdown(at)
    at.selectbox(key="inout.x").select("net_degree").run()
    at.selectbox(key="inout.y").select("nature_index_rank").run()
    assert not at.exception
    after = _markdown(at)
    assert after != before
    assert "Partner cities and Nature Index science city rank" in after
    assert at.session_state["_url_collected"]["x"] == "net_degree"
    assert at.session_state["_url_collected"]["y"] == "nature_index_rank"


def test_link_reopens_the_view_with_highlights_and_briefing():
    at = _open(x="foreign_operators", y="startup_genome_rank", highlight="london-gb,tokyo-jp")
    assert not at.exception
    assert at.selectbox(key="inout.x").value == "foreign_operators"
    assert at.multiselect(key="inout.highlight").value == ["london-gb", "tokyo-jp"]
    fig = _figure(at)
    marked = [t for t in fig["data"] if t["name"] == "Highlighted"]
    assert marked and marked[0]["ids"] == ["london-gb"]
    # Tokyo is not in the 2025 edition: said, not drawn
    assert "Not in the chart" in _captions(at) and "Tokyo, Japan" in _captions(at)
    assert any(b.label.startswith("Briefing") for b in at.get("download_button"))
    assert at.session_state["_url_collected"] == {
        "x": "foreign_operators",
        "y": "startup_genome_rank",
        "highlight": "london-gb,tokyo-jp",
    }


def test_outliers_both_ways_link_to_profiles():
    at = _open()
    gaps = [d.value for d in at.dataframe if "Gap (points)" in d.value.columns]
    assert len(gaps) == 2
    ahead, behind = gaps
    assert len(ahead) == 5 and len(behind) == 5
    assert (ahead["Gap (points)"] > 0).all()
    assert (behind["Gap (points)"] < 0).all()
    assert ahead["Profile"].str.startswith("profile?city=").all()


def test_bad_link_values_are_notes_not_errors():
    at = _open(x="no_such_measure", y="hubs_hosted", highlight="atlantis-xx")
    assert not at.exception
    assert at.selectbox(key="inout.x").value == "hubs_hosted"
    assert at.selectbox(key="inout.y").value == "gii_cluster_rank"  # an input is not an output
    notes = " ".join(i.value for i in at.info)
    assert "'x'" in notes and "'y'" in notes


def test_sidebar_region_narrows_the_cities():
    everywhere = _points(_figure(_open()))
    at = _open(region="Asia")
    assert not at.exception
    assert 0 < _points(_figure(at)) < everywhere
    assert "Filtered:" in _captions(at)


def test_too_few_cities_say_so_instead_of_a_correlation():
    at = _open(y="gii_pct_per_million")
    assert not at.exception
    assert "too few, or too alike, for a rank correlation" in _markdown(at)


def test_session_indicator_is_offered_as_an_input():
    at = AppTest.from_file(APP, default_timeout=60)
    ids = ["barcelona-es", "paris-fr", "tokyo-jp", "london-gb", "seoul-kr", "beijing-cn"]
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
                "city_id": ids,
                "indicator_id": ["my_labs"] * 6,
                "year": [2025] * 6,
                "value": [4.0, 9.0, float("nan"), 7.0, 3.0, 5.0],
                "source_id": [pd.NA] * 6,
                "unit_name": [pd.NA] * 6,
                "basis": ["published"] * 6,
                "note": [pd.NA] * 6,
            }
        ),
    )
    at.session_state["_atlas_extras"] = {"upload": extra}
    at.query_params["x"] = "my_labs"
    at.switch_page(PAGE).run()
    assert not at.exception
    box = at.selectbox(key="inout.x")
    assert box.value == "my_labs"
    assert "Research labs (your data)" in box.options
    assert "Research labs" in _markdown(at)


def test_embed_mode_shows_only_the_chart():
    at = _open(iframe="1", y="nature_index_rank")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    styles = " ".join(h.proto.body for h in at.get("html"))
    assert "st-key-embed_chart" in styles


def test_page_offers_embed_code_for_this_view():
    at = _open(y="nature_index_rank")
    code = next(t.value for t in at.text_area if t.label == "Embed code (HTML)")
    assert "/inputs_outputs?" in code and "y=nature_index_rank" in code and "iframe=1" in code


# --------------------------------------------------------------------------------------------
# The page in Spanish, Catalan and French
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def english_default() -> list[str]:
    return page_texts(_open(highlight="barcelona-es"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_reads_in_the_language_of_the_link(lang, english_default):
    at = _open(highlight="barcelona-es", lang=lang)
    assert page_leaks(english_default, at) == []
    assert at.title[0].value == translated("Inputs and outputs", lang)
    assert at.selectbox(key="inout.x").label == translated("Input or engagement", lang)
    assert shows(at, translated("Furthest from the trend", lang))
    # rho with the language's decimal comma, in the reading and the chart's subtitle
    assert re.search(r"ρ = −?-?\d,\d\d", _markdown(at)), _markdown(at)
    fig = _figure(at)
    assert fig["layout"]["separators"] == (",." if lang != "fr" else ",\u202f")
    corners = {a["text"] for a in fig["layout"]["annotations"] if a.get("name") == "quadrant"}
    top = translated("engaged and productive", lang)
    assert any(top.split()[0] in c for c in corners), corners
