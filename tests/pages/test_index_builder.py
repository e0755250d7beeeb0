"""AppTest of the Index builder, run through app.py so the shared shell (filters, URL) runs too."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas import i18n
from atlas.composite import PRESETS
from atlas.views.index import preset_description
from tests.conftest import open_page
from tests.pages.languages import shows, translated
from tests.pages.page_language import GROUPED, LANGUAGES, page_leaks, page_texts

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/index_builder.py"


def _open(query: dict[str, str] | None = None) -> AppTest:
    # AppTest always starts on the default page, whose run rewrites the URL; a link to this
    # page is therefore applied on the switch, as a browser opening /index_builder?... would.
    return open_page(PAGE, default_first=True, timeout=120, **(query or {}))


def _method(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**How this index is made"))


def _ranking(at: AppTest) -> pd.DataFrame:
    """The ranking table, read from its Table tab (built only while that tab is open); the
    Chart tab is opened again after."""
    at.session_state["index.ranking.tabs"] = "Table"
    at.run()
    try:
        return next(d.value for d in at.dataframe if "Rank, 95th percentile" in d.value.columns)
    finally:
        at.session_state["index.ranking.tabs"] = "Chart"
        at.run()


def _extra(at: AppTest):
    return at.session_state["_atlas_extras"]["index"]


def test_default_preset_builds_a_ranking_with_intervals():
    at = _open()
    assert at.selectbox(key="index.preset").value == "balanced"
    assert at.multiselect(key="index.ind").value == list(PRESETS["balanced"]["weights"])
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Cities ranked"]) > 300
    assert metrics["Indicators used"] == "8"
    ranking = _ranking(at)
    assert ranking["Rank"].is_monotonic_increasing
    assert (ranking["Rank, 5th percentile"] <= ranking["Median rank"]).all()
    assert (ranking["Median rank"] <= ranking["Rank, 95th percentile"]).all()
    assert ranking["City"].str.contains(", ").all()  # names, never raw ids
    assert len(at.get("plotly_chart")) == 1
    assert len(at.get("deck_gl_json_chart")) == 1
    assert "Turned round because lower is better: Nature Index" in _method(at).replace("\\", "")
    assert any("1,000 times" in c.value.replace("\\", "") for c in at.caption)
    assert any("now available" in s.value for s in at.success)
    assert dict(at.query_params) == {}  # all defaults: the link stays short


def test_session_extra_is_registered_as_an_indicator():
    at = _open()
    extra = _extra(at)
    assert extra.origin == "index"
    row = extra.indicators.iloc[0]
    assert row["indicator_id"] == "user_index"
    assert row["label"] == "Your composite index"
    assert row["unit"] == "score (0–100)"
    assert row["geo_unit"] == "mixed: see the Index builder"
    assert bool(row["higher_is_better"]) and not bool(row["per_million"])
    assert "weighted arithmetic mean" in row["description"]
    values = extra.values
    assert list(values.columns) == [
        "city_id",
        "indicator_id",
        "year",
        "value",
        "source_id",
        "unit_name",
        "basis",
        "note",
    ]
    assert (values["source_id"] == "atlas-derived").all()
    assert (values["basis"] == "derived").all()
    assert values["value"].between(0, 100).all()
    assert values["note"].str.contains("random weightings").all()
    # The next run sees the index in the Atlas, but never offers it as an input of itself.
    at.run()
    assert not at.exception
    assert "user_index" not in at.multiselect(key="index.ind").options


def test_preset_and_weight_change_the_result():
    at = _open()
    balanced = _ranking(at)
    token = _extra(at).token
    at.selectbox(key="index.preset").set_value("innovation").run()
    assert not at.exception
    assert at.multiselect(key="index.ind").value == list(PRESETS["innovation"]["weights"])
    innovation = _ranking(at)
    assert len(innovation) < len(balanced)  # few cities have innovation figures
    assert _extra(at).token != token
    assert at.query_params["preset"] == "innovation"
    assert "w" not in at.query_params

    before = _ranking(at)
    at.slider(key="index.wt.gii_pct_applications").set_value(100).run()
    assert not at.exception
    assert at.selectbox(key="index.preset").value == "custom"
    after = _ranking(at)
    assert not before[["City", "Score"]].equals(after[["City", "Score"]])
    assert at.query_params["preset"] == "custom"
    assert "gii_pct_applications:100" in at.query_params["w"]
    assert "PCT patent applications (GII cluster) 40%" in _method(at).replace("\\", "")


def test_method_choices_change_the_description_and_link():
    at = _open()
    at.radio(key="index.agg").set_value("geometric").run()
    at.radio(key="index.norm").set_value("percentile").run()
    at.radio(key="index.missing").set_value("drop").run()
    at.slider(key="index.coverage").set_value(100).run()
    assert not at.exception
    text = _method(at).replace("\\", "")
    assert "weighted geometric mean of percentile-ranked indicators" in text
    assert "less than 100% of the weight covered are left out" in text
    query = dict(at.query_params)
    assert query == {"norm": "percentile", "agg": "geometric", "missing": "drop", "coverage": "100"}


def test_link_round_trip_restores_widgets_and_result():
    query = {
        "preset": "custom",
        "w": "hubs_hosted:80,gii_cluster_rank:20",
        "norm": "zscore",
        "agg": "geometric",
        "missing": "reweight",
        "coverage": "30",
        "spread": "wide",
        "top": "10",
    }
    at = _open(query)
    assert at.selectbox(key="index.preset").value == "custom"
    assert at.multiselect(key="index.ind").value == ["hubs_hosted", "gii_cluster_rank"]
    assert at.slider(key="index.wt.hubs_hosted").value == 80
    assert at.slider(key="index.wt.gii_cluster_rank").value == 20
    assert at.radio(key="index.norm").value == "zscore"
    assert at.radio(key="index.spread").value == "wide"
    assert at.slider(key="index.coverage").value == 30
    text = _method(at).replace("\\", "")
    assert "Hubs hosted 80%, GII S&T cluster rank 20%" in text
    assert "weighted geometric mean of z-score standardised" in text
    assert any("concentration 10" in c.value for c in at.caption)
    # the page writes back what it was given, leaving out values equal to their default
    assert dict(at.query_params) == {k: v for k, v in query.items() if k != "missing"}


def test_preset_link_sets_the_weights():
    at = _open({"preset": "presence"})
    assert at.multiselect(key="index.ind").value == list(PRESETS["presence"]["weights"])
    assert {at.slider(key=f"index.wt.{i}").value for i in PRESETS["presence"]["weights"]} == {50}


def test_bad_link_values_fall_back_with_a_note():
    at = _open({"norm": "median", "w": "nope:5,hubs_hosted:300"})
    assert at.radio(key="index.norm").value == "minmax"
    notes = " ".join(i.value for i in at.info)
    assert "'median'" in notes and "'normalisation'" in notes
    assert at.selectbox(key="index.preset").value == "balanced"


def test_zero_weights_and_no_indicator_explain_what_to_do():
    at = _open({"preset": "custom", "w": "hubs_hosted:0"})
    assert any("Every weight is zero" in w.value for w in at.warning)
    at.multiselect(key="index.ind").set_value([]).run()
    assert not at.exception
    assert any("Choose at least one indicator" in i.value for i in at.info)


def test_sidebar_filters_restrict_the_cities_and_year():
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["region"] = "Oceania"
    at.query_params["year"] = "2024"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    ranking = _ranking(at)
    assert 0 < len(ranking) < 40
    assert ranking["City"].str.contains("Australia|New Zealand|Fiji|Papua").all()
    text = _method(at).replace("\\", "")
    assert "latest figure up to 2024" in text
    assert "regions: Oceania" in text


def test_choices_survive_a_visit_to_another_page():
    at = _open()
    at.radio(key="index.norm").set_value("zscore").run()
    at.slider(key="index.wt.hubs_hosted").set_value(90).run()
    at.switch_page("pages/overview.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.radio(key="index.norm").value == "zscore"
    assert at.selectbox(key="index.preset").value == "custom"
    assert at.slider(key="index.wt.hubs_hosted").value == 90


def test_a_partial_ranking_in_the_index_says_how_much_of_it_the_atlas_holds():
    at = _open({"preset": "custom", "w": "hubs_hosted:50,gii_cluster_rank:50"})
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert any("GII S&T cluster rank 2024:" in c and "of 100 clusters" in c for c in captions)
    assert any("not in the Atlas's copy of this ranking" in c for c in captions)


def test_figures_used_and_cities_not_ranked_are_built_only_when_opened():
    at = _open()
    assert not any("Basis" in d.value.columns for d in at.dataframe)
    labels = [e.label for e in at.expander]
    assert any(label.startswith("Figures used (") for label in labels)
    at.session_state["index.figures"] = True
    at.run()
    assert not at.exception
    figures = next(d.value for d in at.dataframe if "Basis" in d.value.columns)
    assert len(figures) > 0 and figures["Source"].notna().all()


# --------------------------------------------------------------------------------------------
# The page in Spanish, Catalan and French
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def english_innovation() -> list[str]:
    return page_texts(_open({"preset": "innovation"}))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_preset_reads_in_the_language_of_the_link(lang, english_innovation):
    at = _open({"preset": "innovation", "lang": lang})
    assert page_leaks(english_innovation, at) == []
    assert at.title[0].value == translated("Index builder", lang)
    assert at.selectbox(key="index.preset").value == "innovation"
    assert at.selectbox(key="index.preset").label == translated("Preset", lang)
    with i18n.language(lang):
        description = preset_description("innovation")
    assert shows(at, description.split(":")[0])
    assert {m.label for m in at.metric} >= {
        translated("Cities ranked", lang),
        translated("Indicators used", lang),
    }
    assert _method_in(at, lang)
    # the number of random weightings in the stability caption, grouped the language's way
    captions = "\n".join(c.value for c in at.caption).replace("\\", "")  # markdown escapes
    assert re.search(GROUPED[lang], captions), captions
    # the ranking chart's axis is translated
    layout = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    assert layout["xaxis"]["title"]["text"] == translated("Rank (1 = best)", lang)


def _method_in(at: AppTest, lang: str) -> bool:
    head = translated("**How this index is made.** {method} Figures used: {rule}.", lang)
    return any(m.value.startswith(head.split("{method}")[0]) for m in at.markdown)
