"""AppTest of the Hubs page: directory, map, counts and timeline follow the filters."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas import i18n
from atlas.numbers import format_count
from components.describe import PLAIN_TABLE_ROWS
from tests.conftest import open_page
from tests.pages.languages import english_leaks, shows, translated, visible_texts

APP = str(Path(__file__).resolve().parents[2] / "app.py")
HUBS = pd.read_csv(Path(__file__).resolve().parents[2] / "data" / "hubs.csv")
PAGE = "pages/hubs.py"


_open = partial(open_page, PAGE)


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _directory(at: AppTest):
    return next(d.value for d in at.dataframe if "City profile" in d.value.columns)


def test_renders_directory_map_counts_and_timeline():
    at = _open()
    assert not at.exception
    assert _metrics(at)["Hubs"] == f"{len(HUBS):,}"
    directory = _directory(at)
    assert len(directory) == len(HUBS)
    assert directory["Source"].notna().all()
    assert "Switzerland" in set(directory["Operator country"])  # names, not ISO codes
    assert "CH" not in set(directory["Operator country"])
    assert len(at.get("deck_gl_json_chart")) == 1
    assert len(at.get("plotly_chart")) == 1  # one breakdown at a time: by operator country


def _chart_title(at: AppTest) -> str:
    (chart,) = at.get("plotly_chart")
    return json.loads(chart.proto.spec)["layout"]["title"]["text"]


def test_breakdown_switch_shows_one_chart_and_keeps_it_in_the_link():
    at = _open()
    switch = at.segmented_control(key="hubs.breakdown")
    assert switch.options == ["By operator country", "By host city", "Openings over time"]
    assert switch.value == "operator" and "Hubs by operator country" in _chart_title(at)
    assert "breakdown" not in at.query_params  # the default stays out of links

    switch.set_value("city").run()
    assert not at.exception
    assert "Hubs by host city" in _chart_title(at)
    assert at.query_params["breakdown"] in ("city", ["city"])

    # a shared link opens the timeline directly, in the reader's language
    at = _open(breakdown="opened", lang="fr")
    assert at.segmented_control(key="hubs.breakdown").value == "opened"
    assert len(at.get("plotly_chart")) == 1
    assert "Par pays opérateur" in at.segmented_control(key="hubs.breakdown").options


def test_unknown_breakdown_in_a_link_says_so_and_shows_the_default():
    at = _open(breakdown="pie")
    assert at.segmented_control(key="hubs.breakdown").value == "operator"
    assert any("pie" in t and "breakdown" in t for t in visible_texts(at))


def test_operator_filter_changes_output_and_link():
    at = _open()
    at.multiselect(key="hubs.operators").set_value(["CH"]).run()
    assert not at.exception
    directory = _directory(at)
    assert set(directory["Operator country"]) == {"Switzerland"}
    assert _metrics(at)["Hubs"] == str(len(directory))
    assert at.query_params["operators"] in ("CH", ["CH"])


def test_link_sets_type_and_status():
    at = _open(types="landing pad", status="active")
    assert not at.exception
    assert at.multiselect(key="hubs.types").value == ["landing pad"]
    assert at.multiselect(key="hubs.status").value == ["active"]
    directory = _directory(at)
    assert set(directory["Type"]) == {"landing pad"} and set(directory["Status"]) == {"active"}


def test_sidebar_filters_apply_to_host_cities_and_year():
    at = _open(country="JP", year="2015")
    assert not at.exception
    directory = _directory(at)
    assert set(directory["Host country"]) == {"Japan"}
    assert directory["Opened"].le(2015).all()
    assert any("no known opening year left out" in c.value for c in at.caption)


def test_no_match_says_what_to_do():
    at = _open(operators="CH", types="landing pad")
    assert not at.exception
    assert any("No hub matches" in w.value for w in at.warning)


def test_last_confirmed_is_shown_and_filters_from_the_link():
    at = _open(confirmed="2020", status="active")
    assert not at.exception
    assert at.selectbox(key="hubs.confirmed").value == "2020"
    directory = _directory(at)
    assert len(directory) == int(
        ((HUBS["last_confirmed"] >= 2020) & (HUBS["status"] == "active")).sum()
    )
    assert (directory["Last confirmed"] >= 2020).all()
    assert any("confirmed by a source from 2020 or later" in c.value for c in at.caption)


def test_closed_hubs_show_the_year_they_closed():
    at = _open(status="closed")
    directory = _directory(at)
    assert len(directory) >= 10
    assert directory["Closed"].notna().sum() >= 10


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize("code", ["es", "ca", "fr"])
def test_hubs_reads_in_the_chosen_language(code):
    english = _open()
    at = _open(lang=code)
    assert english_leaks(visible_texts(english), visible_texts(at)) == []
    assert at.title[0].value == translated("Diplomacy hubs", code)
    assert at.multiselect(key="hubs.types").label == translated("Hub type", code)
    assert shows(at, translated("Directory", code))
    metrics = _metrics(at)
    n_hubs = len(_directory(at))
    assert metrics[translated("Hubs", code)] == format_count(n_hubs, locale=code)
    # the directory's cells and headers on screen are in the language; its ids stay
    directory = _directory(at)
    with i18n.language(code):
        assert translated("landing pad", code) in set(directory["Type"])
        labels = {k: v.get("label") for k, v in json.loads(at.dataframe[0].proto.columns).items()}
    assert labels["Host city"] == translated("Host city", code)


def test_hub_type_filter_offers_types_in_catalan():
    at = _open(lang="ca", types="landing pad")
    types = at.multiselect(key="hubs.types")
    assert translated("landing pad", "ca") in types.options
    assert "landing pad" not in types.options
    assert types.value == ["landing pad"]  # the link's value stays the schema's
    assert set(_directory(at)["Type"]) == {translated("landing pad", "ca")}


def test_hidden_tabs_and_text_tables_are_built_only_when_opened():
    """A chart's Table tab and its "Read the data as a table" expander cost nothing until a
    reader opens them; opening one reruns the page and shows the rows."""
    at = _open()
    assert len(at.dataframe) == 1  # the directory; no chart's table grid
    assert not at.table  # no text-alternative table sent while every expander is closed
    charts = len(at.get("plotly_chart"))

    at.session_state["hubs.by_operator.tabs"] = "Table"
    at.session_state["hubs.map_text"] = True
    at.run()
    assert not at.exception
    grids = [d.value for d in at.dataframe if "City profile" not in d.value.columns]
    assert len(grids) == 1 and len(grids[0]) == HUBS["operator_country"].nunique()
    assert len(at.get("plotly_chart")) == charts - 1  # the chart tab is closed now
    assert len(at.table) == 1 and len(at.table[0].value) == min(len(HUBS), PLAIN_TABLE_ROWS)
    opened = [v for v in at.table[0].value["Opened"] if v != "no data"]
    assert opened and all(v.isdigit() and len(v) == 4 for v in opened)  # 2019, not 2,019
