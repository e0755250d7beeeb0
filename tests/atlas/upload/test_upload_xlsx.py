"""The streaming xlsx reader gives what openpyxl gives, on openpyxl's files and hand-made ones."""

from __future__ import annotations

import datetime
import io
import warnings
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from atlas.upload import UploadError, UploadLimits, read_upload, validate_upload
from atlas.upload.read import FormulaCell
from atlas.upload.text import clean_cell_text
from atlas.upload.xlsx import XlsxSheetReader

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "uploads"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
    f'<Override PartName="/xl/sst.xml" ContentType="{_CT}.sharedStrings+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
    "</Types>"
)


def _openpyxl_rows(data: bytes) -> list[tuple[int, list[object]]]:
    """What the previous openpyxl-based reader produced, cell for cell (the oracle)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # hand-made test workbooks lack a default style
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    out = []
    for line, cells in enumerate(sheet.iter_rows(), start=1):
        values: list[object] = []
        for cell in cells:
            value = getattr(cell, "value", None)
            if value is None:
                values.append(None)
            elif getattr(cell, "data_type", None) == "f":
                values.append(FormulaCell(str(value)))
            elif isinstance(value, bool):
                values.append("TRUE" if value else "FALSE")
            elif isinstance(value, int | float):
                values.append(value)
            elif isinstance(value, datetime.datetime | datetime.date | datetime.time):
                values.append(value.isoformat())
            else:
                values.append(clean_cell_text(str(value)))
        while values and values[-1] is None:
            values.pop()
        if values:
            out.append((line, values))
    workbook.close()
    return out


def _fast_rows(data: bytes) -> list[tuple[int, list[object]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        out = []
        for line, values in XlsxSheetReader(archive).rows():
            while values and values[-1] is None:
                values.pop()
            if values:
                out.append((line, values))
        return out


def _openpyxl_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Données"
    sheet.append([None])
    sheet.append([None, "city", "year", "value", "when", "flag", "note"])
    sheet.append([None, "São Paulo", 2024, 3, datetime.date(2024, 5, 1), True, "a < b"])
    sheet.append([None, "Zürich", 2023.0, 2.5, datetime.datetime(2023, 1, 2, 3, 4), False, None])
    sheet.append([])
    sheet.append([None, "Paris", "2022", "=SUM(1,2)", datetime.time(12, 30), None, "#N/A"])
    sheet.append([None, "Genève", 2021, -1e-3, None, None, "  trailing  "])
    sheet["H7"] = 12345678901234
    workbook.create_sheet("Notes").append(["ignored"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _package(sheet_xml: str, *, shared: str | None = None, styles: str | None = None) -> bytes:
    rels = [f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>']
    files = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr date1904="1"/>'
        '<sheets><sheet name="Hand made" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared is not None:
        files["xl/sharedStrings.xml"] = shared
        rels.append(f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="/xl/sst.xml"/>')
        files["xl/sst.xml"] = files.pop("xl/sharedStrings.xml")
    if styles is not None:
        files["xl/styles.xml"] = styles
        rels.append(f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>')
    files["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


HAND_SHARED = (
    f'<sst xmlns="{MAIN}"><si><t>city</t></si><si><t>value</t></si>'
    "<si><r><t>Bar</t></r><r><rPr><b/></rPr><t>celona</t></r>"
    '<rPh sb="0" eb="3"><t>ignored phonetic</t></rPh></si>'
    '<si><t xml:space="preserve"> M&#225;laga </t></si></sst>'
)
HAND_STYLES = (
    f'<styleSheet xmlns="{MAIN}"><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
    '<numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts>'
    '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="3"/><xf numFmtId="165"/>'
    "</cellXfs></styleSheet>"
)
HAND_SHEET = (
    f'<x:worksheet xmlns:x="{MAIN}"><x:dimension ref="A1:D6"/><x:sheetData>'
    '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>'
    '<x:c r="C1" t="inlineStr"><x:is><x:t>when</x:t></x:is></x:c></x:row>'
    '<x:row r="3"><x:c r="A3" t="s"><x:v>2</x:v></x:c><x:c r="B3" s="2"><x:v>1234.5</x:v></x:c>'
    '<x:c r="C3" s="1"><x:v>45000</x:v></x:c><x:c r="D3" s="3"><x:v>1.5</x:v></x:c></x:row>'
    '<x:row><x:c r="A4" t="s"><x:v>3</x:v></x:c><x:c r="B4">'
    '<x:f t="shared" si="0" ref="B4:B5">1+1</x:f>'
    '<x:v>2</x:v></x:c><x:c r="C4" t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#DIV/0!</x:v></x:c>'
    "</x:row>"
    '<x:row r="5"><x:c r="A5" t="str"><x:v>text result</x:v></x:c>'
    '<x:c r="B5"><x:f t="shared" si="0"/><x:v>2</x:v></x:c>'
    '<x:c r="C5" t="d"><x:v>2024-02-29T10:00:00</x:v></x:c></x:row>'
    '<x:row r="6"><x:c r="B6"><x:v>7</x:v></x:c><x:c r="D6" t="inlineStr"><x:is><x:r><x:t>a</x:t>'
    "</x:r><x:r><x:t>b</x:t></x:r></x:is></x:c></x:row></x:sheetData></x:worksheet>"
)


@pytest.mark.parametrize("name", ["long.xlsx", "wide.xlsx", "formula.xlsx"])
def test_fixtures_read_as_openpyxl_reads_them(name):
    data = (FIXTURES / name).read_bytes()
    assert _fast_rows(data) == _openpyxl_rows(data)


def test_openpyxl_workbook_with_every_cell_type():
    data = _openpyxl_workbook()
    assert _fast_rows(data) == _openpyxl_rows(data)


def test_hand_made_workbook_matches_openpyxl():
    data = _package(HAND_SHEET, shared=HAND_SHARED, styles=HAND_STYLES)
    fast = _fast_rows(data)
    assert fast == _openpyxl_rows(data)
    assert fast == [
        (1, ["city", "value", "when"]),
        (3, ["Barcelona", 1234.5, "2027-03-16T00:00:00", "1 day, 12:00:00"]),
        (4, ["Málaga", FormulaCell("=1+1"), "TRUE", "#DIV/0!"]),
        (5, ["text result", FormulaCell("=1+1"), "2024-02-29T10:00:00"]),
        (6, [None, 7, None, "ab"]),
    ]


def test_read_upload_names_the_sheet_and_counts_sheets():
    table = read_upload(_openpyxl_workbook())
    assert table.sheet == "Données"
    assert table.header_line == 2
    assert table.lines == [3, 4, 6, 7]
    assert table.notes == ("The workbook has 2 sheets; only the first one, “Données”, was read.",)


def test_declared_size_words_the_row_limit_message():
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 9))
    sheet = (
        f'<worksheet xmlns="{MAIN}"><dimension ref="A1:A8"/>'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )
    with pytest.raises(UploadError) as info:
        read_upload(_package(sheet), limits=UploadLimits(max_rows=5))
    assert info.value.code == "too_many_rows"
    assert info.value.message.startswith("The file has 7 data rows; the limit is 5.")


def test_doctype_and_entities_are_refused():
    sheet = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol;'
        "</t></is></c></row></sheetData></worksheet>"
    )
    with pytest.raises(UploadError) as info:
        read_upload(_package(sheet))
    assert info.value.code == "unreadable_xlsx"


@pytest.mark.parametrize(
    "sheet",
    [
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v>',  # truncated
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</w></c>',  # mismatched
    ],
)
def test_malformed_sheet_xml_is_a_damaged_file(sheet):
    with pytest.raises(UploadError) as info:
        read_upload(_package(sheet))
    assert info.value.code == "unreadable_xlsx"
    assert "could not be read to the end" in info.value.message


def test_workbook_without_a_worksheet_is_damaged():
    data = _package(f'<worksheet xmlns="{MAIN}"/>')
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                body = source.read(item)
                if item.filename == "xl/workbook.xml":
                    body = f'<workbook xmlns="{MAIN}"><sheets/></workbook>'.encode()
                target.writestr(item, body)
    with pytest.raises(UploadError) as info:
        read_upload(out.getvalue())
    assert info.value.code == "unreadable_xlsx"


def test_hand_made_workbook_validates(cities):
    header = (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
        + "".join(
            f'<c r="{col}1" t="inlineStr"><is><t>{name}</t></is></c>'
            for col, name in zip(
                "ABCDE", ["city", "indicator", "year", "value", "source"], strict=True
            )
        )
        + "</row>"
    )
    body = (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Zürich</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>Hubs</t></is></c><c r="C2"><v>2024</v></c>'
        '<c r="D2"><v>3</v></c><c r="E2" t="inlineStr"><is><t>Survey</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    report = validate_upload(_package(header + body), cities)
    assert report.rows_accepted == 1
    assert report.accepted["city_id"].tolist() == ["zurich-ch"]
    assert report.messages[0] == (
        "Read sheet “Hand made” of an Excel workbook in the long form: 1 data row."
    )
