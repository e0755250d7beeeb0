"""AppTest of Data and methods through app.py: sections, link state, upload, session-only data."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas.text import md_text
from tests.conftest import open_page

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGE = "pages/data_methods.py"
FIXTURES = ROOT / "tests" / "fixtures" / "uploads"
UPLOADER = "data.upload.file"


@pytest.fixture(scope="module")
def curated(curated_atlas):
    return curated_atlas


_page = partial(open_page, PAGE, default_first=True, timeout=120)


def _captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def _upload(at: AppTest, name: str, mime: str = "text/csv") -> AppTest:
    at.segmented_control(key="data.section").set_value("upload").run()
    data = (FIXTURES / name).read_bytes()
    at.file_uploader(key=UPLOADER).set_value((name, data, mime)).run()
    assert not at.exception
    return at


def _merged_catalogue(at: AppTest):
    """The catalogue get_atlas() returned to this session (ui.data keeps it per session)."""
    return at.session_state["_atlas_merged"][1].indicators


def test_sources_table_with_links_and_search(curated):
    n = len(curated.sources)
    at = _page()
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Publisher",
        "Title",
        "Link",
        "Licence or terms",
        "Year",
        "Retrieved",
        "Rows citing it",
        "Note",
    ]
    assert len(table) == n
    assert any(c.startswith(f"{n:,} sources.") for c in _captions(at))
    at.text_input(key="data.q").input("geonames").run()
    narrowed = at.dataframe[0].value
    assert 0 < len(narrowed) < n
    assert narrowed.apply(lambda r: "geonames" in " ".join(map(str, r)).lower(), axis=1).all()
    assert any(f"{len(narrowed)} of {n:,} sources" in c for c in _captions(at))
    assert at.query_params["q"] == "geonames"


def test_search_without_match_says_what_to_do():
    at = _page(q="zzzz-no-such-source")
    assert at.text_input(key="data.q").value == "zzzz-no-such-source"
    assert "No source matches" in at.warning[0].value


def test_indicator_definitions_follow_the_catalogue_and_group_filter():
    at = _page(section="indicators")
    table = at.dataframe[0].value
    catalogue = (
        at.session_state["_atlas_merged"][1].indicators
        if "_atlas_merged" in (at.session_state)
        else None
    )
    assert catalogue is None  # no session data: the curated Atlas itself is used
    assert {
        "Indicator",
        "Unit",
        "Group",
        "Direction",
        "Geographic unit",
        "Description",
        "Default source",
        "Derived",
        "Origin",
    } <= set(table.columns)
    assert "GII S&T cluster rank" in set(table["Indicator"])
    gii = table.set_index("Indicator").loc["GII S&T cluster rank"]
    assert (gii["Direction"], gii["Geographic unit"], gii["Derived"]) == (
        "lower is better",
        "GII cluster",
        "no",
    )
    assert table.set_index("Indicator").loc["Hubs hosted", "Origin"] == "computed by the Atlas"
    at.pills(key="data.group").set_value(["outputs"]).run()
    outputs = at.dataframe[0].value
    assert set(outputs["Group"]) == {"outputs"}
    assert len(outputs) < len(table)
    assert at.query_params["group"] == "outputs"


def test_coverage_respects_the_sidebar_filters_from_a_link():
    at = _page(section="coverage", region="Oceania")
    summary, matrix = at.dataframe[0].value, at.dataframe[1].value
    assert set(matrix["Region"]) == {"Oceania"}
    assert (summary["Of cities"] == len(matrix)).all()
    cells = matrix.drop(columns=["City", "Country", "Region"])
    assert cells.map(lambda v: v == "—" or (len(v) == 4 and v.isdigit())).all().all()
    hubs = summary.set_index("Indicator").loc["Hubs hosted"]
    assert hubs["Cities with data"] == len(matrix)
    assert any("cities (regions" in m.value and "Oceania" in m.value for m in at.markdown)


def test_geography_names_every_unit():
    at = _page(section="geography")
    text = "\n".join(m.value for m in at.markdown)
    for unit in (
        "city proper",
        "metro",
        "GII cluster",
        "startup ecosystem",
        "Nature Index city",
        "ranking city",
    ):
        assert f"- **{md_text(unit)}** (" in text
    assert "indicators: GII S&T cluster rank" in text.replace("\\", "")


def test_download_section_lists_the_package(curated):
    at = _page(section="download")
    files = at.dataframe[0].value.set_index("File")
    assert {p.name for p in (ROOT / "data").glob("*.csv")} == set(files.index)
    assert files.loc["cities.csv", "Rows"] == len(curated.cities)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the data package (zip)" in labels


def test_bad_link_value_is_a_note_not_an_error():
    at = _page(section="nowhere")
    assert at.segmented_control(key="data.section").value == "sources"
    assert any("'section'" in i.value for i in at.info)


def test_templates_are_offered():
    at = _page(section="upload")
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Long form (CSV)", "Long form (Excel)", "Wide form (CSV)", "Wide form (Excel)"} <= set(
        labels
    )
    assert at.info[0].value.startswith("Choose a file above")


def test_upload_confirm_joins_the_catalogue_for_this_session_only():
    at = _upload(_page(), "new_city_gazetteer.csv")
    metrics = {m.label: m.value for m in at.metric}
    # Barcelona, Zürich and "Sao Paolo" (a GeoNames alternate name of São Paulo) match
    assert metrics == {
        "Rows read": "5",
        "Accepted rows": "3",
        "Rejected rows": "2",
        "Cities not matched": "2",
        "Duplicates": "0",
        "Out of range": "0",
    }
    tartu = next(c for c in at.checkbox if "Tartu" in c.label)
    # the user's text is escaped for Markdown; the gazetteer's label is the Atlas's own
    assert tartu.label == (
        "Place “Tartu” \\(EE\\) as Tartu (EE, pop. 91,407), from the GeoNames gazetteer (line 4)"
    )
    tartu.check().run()
    assert {m.label: m.value for m in at.metric}["Accepted rows"] == "4"
    at.button(key="data.upload.confirm").click().run()
    assert not at.exception
    assert "Added 4 values" in at.success[0].value

    catalogue = _merged_catalogue(at)
    mine = catalogue.loc[catalogue["origin"] == "user"]
    assert mine["label"].tolist() == ["Science attachés (your data)"]
    merged = at.session_state["_atlas_merged"][1]
    assert "tartu-ee" in merged.cities.index
    assert merged.cities.at["tartu-ee", "country_name"] == "Estonia"
    values = merged.values.loc[merged.values["indicator_id"] == mine.index[0]]
    assert sorted(values["city_id"]) == ["barcelona-es", "sao-paulo-br", "tartu-ee", "zurich-ch"]

    at.segmented_control(key="data.section").set_value("indicators").run()
    definitions = at.dataframe[0].value.set_index("Indicator")
    assert definitions.at["Science attachés (your data)", "Origin"] == "your data (this session)"
    assert any("This session includes data you uploaded" in i.value for i in at.info)

    # another browser session never sees it
    other = _page(section="indicators")
    assert not other.dataframe[0].value["Indicator"].str.contains("(your data)", regex=False).any()
    assert "_atlas_merged" not in other.session_state


def test_remove_my_data():
    at = _upload(_page(), "long_comma_utf8.csv")
    at.button(key="data.upload.confirm").click().run()
    assert "upload" in at.session_state["_atlas_extras"]
    at.button(key="data.upload.remove").click().run()
    assert not at.exception
    assert at.session_state["_atlas_extras"] == {}
    assert "Your data was removed from this session" in at.success[0].value


@pytest.mark.parametrize(
    ("name", "mime", "message"),
    [
        (
            "image.png",
            "image/png",
            "This is a PNG image, not a table. Upload a CSV or Excel (.xlsx) file with your data.",
        ),
        (
            "header_only.csv",
            "text/csv",
            "The file has a header row (city, indicator, year, value, source) but no data rows "
            "below it. Add one row per value under the header and upload again.",
        ),
    ],
)
def test_refused_files_say_why(name, mime, message):
    at = _upload(_page(), name, mime)
    assert at.error[0].value == md_text(message)
    assert len(at.get("button")) == 0 or "data.upload.confirm" not in [b.key for b in at.button]
    assert "_atlas_extras" not in at.session_state or not at.session_state["_atlas_extras"]


def test_markdown_in_a_city_name_stays_text():
    at = _page(section="upload")
    data = "city,country,indicator,year,value,source\n**Tartu**,EE,Hubs,2024,1,x\n"
    at.file_uploader(key=UPLOADER).set_value(("md.csv", data.encode(), "text/csv")).run()
    (question,) = at.checkbox
    # the gazetteer recognises the name, and the label shows the stars instead of bold text
    assert question.label.startswith("Place “\\*\\*Tartu\\*\\*” \\(EE\\) as Tartu (EE")
    rejected = at.dataframe[0].value
    assert rejected["value"].tolist() == ["**Tartu**"]


def test_hostile_cells_are_listed_as_text():
    at = _upload(_page(), "html_script.csv")
    rejected = at.dataframe[0].value
    assert "<script>alert('x')</script>" in set(rejected["value"])
    assert all("<script" not in w.value for w in at.warning)


def test_accented_and_other_language_names_match():
    at = _upload(_page(), "misspelt_cities.csv")
    # Zurich, Munchen, Muenchen, Barcelone, Geneve, Sao Paolo: all GeoNames names or alternate
    # names of Atlas cities, so all match; Munchen and Muenchen are then the same row twice.
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Accepted rows"], metrics["Cities not matched"], metrics["Duplicates"]) == (
        "5",
        "0",
        "1",
    )


def test_near_miss_is_suggested_and_can_be_confirmed():
    at = _page(section="upload")
    data = "city,indicator,year,value,source\nBarcelonna,Hubs,2024,3,x\nSão Paulo,Hubs,2024,2,x\n"
    at.file_uploader(key=UPLOADER).set_value(("near.csv", data.encode(), "text/csv")).run()
    (question,) = [s for s in at.selectbox if s.key.startswith("data.upload.city.")]
    assert question.label == "“Barcelonna”, line 2: did you mean…"
    assert md_text("“Barcelonna”") == "“Barcelonna”"
    assert question.value == "leave"
    assert "atlas:barcelona-es" in question.options or any(
        "Barcelona (ES)" in o for o in question.options
    )
    question.set_value("atlas:barcelona-es").run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Accepted rows"] == "2"


def _refused(name: str, data: bytes) -> AppTest:
    at = _page(section="upload")
    at.file_uploader(key=UPLOADER).set_value((name, data, "text/csv")).run()
    assert not at.exception
    assert "data.upload.confirm" not in [b.key for b in at.button]
    return at


def test_file_over_the_size_limit_is_named_with_its_size_and_what_to_do():
    row = b"Barcelona,Hubs,2024,3,Open data\n"
    data = b"city,indicator,year,value,source\n" + row * (21 * 1024 * 1024 // len(row) + 1)
    at = _refused("city budget 2024.csv", data)
    assert at.error[0].value == md_text(
        f"“city budget 2024.csv” is 21.0 MB ({len(data):,} bytes); the limit is 20.0 MB "
        "(20,971,520 bytes). Split it into smaller files "
        "(for example one per indicator) or remove columns you do not need, then upload again."
    )
    assert not at.info or not at.info[0].value.startswith("Choose a file above")
    assert not at.status  # refused from the size alone: the file was never read


def test_too_many_rows_are_named_with_the_count_and_what_to_do():
    from atlas.upload import MAX_ROWS

    data = b"city,indicator,year,value,source\n" + b"Barcelona,Hubs,2024,3,x\n" * (MAX_ROWS + 1)
    at = _refused("hubs.csv", data)
    assert at.error[0].value == md_text(
        "“hubs.csv” has 200,001 data rows; the limit is 200,000. Split it into smaller files "
        "(for example one per indicator or per year) and upload them one at a time."
    )


def test_too_many_columns_are_named_with_the_count_and_what_to_do():
    header = "city," + ",".join(f"indicator {i}" for i in range(201))
    data = f"{header}\nBarcelona,{','.join('1' for _ in range(201))}\n".encode()
    at = _refused("wide.csv", data)
    assert at.error[0].value == md_text(
        "“wide.csv” has 202 columns; the limit is 200. Use the long form (one row per city, "
        "indicator and year) for many indicators, or split the columns over several files."
    )


# ---------------------------------------------------------------------------------- languages

SECTION_HEADINGS = {
    "sources": "Sources",
    "indicators": "Indicator definitions",
    "coverage": "Coverage",
    "geography": "Which geography a figure describes",
    "download": "Download the data package",
    "upload": "Bring your own data",
}


@pytest.mark.parametrize("lang", ["es", "ca", "fr"])
def test_the_page_reads_in_the_chosen_language(curated, lang):
    from atlas.i18n import language
    from atlas.numbers import format_count
    from tests.pages.languages import english_leaks, shows, translated, visible_texts

    english, local = _page(), _page(lang=lang)
    # the page's own body (the sidebar's shared parts are checked with their own pages)
    assert english_leaks(visible_texts(english.main), visible_texts(local.main)) == []
    assert local.title[0].value == translated("Data and methods", lang)
    assert local.subheader[0].value == translated("Sources", lang)
    assert local.text_input(key="data.q").label == translated("Search sources", lang)
    with language(lang):
        count = format_count(len(curated.sources))
        found = translated("{n} source", lang)  # the singular names the language's word
    assert any(c.startswith(count + " ") for c in _captions(local)), _captions(local)
    assert found.split()[-1] in " ".join(_captions(local)).lower()
    assert shows(
        local,
        translated(
            "Licences: figures and facts are cited from each publisher under its own terms; no "
            "text is copied. City positions and populations: GeoNames (CC BY 4.0).",
            lang,
        ),
    )


@pytest.mark.parametrize("section", list(SECTION_HEADINGS))
def test_every_section_reads_in_catalan(section):
    from tests.pages.languages import english_leaks, translated, visible_texts

    english, local = _page(section=section), _page(section=section, lang="ca")
    assert english_leaks(visible_texts(english.main), visible_texts(local.main)) == []
    assert local.subheader[0].value == translated(SECTION_HEADINGS[section], "ca")
    assert local.subheader[0].value != SECTION_HEADINGS[section]


def test_definitions_and_coverage_tables_name_their_groups_in_french():
    from atlas.i18n import language
    from tests.pages.languages import translated

    at = _page(section="indicators", lang="fr")
    table = at.dataframe[0].value
    assert set(table["Group"]) <= {
        translated(g, "fr") for g in ("inputs", "outputs", "profile", "diplomacy", "partnerships")
    }
    assert set(table["Direction"]) <= {
        translated("higher is better", "fr"),
        translated("lower is better", "fr"),
    }
    with language("fr"):  # the pills' format_func runs in the test's thread too
        at.pills(key="data.group").set_value(["outputs"]).run()
    assert set(at.dataframe[0].value["Group"]) == {translated("outputs", "fr")}


def test_the_upload_report_reads_in_catalan_with_its_fields_filled():
    from atlas.i18n import language
    from tests.pages.languages import english_leaks, translated, visible_texts

    name = "non_numeric.csv"
    data = (FIXTURES / name).read_bytes()
    runs = {}
    for lang in ("en", "ca"):
        at = _page(section="upload", lang=lang)
        with language(lang):  # widgets' format_func run in the test's thread too
            at.file_uploader(key=UPLOADER).set_value((name, data, "text/csv")).run()
        assert not at.exception
        runs[lang] = at
    at = runs["ca"]
    assert english_leaks(visible_texts(runs["en"].main), visible_texts(at.main)) == []
    metrics = {m.label: m.value for m in at.metric}
    assert set(metrics) >= {translated("Rows read", "ca"), translated("Rejected rows", "ca")}
    report = at.warning[0].value.replace("\\", "")  # read without Markdown's escapes
    # the specific problem, in Catalan, with its count and lines filled in
    assert "tenen un valor que no és un nombre: línies " in report, report
    assert "Escriviu només xifres" in report
    assert "{" not in report and "row" not in report
    assert "592.346" in report  # the gazetteer's population, grouped the Catalan way
    assert at.subheader[-1].value == translated("Validation report", "ca")
    tabs = [t.label for t in at.tabs]
    assert tabs[0].startswith("Rebutjades (")


def test_the_gazetteer_question_reads_in_french():
    from atlas.i18n import language

    at = _page(section="upload", lang="fr")
    data = (FIXTURES / "new_city_gazetteer.csv").read_bytes()
    with language("fr"):  # widgets' format_func run in the test's thread too
        at.file_uploader(key=UPLOADER).set_value(("new_city_gazetteer.csv", data, "text/csv")).run()
    assert not at.exception
    tartu = next(c for c in at.checkbox if "Tartu" in c.label)
    assert tartu.label.startswith("Placer «\u00a0Tartu\u00a0» \\(EE\\) comme Tartu")
    assert tartu.label.endswith("depuis le répertoire géographique GeoNames (ligne 4)")
    with language("fr"):
        tartu.check().run()
        at.button(key="data.upload.confirm").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("4\u00a0valeurs ajoutées") or at.success[
        0
    ].value.startswith("4 valeurs ajoutées")
