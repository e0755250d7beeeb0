"""The validation API: parameters, confirmations, Atlas frames, templates, scale, no disk I/O."""

from __future__ import annotations

import builtins
import importlib.util
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from atlas.upload import (
    candidate_to_city_row,
    long_template_csv,
    long_template_xlsx,
    to_atlas_frames,
    validate_upload,
    wide_template_csv,
    wide_template_xlsx,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "uploads"


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_year_and_source_parameters_fill_gaps(cities):
    data = _csv("city,indicator,value,source", "Barcelona,Hubs,3,", "Paris,Hubs,4,Own count")
    report = validate_upload(data, cities, year=2024, source="Survey 2024")
    assert report.rows_accepted == 2
    assert report.accepted["source"].tolist() == ["Survey 2024", "Own count"]
    assert set(report.accepted["year"]) == {2024}


@pytest.mark.parametrize(
    "kwargs",
    [{"year": 1800}, {"source": "=cmd"}, {"source": "<b>x</b>"}, {"source": "x" * 301}],
)
def test_bad_parameters_are_refused(cities, kwargs):
    data = _csv("city,indicator,year,value,source", "Barcelona,Hubs,2024,3,x")
    assert validate_upload(data, cities, **kwargs).file_error == "bad_parameter"


def test_confirmed_suggestion_and_gazetteer_city(cities, alternates, gazetteer, fixture_bytes):
    data = fixture_bytes("unknown_city.csv")
    first = validate_upload(data, cities, alternate_names=alternates, gazetteer=gazetteer)
    proposals = {u.text: u.gazetteer for u in first.unmatched_cities}
    assert [c.label for c in proposals["Lyon"]] == ["Lyon (FR, pop. 520,774)"]
    assert [c.label for c in proposals["Barcelona"]] == ["Barcelona (VE, pop. 815,141)"]
    assert proposals["Ankh-Morpork"] == ()
    assert (
        "Not yet in the Atlas but found in the GeoNames gazetteer: Lyon as Lyon (FR, pop. "
        "520,774), Barcelona as Barcelona (VE, pop. 815,141). Confirm to add them for this "
        "session."
    ) in first.messages

    # The user confirms both proposals; the page adds the rows and validates again.
    rows = [
        candidate_to_city_row(proposals[name][0], existing_ids=cities["city_id"])
        for name in ("Lyon", "Barcelona")
    ]
    extended = pd.concat([cities, pd.DataFrame(rows)], ignore_index=True)
    second = validate_upload(data, extended, alternate_names=alternates)
    assert second.rows_accepted == 3
    assert sorted(second.accepted["city_id"]) == ["barcelona-es", "barcelona-ve", "lyon-fr"]


def test_gazetteer_hit_already_in_atlas_becomes_a_suggestion(cities, gazetteer):
    data = _csv("city,indicator,year,value,source", "Muenchen,Hubs,2024,3,x")
    report = validate_upload(data, cities, gazetteer=gazetteer)
    (item,) = report.unmatched_cities
    assert item.gazetteer == ()
    assert [(s.city_id, s.score) for s in item.suggestions] == [("munich-de", 95.0)]
    assert report.rejected[0].reason == (
        "“Muenchen” is not an Atlas city; did you mean Munich (DE)?"
    )


def test_city_overrides(cities, fixture_bytes):
    report = validate_upload(
        fixture_bytes("misspelt_cities.csv"),
        cities,
        city_overrides={"Sao Paolo": "sao-paulo-br", "Barcelone": "barcelona-es"},
    )
    assert "sao-paulo-br" in set(report.accepted["city_id"])
    assert "barcelona-es" in set(report.accepted["city_id"])


def test_indicator_types_and_catalogue(cities, indicators):
    data = _csv(
        "city,indicator,year,value,source",
        "Barcelona,Hubs,2024,-1,x",
        "Paris,GII cluster rank,2024,0,x",
        "London,GII cluster rank,2024,12,x",
        "Zurich,Net migration,2024,-500,x",
    )
    report = validate_upload(data, cities, indicators=indicators, indicator_types={"hubs": "count"})
    assert [(i.line, i.code) for i in report.rejected] == [
        (2, "negative_count"),
        (3, "rank_below_one"),
    ]
    kinds = {i.name: (i.value_type, i.higher_is_better) for i in report.indicators}
    assert kinds == {"GII cluster rank": ("rank", False), "Net migration": ("amount", True)}


def test_unit_conflict(cities):
    data = _csv(
        "city,indicator,year,value,source,unit",
        "Barcelona,Budget,2024,10,x,EUR million",
        "Paris,Budget,2024,12,x,EUR million",
        "London,Budget,2024,9,x,GBP million",
        "Zurich,Budget,2024,9,x,",
    )
    report = validate_upload(data, cities)
    assert [(i.line, i.column, i.code) for i in report.rejected] == [(4, "unit", "unit_conflict")]
    assert report.indicators[0].unit == "EUR million"


def test_header_aliases_and_extra_columns(cities):
    data = _csv(
        "Ciudad,País,Indicador,Año,Valor,Fuente,Comentario,Internal id",
        "Valencia,ES,Hubs,2024,3,x,ok,17",
    )
    report = validate_upload(data, cities)
    assert report.rows_accepted == 1
    assert report.accepted["city_id"].tolist() == ["valencia-es"]
    assert (
        "Ignored columns the Atlas does not use here: Comentario, Internal id." in report.messages
    )


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        (("indicator,year,value,source", "Hubs,2024,3,x"), "missing_columns"),
        (("city,city,indicator,year,value,source", "a,b,Hubs,2024,3,x"), "duplicate_column"),
        (("city,indicator,year,value,source,", "Paris,Hubs,2024,3,x,oops"), "unnamed_column"),
        (("city,=cmd()", "Paris,3"), "unsafe_header"),
        (("city,<b>Hubs</b>", "Paris,3"), "unsafe_header"),
    ],
)
def test_header_problems(cities, lines, code):
    report = validate_upload(_csv(*lines), cities, year=2024, source="x")
    assert report.file_error == code


