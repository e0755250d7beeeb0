"""Downloads must be safe to open in a spreadsheet and must not change the figures."""

from __future__ import annotations

import datetime as dt
import json
from io import BytesIO

import numpy as np
import openpyxl
import pandas as pd
import pytest

from atlas.citation import SOURCE_COLUMNS, cited_rows
from atlas.export import (
    download_filename,
    is_formula_like,
    neutralise_formulas,
    sources_csv_bytes,
    to_csv_bytes,
    to_excel_bytes,
    to_json_bytes,
)

FORMULA_CASES = [
    ("=1+1", "'=1+1"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=x", "'\t=x"),
    ("\r=x", "'\r=x"),
    ("São Paulo", "São Paulo"),
    ("Tokyo–Yokohama", "Tokyo–Yokohama"),
    ("a=b", "a=b"),  # only the first character matters
    (" =1+1", " =1+1"),  # a leading space makes spreadsheets read text
    ("", ""),
    ("-3.5", "-3.5"),  # a plain number held as text cannot run anything
    ("+2", "+2"),
    ("-1e-3", "-1e-3"),
    ("-1e3+A1", "'-1e3+A1"),
    ("-", "'-"),
    ("'already", "'already"),
]


def _sources() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": ["wipo-gii-2024", "atlas-team"],
            "publisher": ["WIPO", '=HYPERLINK("http://evil")'],
            "title": ["Global Innovation Index 2024", "Zürich notes"],
            "url": ["https://www.wipo.int/gii", "javascript:alert(1)"],
            "year": pd.array([2024, None], dtype="Int64"),
            "licence": ["CC BY 4.0", "CC0"],
            "retrieved": ["2024-10-01", "2025-01-15"],
            "note": ["", "internal"],
        }
    )


def _view() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city_id": ["sao-paulo-br", "zurich-ch", "windhoek-na"],
            "name": ["São Paulo", "Zürich", "Windhoek"],
            "country": ["BR", "CH", "NA"],
            "value": [12.5, np.nan, 0.1],
            "year": [2023, 2023, 2024],
            "note": ["=1+1", None, "ok"],
            "source_id": ["wipo-gii-2024", "wipo-gii-2024", "atlas-derived"],
        }
    )


# ---------------------------------------------------------------------- neutralise_formulas


@pytest.mark.parametrize(("text", "expected"), FORMULA_CASES)
def test_neutralise_text_cells(text: str, expected: str) -> None:
    df = pd.DataFrame({"t": [text]})
    assert neutralise_formulas(df)["t"].iloc[0] == expected


@pytest.mark.parametrize("dtype", [object, "str", "string", "category"])
def test_neutralise_every_text_dtype(dtype: object) -> None:
    df = pd.DataFrame({"t": pd.Series(["=1+1", "x", None], dtype=dtype)})
    out = neutralise_formulas(df)
    assert out["t"].iloc[0] == "'=1+1"
    assert out["t"].iloc[1] == "x"
    assert pd.isna(out["t"].iloc[2])
    assert out["t"].dtype.name == df["t"].dtype.name


def test_neutralise_keeps_numbers_and_missing() -> None:
    df = pd.DataFrame(
        {
            "f": [-3.5, np.nan, 2.0],
            "i": [-1, 0, 5],
            "n": pd.array([-2, None, 3], dtype="Int64"),
            "b": [True, False, True],
            "mixed": pd.Series([-7, "=x", np.nan], dtype=object),
        }
    )
    out = neutralise_formulas(df)
    pd.testing.assert_frame_equal(out[["f", "i", "n", "b"]], df[["f", "i", "n", "b"]])
    assert out["mixed"].tolist()[:2] == [-7, "'=x"]  # a number in an object column stays a number
    assert pd.isna(out["mixed"].iloc[2])


def test_neutralise_does_not_mutate_input_and_covers_headers() -> None:
    df = pd.DataFrame({"=bad": ["=1+1"], "ok": ["x"]})
    before = df.copy()
    out = neutralise_formulas(df)
    pd.testing.assert_frame_equal(df, before)
    assert list(out.columns) == ["'=bad", "ok"]
    assert out["'=bad"].iloc[0] == "'=1+1"


def test_is_formula_like_only_flags_text() -> None:
    assert not is_formula_like(-3)
    assert not is_formula_like(None)
    assert not is_formula_like(float("nan"))
    assert is_formula_like("=A1")


# ------------------------------------------------------------------------------------- CSV


