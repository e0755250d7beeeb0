"""Every committed upload fixture, with its exact outcome."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from atlas.upload import validate_upload

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "uploads"


@dataclass(frozen=True)
class Expected:
    file_error: str | None = None
    rows_read: int = 0
    accepted: int = 0
    rejected: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    messages: tuple[str, ...] = ()  # each must appear exactly, as a whole message
    kwargs: dict[str, object] = field(default_factory=dict)


NEXT_ALL = "They stay in this session only and are not saved."
FIX_REJECTED = "To include the rejected rows, fix them in your file and upload it again."

EXPECTED: dict[str, Expected] = {
    "long_comma_utf8.csv": Expected(
        rows_read=6,
        accepted=6,
        messages=(
            "Read a CSV file (UTF-8, comma-separated, decimal point) in the long form: "
            "6 data rows.",
            "All 6 rows were accepted.",
            "Next: confirm to add 6 values as 2 new indicators: Science attachés (your data), "
            f"R&D spending (your data). {NEXT_ALL}",
        ),
    ),
    "long_utf8_bom.csv": Expected(
        rows_read=4,
        accepted=4,
        messages=(
            "Read a CSV file (UTF-8 (with BOM), comma-separated, decimal point assumed) in the "
            "long form: 4 data rows.",
        ),
    ),
    "long_semicolon_decimal_comma.csv": Expected(
        rows_read=4,
        accepted=4,
        messages=(
            "Read a CSV file (UTF-8, semicolon-separated, decimal comma) in the long form: "
            "4 data rows.",
        ),
    ),
    "long_tab.tsv": Expected(
        rows_read=3,
        accepted=3,
        messages=(
            "Read a CSV file (UTF-8, tab-separated, decimal point assumed) in the long form: "
            "3 data rows.",
        ),
    ),
    "long_windows1252.csv": Expected(
        rows_read=3,
        accepted=3,
        messages=(
            "Read a CSV file (Windows-1252, comma-separated, decimal point) in the long form: "
            "3 data rows.",
        ),
    ),
    "long_latin1.csv": Expected(
        rows_read=3,
        accepted=3,
        messages=(
            "Read a CSV file (Latin-1 (ISO-8859-1), semicolon-separated, decimal comma assumed) "
            "in the long form: 3 data rows.",
        ),
    ),
    "long_thousands.csv": Expected(rows_read=4, accepted=4),
    "utf16_tab.txt": Expected(
        rows_read=2,
        accepted=2,
        messages=(
            "Read a CSV file (UTF-16, tab-separated, decimal point assumed) in the long form: "
            "2 data rows.",
        ),
    ),
    "wide.csv": Expected(
        rows_read=3,
        accepted=5,
        messages=(
            "Read a CSV file (UTF-8, comma-separated, decimal point) in the wide form: "
            "3 data rows.",
            "1 empty cell skipped.",
            "All 5 values were accepted.",
        ),
    ),
    "long.xlsx": Expected(
        rows_read=4,
        accepted=4,
        messages=("Read sheet “Data” of an Excel workbook in the long form: 4 data rows.",),
    ),
    "wide.xlsx": Expected(
        rows_read=3,
        accepted=6,
        kwargs={"year": 2024, "source": "City survey"},
        messages=(
            "Read sheet “Data” of an Excel workbook in the wide form: 3 data rows.",
            "All 6 values were accepted.",
        ),
    ),
    "formula.xlsx": Expected(
        rows_read=3,
        accepted=2,
        rejected=1,
        codes={"excel_formula": 1},
        messages=(
            "1 cell contains an Excel formula: line 3 (value). The Atlas reads typed values "
            "only: in Excel, copy those cells and use Paste Special > Values, then upload again.",
        ),
    ),
    "formula_cells.csv": Expected(
        rows_read=6,
        accepted=3,
        rejected=3,
        codes={"formula": 3},
        messages=(
            "3 cells start like a spreadsheet formula (=, +, -, @) and were refused: line 3 "
            "(note), line 4 (source), line 5 (value). Type the plain value without the leading "
            "sign. Nothing in the file was run.",
        ),
    ),
    "html_script.csv": Expected(
        rows_read=4,
        accepted=1,
        rejected=3,
        codes={"html": 3},
        messages=(
            "3 cells contain HTML or script code and were refused: line 2 (note), line 3 "
            "(city), line 4 (source). Remove the tags (the text between < and >) and upload "
            "again.",
        ),
    ),
    "empty.csv": Expected(
        file_error="empty",
        messages=(
            "The file is empty. Download the template, fill in your rows and upload it again.",
        ),
    ),
    "header_only.csv": Expected(
        file_error="header_only",
        messages=(
            "The file has a header row (city, indicator, year, value, source) but no data rows "
            "below it. Add one row per value under the header and upload again.",
        ),
    ),
    "image.png": Expected(
        file_error="image",
        messages=(
            "This is a PNG image, not a table. Upload a CSV or Excel (.xlsx) file with your data.",
        ),
    ),
    "document.pdf": Expected(
        file_error="pdf",
        messages=(
            "This is a PDF document, not a table. The Atlas cannot read tables inside a PDF: "
            "copy the table into a spreadsheet, save it as CSV or .xlsx and upload that.",
        ),
    ),
    "archive.zip": Expected(
        file_error="zip_not_xlsx",
        messages=(
            "This is a ZIP archive, not an Excel workbook. Unzip it and upload the CSV or .xlsx "
            "file inside.",
        ),
    ),
    "old_excel.xls": Expected(file_error="xls"),
    "html_page.xls": Expected(
        file_error="markup",
        messages=(
            "This file is named like an Excel file but is really a web page (HTML or XML). Open "
            "it in Excel, use Save As > Excel Workbook (.xlsx) or CSV, and upload that file.",
        ),
    ),
    "missing_column.csv": Expected(
        file_error="missing_columns",
        messages=(
            "The file is missing the year column needed for the long form. Add it (or choose a "
            "year for the whole file) and upload again; the template shows the expected header.",
        ),
    ),
    "years_as_columns.csv": Expected(file_error="years_as_columns"),
    "non_numeric.csv": Expected(
        rows_read=7,
        accepted=2,
        rejected=5,
        codes={"non_numeric": 4, "value_missing": 1},
        messages=(
            "1 row has no value: line 5.",
            "4 rows have a value that is not a number: lines 2, 3, 4 and 1 more. Type digits "
            "only, for example 1234.5 or 1.234,5, and put units in the unit column.",
        ),
    ),
    "negative_counts.csv": Expected(
        rows_read=4,
        accepted=2,
        rejected=2,
        codes={"negative_count": 2},
        messages=("2 rows have a negative count: lines 3, 5. A count cannot be below zero.",),
    ),
    "years_out_of_range.csv": Expected(
        rows_read=7,
        accepted=2,
        rejected=5,
        codes={"year_out_of_range": 3, "year_invalid": 1, "year_missing": 1},
        messages=(
            "3 rows have a year outside 1900–2100: lines 2, 5, 6. Check for typos.",
            "1 row has a year that is not a whole number: line 7. Type years as 2023.",
            "1 row has no year: line 8. Fill in the year, or choose one for the file.",
        ),
    ),
    "duplicates.csv": Expected(
        rows_read=7,
        accepted=4,
        rejected=3,
        codes={"duplicate": 3},
        messages=(
            "3 rows repeat a city, indicator and year given earlier and were left out (line 3 "
            "repeats line 2, line 6 repeats line 5). Keep one row per city, indicator and year.",
        ),
    ),
    "misspelt_cities.csv": Expected(
        rows_read=6,
        accepted=3,
        rejected=3,
        codes={"city_unmatched": 3},
        messages=(
            "3 cities could not be matched to the Atlas (3 rows): Sao Paolo (line 2; did you "
            "mean São Paulo (BR)?), Muenchen (line 5; did you mean Munich (DE)?), Barcelone "
            "(line 6; did you mean Barcelona (ES)?). Correct the spelling or add a country "
            "column, or confirm one of the suggestions, then upload again.",
        ),
    ),
    "unknown_city.csv": Expected(
        rows_read=5,
        accepted=1,
        rejected=4,
        codes={"city_unmatched": 3, "country_unknown": 1},
    ),
    "geonames_ids.csv": Expected(
        rows_read=5,
        accepted=3,
        rejected=2,
        codes={"city_conflict": 1, "city_unmatched": 1},
    ),
    "country_disambiguation.csv": Expected(
        rows_read=5,
        accepted=3,
        rejected=2,
        codes={"city_ambiguous": 1, "city_unmatched": 1},
    ),
    "comma_decimal_unquoted.csv": Expected(
        rows_read=3,
        accepted=1,
        rejected=2,
        codes={"too_many_cells": 2},
        messages=(
            "2 rows have more cells than the header: lines 2, 4. This usually means a decimal "
            "comma in a comma-separated file: put such numbers in quotes, or save the file with "
            "semicolons.",
        ),
    ),
    "new_city_gazetteer.csv": Expected(
        rows_read=5,
        accepted=2,
        rejected=3,
        codes={"city_unmatched": 3},
        messages=(
            "3 cities could not be matched to the Atlas (3 rows): Tartu (line 4), Sao Paolo "
            "(line 5; did you mean São Paulo (BR)?), Atlantis (line 6). Correct the spelling or "
            "add a country column, or confirm one of the suggestions, then upload again.",
        ),
    ),
    "wide_european.csv": Expected(
        rows_read=3,
        accepted=5,
        messages=(
            "Read a CSV file (Windows-1252, semicolon-separated, decimal comma) in the wide "
            "form: 3 data rows.",
            "1 empty cell skipped.",
            "All 5 values were accepted.",
            "Next: confirm to add 5 values as 2 new indicators: Gasto I+D (M€) (your data), "
            f"Oficinas (your data). {NEXT_ALL}",
        ),
    ),
    "binary.bin": Expected(
        file_error="binary",
        messages=(
            "This file is not a table: it contains binary data, not text, and it is not an "
            "Excel workbook. Upload a CSV (comma, semicolon or tab separated) or an Excel "
            "(.xlsx) file.",
        ),
    ),
    "html_cells.xlsx": Expected(
        rows_read=3,
        accepted=1,
        rejected=2,
        codes={"html": 2},
        messages=(
            "2 cells contain HTML or script code and were refused: line 2 (note), line 3 "
            "(city). Remove the tags (the text between < and >) and upload again.",
        ),
    ),
    "two_sheets.xlsx": Expected(
        rows_read=4,
        accepted=4,
        messages=(
            "Read sheet “Data” of an Excel workbook in the long form: 4 data rows.",
            "The workbook has 2 sheets; only the first one, “Data”, was read.",
            "All 4 rows were accepted.",
        ),
    ),
    "mixed.csv": Expected(
        rows_read=11,
        accepted=4,
        rejected=7,
        codes={
            "formula": 1,
            "city_unmatched": 1,
            "city_missing": 1,
            "year_out_of_range": 1,
            "non_numeric": 1,
            "negative_count": 1,
            "duplicate": 1,
        },
        messages=(
            "4 rows accepted, 7 rejected.",
            "1 city could not be matched to the Atlas (1 row): Atlantis (line 5). Correct the "
            "spelling or add a country column, or confirm one of the suggestions, then upload "
            "again.",
            "1 row has no city: line 10.",
            "Next: confirm to add 4 values as 1 new indicator: Science attachés (your data). "
            f"{NEXT_ALL} {FIX_REJECTED}",
        ),
    ),
}


def test_every_fixture_file_has_an_expected_outcome():
    files = {p.name for p in FIXTURES.iterdir() if p.suffix != ".py" and p.is_file()}
    assert files == set(EXPECTED)
    assert len(files) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_outcome(name, cities, alternates, fixture_bytes):
    expected = EXPECTED[name]
    report = validate_upload(
        fixture_bytes(name),
        cities,
        filename=name,
        alternate_names=alternates,
        **expected.kwargs,  # type: ignore[arg-type]
    )
    assert report.file_error == expected.file_error
    assert report.rows_read == expected.rows_read
    assert report.rows_accepted == expected.accepted
    assert report.rows_rejected == expected.rejected
    assert report.ok is (expected.accepted > 0)
    assert Counter(issue.code for issue in report.rejected) == Counter(expected.codes)
    for message in expected.messages:
        assert message in report.messages, f"{message!r} not in {report.messages}"
    assert len(report.accepted) == expected.accepted
    if expected.file_error:
        assert len(report.messages) == 1


def _issues(report):
    return [(i.line, i.column, i.code) for i in report.rejected]


def test_semicolon_decimal_comma_values(cities, fixture_bytes):
    report = validate_upload(fixture_bytes("long_semicolon_decimal_comma.csv"), cities)
    assert report.decimal == ","
    assert report.accepted["value"].tolist() == [1234.5, 245.75, 2500.0, 12.5]
    assert report.accepted["city_id"].tolist() == [
        "barcelona-es",
        "malaga-es",
        "sao-paulo-br",
        "zurich-ch",
    ]


def test_thousands_separators(cities, fixture_bytes):
    report = validate_upload(fixture_bytes("long_thousands.csv"), cities)
    assert report.accepted["value"].tolist() == [1234.5, 12345678.0, 1234.0, 1234.5]


@pytest.mark.parametrize(
    "name", ["long_windows1252.csv", "long_latin1.csv", "long_utf8_bom.csv", "utf16_tab.txt"]
)
def test_accents_survive_encodings(name, cities, alternates, fixture_bytes):
    report = validate_upload(fixture_bytes(name), cities, alternate_names=alternates)
    assert report.rows_rejected == 0
    assert set(report.accepted["city_id"]) <= {
        "sao-paulo-br",
        "zurich-ch",
        "malaga-es",
        "munich-de",
        "geneva-ch",
    }


def test_windows1252_note_and_source_text(cities, fixture_bytes):
    report = validate_upload(fixture_bytes("long_windows1252.csv"), cities)
    assert report.accepted["note"].tolist()[0] == "Budget in € – estimate"
    assert report.accepted["source"].tolist()[2] == "Ayuntamiento de Málaga"


def test_formula_cells_detail(cities, fixture_bytes):
    report = validate_upload(fixture_bytes("formula_cells.csv"), cities)
    assert _issues(report) == [
        (3, "note", "formula"),
        (4, "source", "formula"),
        (5, "value", "formula"),
    ]
    # "-3.5" is a number, "+41" too, a lone "-" is "no data", a phone number is not a formula.
    accepted = report.accepted.set_index("city_id")
    assert accepted.loc["barcelona-es", "value"] == -3.5
    assert accepted.loc["geneva-ch", "value"] == 41.0
    assert accepted.loc["geneva-ch", "note"] == "+41 22 123 45 67"
    assert accepted.loc["paris-fr", "note"] == "-"
    # Messages never repeat the dangerous content.
    assert not any("HYPERLINK" in m or "cmd" in m or "@SUM" in m for m in report.messages)


def test_html_is_never_echoed_in_messages(cities, fixture_bytes):
    report = validate_upload(fixture_bytes("html_script.csv"), cities)
    assert _issues(report) == [(2, "note", "html"), (3, "city", "html"), (4, "source", "html")]
    assert not any("<script" in m or "javascript:" in m for m in report.messages)
    # The rejection list keeps the raw text so the user can find it; pages show it as text.
    assert report.rejected[0].value == "<script>alert('x')</script>"
    assert report.accepted["note"].tolist() == ["a < b and c > d"]


def test_excel_formula_detail(cities, fixture_bytes):
    report = validate_upload(fixture_bytes("formula.xlsx"), cities)
    assert report.rejected[0].line == 3
    assert report.rejected[0].value == "=SUM(1,2)"
    assert report.accepted["city_id"].tolist() == ["barcelona-es", "london-gb"]


def test_wide_xlsx_needs_year_and_source(cities, fixture_bytes):
    report = validate_upload(fixture_bytes("wide.xlsx"), cities)
    assert report.file_error == "missing_columns"
    assert report.messages == (
        "The file is missing the year, source columns needed for the wide form. Add them (or "
        "choose a year for the whole file and name the source for the whole file) and upload "
        "again; the template shows the expected header.",
    )


def test_wide_forms_normalise_to_long(cities, fixture_bytes):
    report = validate_upload(fixture_bytes("wide.csv"), cities)
    got = sorted(
        zip(
            report.accepted["city_id"],
            report.accepted["indicator"],
            report.accepted["value"],
            strict=True,
        )
    )
    assert got == [
        ("barcelona-es", "R&D spending (EUR million)", 812.25),
        ("barcelona-es", "Science attachés", 3.0),
        ("sao-paulo-br", "Science attachés", 5.0),
        ("zurich-ch", "R&D spending (EUR million)", 1500.0),
        ("zurich-ch", "Science attachés", 2.0),
    ]
    assert set(report.accepted["year"]) == {2024}


def test_years_detail(cities, fixture_bytes):
    report = validate_upload(fixture_bytes("years_out_of_range.csv"), cities)
    assert [(i.line, i.code, i.value) for i in report.out_of_range] == [
        (2, "year_out_of_range", "1899"),
        (5, "year_out_of_range", "2101"),
        (6, "year_out_of_range", "20233"),
        (7, "year_invalid", "2023/24"),
    ]
    assert sorted(report.accepted["year"]) == [1900, 2100]


def test_non_numeric_reasons(cities, fixture_bytes):
    report = validate_upload(fixture_bytes("non_numeric.csv"), cities)
    reasons = {i.line: i.reason for i in report.rejected}
    assert reasons == {
        2: "“n/a” contains letters; type digits only and put the unit in the unit column",
        3: "“12 apples” contains letters; type digits only and put the unit in the unit column",
        4: "“12%” has a % sign; type the number only (12 for 12%)",
        5: "the value is empty",
        6: "“1,5” does not fit this file's number format, which uses a decimal point (1234.5)",
    }
    assert {i.line for i in report.out_of_range} == {2, 3, 4, 6}


def test_duplicates_detail(cities, alternates, fixture_bytes):
    report = validate_upload(fixture_bytes("duplicates.csv"), cities, alternate_names=alternates)
    assert [(d.city_id, d.year, d.lines, d.values) for d in report.duplicates] == [
        ("barcelona-es", 2024, (2, 3, 4), (3.0, 3.0, 4.0)),
        ("munich-de", 2024, (5, 6), (5.0, 6.0)),
    ]
    kept = report.accepted.set_index("line")["value"].to_dict()
    assert kept == {2: 3.0, 5: 5.0, 7: 2.0, 8: 2.0}


def test_misspelt_suggestions(cities, alternates, fixture_bytes):
    report = validate_upload(
        fixture_bytes("misspelt_cities.csv"), cities, alternate_names=alternates
    )
    # Accent- and case-insensitive matches are not misspellings: Zurich, Munchen, Geneve pass.
    assert report.accepted["city_id"].tolist() == ["zurich-ch", "munich-de", "geneva-ch"]
    suggestions = {
        u.text: [(s.city_id, s.score) for s in u.suggestions] for u in report.unmatched_cities
    }
    assert suggestions == {
        "Sao Paolo": [("sao-paulo-br", 88.9)],
        "Muenchen": [("munich-de", 93.3)],
        "Barcelone": [("barcelona-es", 88.9)],
    }


def test_misspelt_without_alternate_names(cities, fixture_bytes):
    report = validate_upload(fixture_bytes("misspelt_cities.csv"), cities)
    by_text = {u.text: u.suggestions for u in report.unmatched_cities}
    # Without the alternate "München", "Munchen" is only a near miss of "Munich".
    assert [(s.city_id, s.score) for s in by_text["Munchen"]] == [("munich-de", 76.9)]
    assert "Geneve" in by_text


def test_mixed_rejections_in_file_order(cities, fixture_bytes):
    report = validate_upload(fixture_bytes("mixed.csv"), cities)
    assert _issues(report) == [
        (5, "city", "city_unmatched"),
        (6, "value", "non_numeric"),
        (7, "year", "year_out_of_range"),
        (8, "note", "formula"),
        (9, "value", "duplicate"),
        (10, "city", "city_missing"),
        (11, "value", "negative_count"),
    ]
    assert report.accepted["line"].tolist() == [2, 3, 4, 13]
    assert report.accepted["value"].tolist() == [3.0, 5.0, 1200.0, 6.0]


def test_wide_european_values(cities, fixture_bytes):
    report = validate_upload(fixture_bytes("wide_european.csv"), cities)
    got = sorted(
        zip(
            report.accepted["city_id"],
            report.accepted["indicator"],
            report.accepted["value"],
            strict=True,
        )
    )
    assert got == [
        ("barcelona-es", "Gasto I+D (M€)", 1234.5),
        ("barcelona-es", "Oficinas", 3.0),
        ("malaga-es", "Gasto I+D (M€)", 245.75),
        ("sao-paulo-br", "Gasto I+D (M€)", 2500.0),
        ("sao-paulo-br", "Oficinas", 5.0),
    ]
    assert set(report.accepted["source"]) == {"INE", "IBGE"}


def test_new_city_is_proposed_from_the_gazetteer(cities, gazetteer, fixture_bytes):
    report = validate_upload(fixture_bytes("new_city_gazetteer.csv"), cities, gazetteer=gazetteer)
    found = {
        u.text: ([s.city_id for s in u.suggestions], [g.label for g in u.gazetteer])
        for u in report.unmatched_cities
    }
    assert found == {
        "Tartu": ([], ["Tartu (EE, pop. 91,407)"]),
        "Sao Paolo": (["sao-paulo-br"], []),
        # a real town: the user must confirm, nothing is placed silently
        "Atlantis": ([], ["Atlantis (ZA, pop. 82,736)"]),
    }


def test_html_cells_in_xlsx_are_never_echoed(cities, fixture_bytes):
    report = validate_upload(fixture_bytes("html_cells.xlsx"), cities)
    assert [(i.line, i.column, i.code) for i in report.rejected] == [
        (2, "note", "html"),
        (3, "city", "html"),
    ]
    assert not any("<script" in m or "onerror" in m for m in report.messages)
    assert report.accepted["city_id"].tolist() == ["paris-fr"]
