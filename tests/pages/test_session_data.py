"""A session's own indicator (an upload) is offered and drawn on every page that ranks,
compares or maps, marked as the user's data; another session never sees it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ui.data import SessionExtra

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ID = "user_science_budget"


def _extra() -> SessionExtra:
    indicators = pd.DataFrame(
        [
            {
                "indicator_id": ID,
                "label": "Science budget",
                "unit": "EUR million",
                "group": "user",
                "higher_is_better": True,
                "geo_unit": "city proper",
                "description": "Uploaded by the user",
            }
        ]
    )
    cities = ["barcelona-es", "paris-fr", "geneva-ch", "munich-de"]
    values = pd.DataFrame(
        {
            "city_id": cities,
            "indicator_id": ID,
            "year": 2024,
            "value": [12.5, 40.0, 8.0, 22.0],
            "source_id": "user-upload",
            "unit_name": pd.NA,
            "basis": "published",
            "note": "",
        }
    )
    sources = pd.DataFrame(
        [{"source_id": "user-upload", "publisher": "My city office", "title": "budget.csv"}]
    )
    return SessionExtra(
        token="t1", origin="user", indicators=indicators, values=values, sources=sources
    )


def _open(page: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["_atlas_extras"] = {"upload": _extra()}
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_map_colours_cities_by_the_users_indicator():
    at = _open("pages/map.py", layers="cities", indicator=ID)
    assert at.selectbox(key="map.indicator").value == ID
    assert any("(your data)" in c.value for c in at.caption)


def test_rankings_rank_by_the_users_indicator():
    at = _open("pages/rankings.py", indicator=ID)
    assert at.selectbox(key="rankings.indicator").value == ID
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "4 cities ranked" in text or "4 cities" in text


@pytest.mark.parametrize("page", ["pages/compare.py"])
def test_compare_shows_the_users_indicator(page):
    at = _open(page, cities="barcelona-es,paris-fr")
    tables = [d.value for d in at.dataframe]
    assert any(
        frame.astype(str).apply(lambda col: col.str.contains("Science budget")).any().any()
        for frame in tables
    )


def test_index_builder_can_use_the_users_indicator():
    at = _open("pages/index_builder.py", preset="custom", w=f"{ID}:50,hubs_hosted:50")
    assert not at.exception


def test_another_session_does_not_see_it():
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["indicator"] = ID
    at.switch_page("pages/map.py").run()
    assert not at.exception
    assert at.selectbox(key="map.indicator").value == "hubs_hosted"