def test_forced_form(cities):
    data = _csv("city,Hubs,Budget", "Paris,3,4")
    assert validate_upload(data, cities, year=2024, source="x", form="wide").rows_accepted == 2
    assert validate_upload(data, cities, form="long").file_error == "missing_columns"


@pytest.mark.parametrize(
    ("maker", "form", "accepted"),
    [
        (long_template_csv, "long", 3),
        (lambda: long_template_csv(european=True), "long", 3),
        (wide_template_csv, "wide", 5),
        (lambda: wide_template_csv(european=True), "wide", 5),
        (long_template_xlsx, "long", 3),
        (wide_template_xlsx, "wide", 5),
    ],
)
def test_templates_validate_cleanly(cities, maker, form, accepted):
    report = validate_upload(maker(), cities)
    assert (report.form, report.rows_accepted, report.rows_rejected) == (form, accepted, 0)


def test_template_formats(cities):
    assert long_template_csv().startswith(b"\xef\xbb\xbfcity,country,indicator,year,value")
    assert "São Paulo".encode() in long_template_csv()
    european = long_template_csv(european=True).decode("utf-8-sig")
    assert european.splitlines()[3].startswith("Zürich;CH;R&D spending;2023;1234,5;")
    assert long_template_xlsx()[:2] == b"PK"
    assert long_template_xlsx() == long_template_xlsx()  # deterministic bytes
    european_values = validate_upload(long_template_csv(european=True), cities)
    plain_values = validate_upload(long_template_csv(), cities)
    assert european_values.accepted["value"].tolist() == plain_values.accepted["value"].tolist()
    assert plain_values.accepted["value"].tolist() == [3.0, 5.0, 1234.5]


def test_xlsx_template_opens_in_openpyxl_with_styles():
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(wide_template_xlsx()))
    assert workbook.sheetnames == ["Data", "How to fill"]
    sheet = workbook["Data"]
    assert [c.value for c in sheet[1]][:4] == ["city", "country", "year", "source"]
    assert sheet["A1"].font.b is True
    assert sheet.freeze_panes == "A2"
    assert sheet["A3"].value == "São Paulo"
    assert sheet["F2"].value == 812.25
    assert sheet["F4"].value is None


def test_xlsx_template_mentions_second_sheet(cities):
    report = validate_upload(long_template_xlsx(), cities)
    assert "The workbook has 2 sheets; only the first one, “Data”, was read." in report.messages


def _big_upload(rows: int) -> bytes:
    names = ["Barcelona", "São Paulo", "Zürich", "Munich", "Málaga", "Geneva", "Paris", "London"]
    n_ind = 250
    per_city = rows // len(names) + 1
    lines = ["city,indicator,year,value,source,unit,note"]
    count = 0
    for c, name in enumerate(names):
        for k in range(per_city):
            if count == rows:
                break
            indicator = f"Indicator {k % n_ind}"
            year = 1950 + k // n_ind
            lines.append(f"{name},{indicator},{year},{(c * 7 + k) % 1000}.5,Survey,count,")
            count += 1
    return ("\n".join(lines) + "\n").encode()