def test_csv_reads_back_equal_with_accents_and_missing() -> None:
    df = _view().assign(note=["a note", None, "ok"])
    raw = to_csv_bytes(df)
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel picks UTF-8
    back = pd.read_csv(BytesIO(raw), encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(back, df, check_dtype=False)
    assert pd.isna(back.loc[1, "value"])  # missing stays missing, never 0
    assert back.loc[0, "name"] == "São Paulo"


def test_csv_reads_back_with_pandas_defaults() -> None:
    df = pd.DataFrame(
        {
            "name": ["São Paulo", "Zürich", "Kraków"],
            "value": [1.25, np.nan, 1e-9],
            "population": pd.array([12_000_000, None, 800_000], dtype="Int64"),
            "note": ["line one\nline two", None, 'quoted "x", comma'],
        }
    )
    back = pd.read_csv(BytesIO(to_csv_bytes(df)), encoding="utf-8-sig")
    pd.testing.assert_frame_equal(back, df, check_dtype=False)
    assert back["value"].isna().tolist() == [False, True, False]
    assert back["population"].isna().tolist() == [False, True, False]


def test_csv_neutralises_and_only_there() -> None:
    df = _view()
    back = pd.read_csv(BytesIO(to_csv_bytes(df)), encoding="utf-8-sig", keep_default_na=False)
    assert back.loc[0, "note"] == "'=1+1"
    stripped = back["note"].str.removeprefix("'")
    assert stripped.iloc[0] == "=1+1"
    assert df.loc[0, "note"] == "=1+1"  # input untouched


def test_sources_csv_has_citation_columns() -> None:
    back = pd.read_csv(BytesIO(sources_csv_bytes(_sources())), encoding="utf-8-sig")
    assert tuple(back.columns) == SOURCE_COLUMNS
    assert back.loc[1, "publisher"].startswith("'=")
    empty = pd.read_csv(BytesIO(sources_csv_bytes(None)), encoding="utf-8-sig")
    assert tuple(empty.columns) == SOURCE_COLUMNS and empty.empty


# ----------------------------------------------------------------------------------- Excel


def _load(raw: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(raw))


def test_excel_has_data_and_sources_sheets() -> None:
    wb = _load(to_excel_bytes(_view(), _sources()))
    assert wb.sheetnames == ["data", "sources"]
    sources = wb["sources"]
    header = [c.value for c in sources[1]]
    assert header == list(SOURCE_COLUMNS)
    assert sources["B2"].value == "WIPO"
    assert sources["E3"].value is None  # missing year is empty, not 0
    assert all(cell.font.bold for cell in wb["data"][1])
    assert wb["data"].column_dimensions["B"].width >= len("São Paulo")


def test_excel_formula_text_is_a_string_not_a_formula() -> None:
    df = pd.DataFrame({"t": [text for text, _ in FORMULA_CASES]})
    wb = _load(to_excel_bytes(df, _sources()))
    ws = wb["data"]
    for row, (text, _) in enumerate(FORMULA_CASES, start=2):
        cell = ws.cell(row=row, column=1)
        assert cell.data_type != "f"
        if text:
            # Excel shows the text itself, no visible quote. (XML turns a stored CR into LF.)
            assert cell.value == text.replace("\r", "\n")
            assert cell.quotePrefix == is_formula_like(text)
    publisher = wb["sources"]["B3"]
    assert publisher.data_type != "f" and publisher.quotePrefix


def test_excel_keeps_numbers_numeric_and_missing_empty() -> None:
    ws = _load(to_excel_bytes(_view(), _sources()))["data"]
    header = [c.value for c in ws[1]]
    value_col = header.index("value") + 1
    assert ws.cell(row=2, column=value_col).value == 12.5
    assert ws.cell(row=2, column=value_col).data_type == "n"
    assert ws.cell(row=3, column=value_col).value is None
    assert ws.cell(row=2, column=header.index("name") + 1).value == "São Paulo"


def test_excel_links_only_web_urls() -> None:
    ws = _load(to_excel_bytes(_view(), _sources()))["sources"]
    assert ws["D2"].hyperlink is not None
    assert ws["D2"].hyperlink.target == "https://www.wipo.int/gii"
    assert ws["D3"].hyperlink is None


def test_excel_survives_awkward_cells() -> None:
    df = pd.DataFrame(
        {
            "ctrl": ["bad\x0bchar\x00", "ok"],
            "when": pd.to_datetime(["2024-01-01T12:00:00Z", None]),
            "inf": [np.inf, 1.0],
            "nullable_bool": pd.array([True, None], dtype="boolean"),
        }
    )
    ws = _load(to_excel_bytes(df, None, sheet_name="GII: ranks/2024 [all]"))["GII  ranks 2024  all"]
    assert ws["A2"].value == "badchar"
    assert ws["B2"].value == dt.datetime(2024, 1, 1, 12, 0)
    assert ws["B3"].value is None
    assert ws["C2"].value is None
    assert ws["D2"].value is True and ws["D3"].value is None


def test_excel_sheet_name_cannot_clash_with_sources() -> None:
    with pytest.raises(ValueError):
        to_excel_bytes(_view(), None, sheet_name="Sources")


# ------------------------------------------------------------------------------------ JSON


def test_json_structure_and_nulls() -> None:
    meta = {
        "title": "GII cluster rank, 2023",
        "indicator": "gii_cluster_rank",
        "unit": "rank",
        "year": np.int64(2023),
        "atlas_url": "https://atlas.example/?indicator=gii_cluster_rank",
    }
    raw = to_json_bytes(_view(), _sources(), meta)
    assert "São Paulo".encode() in raw  # UTF-8, not \u escapes
    doc = json.loads(raw.decode("utf-8"))
    assert set(doc) == {"meta", "data", "sources"}
    assert doc["meta"]["year"] == 2023
    assert doc["meta"]["unit"] == "rank"
    dt.datetime.fromisoformat(doc["meta"]["generated"])
    assert len(doc["data"]) == 3
    assert doc["data"][0] == {
        "city_id": "sao-paulo-br",
        "name": "São Paulo",
        "country": "BR",
        "value": 12.5,
        "year": 2023,
        "note": "=1+1",  # JSON is for programs: values unaltered
        "source_id": "wipo-gii-2024",
    }
    assert doc["data"][1]["value"] is None and doc["data"][1]["note"] is None
    assert [s["source_id"] for s in doc["sources"]] == ["wipo-gii-2024", "atlas-team"]
    assert doc["sources"][1]["year"] is None
    assert "note" not in doc["sources"][0]


def test_json_never_writes_nan_tokens() -> None:
    df = pd.DataFrame(
        {
            "x": [np.nan, np.inf, 1.0],
            "n": pd.array([None, 2, 3], dtype="Int64"),
            "s": pd.Series([None, "a", "b"], dtype="str"),
            "d": pd.to_datetime([None, "2024-05-01", "2024-05-02"]),
        }
    )
    raw = to_json_bytes(df, None, {"generated": "fixed"})
    assert b"NaN" not in raw and b"Infinity" not in raw
    doc = json.loads(raw)
    assert doc["meta"] == {"generated": "fixed"}
    assert doc["data"][0] == {"x": None, "n": None, "s": None, "d": None}
    assert doc["data"][1] == {"x": None, "n": 2, "s": "a", "d": "2024-05-01T00:00:00"}
    assert doc["sources"] == []


# --------------------------------------------------------------------------------- helpers


def test_cited_sources_keeps_only_cited() -> None:
    cited = cited_rows(_view(), _sources())
    assert cited["source_id"].tolist() == ["wipo-gii-2024"]


@pytest.mark.parametrize(
    ("stem", "ext", "expected"),
    [
        ("GII cluster rank — São Paulo & Zürich", "csv", "gii-cluster-rank-sao-paulo-zurich"),
        ("Straße / Łódź", ".XLSX", "strasse-lodz"),
        ("../../etc/passwd", "json", "etc-passwd"),
        ("東京", "csv", "atlas-data"),
        ("", "csv", "atlas-data"),
    ],
)
def test_download_filename(stem: str, ext: str, expected: str) -> None:
    name = download_filename(stem, ext, today=dt.date(2025, 3, 9))
    assert name == f"{expected}-2025-03-09.{ext.lower().lstrip('.')}"
    assert name.isascii()


def test_download_filename_rejects_empty_extension() -> None:
    with pytest.raises(ValueError):
        download_filename("x", ".")


def test_excel_in_french_says_it_is_locale_neutral_and_stays_so() -> None:
    from atlas.export import locale_note
    from atlas.i18n import language

    with language("fr"):
        wb = _load(to_excel_bytes(_view(), _sources()))
        note = locale_note()
        csv = to_csv_bytes(_view())
    assert note.startswith("Les nombres et les dates de ce fichier")
    sources = wb["sources"]
    assert sources.cell(row=sources.max_row, column=1).value == note
    assert sources.cell(row=sources.max_row - 1, column=1).value is None  # a gap before it
    data = wb["data"]
    header = [c.value for c in data[1]]
    value = data.cell(row=2, column=header.index("value") + 1)
    assert value.value == 12.5 and value.data_type == "n"  # a number, not "12,5"
    back = pd.read_csv(BytesIO(csv), encoding="utf-8-sig")
    assert back["value"].iloc[0] == 12.5