def test_hundred_thousand_rows_validate(cities):
    data = _big_upload(100_000)
    report = validate_upload(data, cities)
    assert report.rows_read == 100_000
    assert report.rows_accepted == 100_000
    assert report.rows_rejected == 0
    assert len(to_atlas_frames(report).values) == 100_000


def test_many_bad_rows_stay_summarised(cities):
    data = _big_upload(20_000).replace(b"Survey", b"=Survey")
    report = validate_upload(data, cities)
    assert report.rows_rejected == 20_000
    assert len(report.rejected) == 20_000
    formula_message = next(m for m in report.messages if "formula" in m)
    assert formula_message.startswith("20,000 cells start like a spreadsheet formula")
    assert "and 19,997 more" in formula_message
    assert max(len(m) for m in report.messages) < 600


def test_nothing_is_written_to_disk(cities, fixture_bytes, monkeypatch):
    real_open = builtins.open

    def guarded_open(file, mode="r", *args, **kwargs):
        if any(flag in mode for flag in "wax+"):
            raise AssertionError(f"upload code opened {file!r} for writing")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    for name in ("mixed.csv", "long.xlsx", "formula.xlsx", "wide.csv"):
        report = validate_upload(fixture_bytes(name), cities, year=2024, source="x")
        to_atlas_frames(report)
    long_template_xlsx()


def test_fixture_generator_is_deterministic_and_matches_committed_files(tmp_path):
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    first, second = module.all_fixtures(), module.all_fixtures()
    assert first == second
    module.main(tmp_path)
    for name, data in first.items():
        assert (tmp_path / name).read_bytes() == data
        assert (FIXTURES / name).read_bytes() == data, f"{name} differs: rerun make_fixtures.py"


def test_report_tables_are_plain(cities, fixture_bytes):
    report = validate_upload(fixture_bytes("mixed.csv"), cities)
    frame = report.rejected_frame()
    assert list(frame.columns) == ["line", "column", "value", "reason"]
    assert frame["line"].tolist() == [5, 6, 7, 8, 9, 10, 11]
    assert np.issubdtype(frame["line"].dtype, np.integer)


def test_wide_file_with_only_empty_cells(cities):
    report = validate_upload(
        _csv("city,Hubs,Budget", "Paris,,", "London,,"), cities, year=2024, source="x"
    )
    assert not report.ok
    assert "No values were found: every indicator cell is empty." in report.messages
    assert "4 empty cells skipped." in report.messages


def test_single_row_wording(cities):
    report = validate_upload(
        _csv("city,indicator,year,value,source", "Paris,Hubs,2024,3,x"), cities
    )
    assert "The only row was accepted." in report.messages
    assert report.messages[-1] == (
        "Next: confirm to add 1 value as 1 new indicator: Hubs (your data). They stay in this "
        "session only and are not saved."
    )


def test_xlsx_typed_and_text_numbers_mix(cities):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["city", "indicator", "year", "value", "source"])
    sheet.append(["Paris", "Hubs", 2024.0, "1.234,5", "x"])
    sheet.append(["London", "Hubs", "2024", 7, "x"])
    sheet.append([2643743, "Budget", 2024, 7.25, "x"])
    out = io.BytesIO()
    workbook.save(out)
    report = validate_upload(out.getvalue(), cities)
    got = list(
        zip(
            report.accepted["city_id"],
            report.accepted["year"],
            report.accepted["value"],
            strict=True,
        )
    )
    assert got == [("paris-fr", 2024, 1234.5), ("london-gb", 2024, 7.0), ("london-gb", 2024, 7.25)]


def test_xlsx_template_help_sheet_reads_in_the_run_language(cities):
    from openpyxl import load_workbook

    from atlas.i18n import language

    with language("ca"):
        data = long_template_xlsx()
    workbook = load_workbook(io.BytesIO(data))
    help_sheet = workbook["How to fill"]
    assert help_sheet["A1"].value == "Com s'omple aquesta plantilla"
    assert help_sheet["A5"].value.startswith("country: codi ISO de dues lletres")
    assert validate_upload(data, cities).rows_rejected == 0  # the data itself is unchanged
