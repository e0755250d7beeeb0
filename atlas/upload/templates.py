"""Download templates for the long and wide forms, as CSV and as Excel.

A template that validates without a single rejection is the quickest way to show people what
the Atlas expects; the tests check exactly that. Bytes are deterministic (fixed zip dates) so
that a page can cache them.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

from atlas.i18n import N_, _

LONG_COLUMNS = ("city", "country", "indicator", "year", "value", "unit", "source", "note")
_LONG_ROWS: tuple[tuple[object, ...], ...] = (
    (
        "Barcelona",
        "ES",
        "Science attachés hosted",
        2024,
        3,
        "count",
        "City council open data",
        "Example row: replace with your data",
    ),
    (
        "São Paulo",
        "BR",
        "Science attachés hosted",
        2024,
        5,
        "count",
        "City council open data",
        "",
    ),
    (
        "Zürich",
        "CH",
        "R&D spending",
        2023,
        1234.5,
        "EUR million",
        "Statistical office",
        "",
    ),
)
WIDE_INDICATORS = ("Science attachés hosted", "R&D spending (EUR million)")
WIDE_COLUMNS = ("city", "country", "year", "source", *WIDE_INDICATORS)
_WIDE_ROWS: tuple[tuple[object, ...], ...] = (
    ("Barcelona", "ES", 2024, "City council open data", 3, 812.25),
    ("São Paulo", "BR", 2024, "City council open data", 5, 1234.5),
    ("Zürich", "CH", 2024, "Statistical office", 2, ""),
)
# The help sheet's lines (marked here, written in the run's language by `_help_lines`).
_HOW_TO = (
    N_("How to fill in this template"),
    "",
    N_(
        "One row per city, indicator and year (long form), or one row per city with one column "
        "per indicator (wide form)."
    ),
    N_("city: the city name as you know it (accents optional), or its GeoNames id."),
    N_(
        "country: two-letter ISO code (ES, BR, CH); needed when a name exists in several countries."
    ),
    N_("year: a four-digit year between 1900 and 2100."),
    N_("value: a number only; put the unit (count, EUR million, %) in the unit column."),
    N_("source: who published the figure; it is shown next to your data."),
    N_("note: optional caveat, plain text."),
    N_("Formulas, links and HTML are not accepted: paste values only."),
    N_("Replace the example rows with your own data and keep the header row."),
)


def _help_lines() -> list[list[str]]:
    """The help sheet in the run's language (column names and examples stay as typed)."""
    return [[_(line) if line else line] for line in _HOW_TO]


def _csv_bytes(columns: Sequence[str], rows: Sequence[Sequence[object]], european: bool) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";" if european else ",", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        cells = []
        for cell in row:
            text = str(cell)
            if european and isinstance(cell, float):
                text = text.replace(".", ",")
            cells.append(text)
        writer.writerow(cells)
    # BOM: without it Excel on Windows opens UTF-8 as Windows-1252 and shows "SÃ£o Paulo".
    return buffer.getvalue().encode("utf-8-sig")


def long_template_csv(*, european: bool = False) -> bytes:
    """Long-form template as CSV (UTF-8 with BOM).

    `european=True` writes semicolons and decimal commas, which is what Excel expects when
    the computer's list separator is ";" (most of continental Europe and Latin America).
    """
    return _csv_bytes(LONG_COLUMNS, _LONG_ROWS, european)


def wide_template_csv(*, european: bool = False) -> bytes:
    """Wide-form template as CSV (UTF-8 with BOM); see long_template_csv for `european`."""
    return _csv_bytes(WIDE_COLUMNS, _WIDE_ROWS, european)


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet_xml(rows: Sequence[Sequence[object]], widths: Sequence[int], freeze: bool) -> str:
    """One worksheet; strings are inline so no shared-strings part is needed."""
    parts = [_XML, f'<worksheet xmlns="{_NS_MAIN}">']
    if freeze:
        parts.append(
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        )
    parts.append("<cols>")
    for index, width in enumerate(widths, start=1):
        parts.append(f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>')
    parts.append("</cols><sheetData>")
    for r, row in enumerate(rows, start=1):
        parts.append(f'<row r="{r}">')
        for c, value in enumerate(row, start=1):
            ref = f"{_column_letter(c)}{r}"
            style = ' s="1"' if freeze and r == 1 else ""
            if value is None or value == "":
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                parts.append(f'<c r="{ref}"{style}><v>{value!r}</v></c>')
            else:
                text = escape(str(value))
                parts.append(
                    f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{text}</t>'
                    "</is></c>"
                )
        parts.append("</row>")
    parts.append("</sheetData></worksheet>")
    return "".join(parts)


def _xlsx_bytes(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """A minimal SpreadsheetML package, built in memory.

    Written by hand rather than with openpyxl because openpyxl's writer spools every sheet
    through a temporary file on disk; the upload feature keeps everything in memory.
    """
    data = [list(columns), *[list(row) for row in rows]]
    widths = [
        max(len(str(row[i])) if i < len(row) else 0 for row in data) + 3
        for i in range(len(columns))
    ]
    files = {
        "[Content_Types].xml": (
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{_CT}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'{_XML}<Relationships xmlns="{_NS_PKG}"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'{_XML}<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><sheets>'
            '<sheet name="Data" sheetId="1" r:id="rId1"/>'
            '<sheet name="How to fill" sheetId="2" r:id="rId2"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML}<Relationships xmlns="{_NS_PKG}">'
            f'<Relationship Id="rId1" Type="{_NS_REL}/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_NS_REL}/worksheet" '
            'Target="worksheets/sheet2.xml"/>'
            f'<Relationship Id="rId3" Type="{_NS_REL}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            f'{_XML}<styleSheet xmlns="{_NS_MAIN}">'
            '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
            "</cellXfs>"
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"
        ),
        "xl/worksheets/sheet1.xml": _sheet_xml(data, widths, freeze=True),
        "xl/worksheets/sheet2.xml": _sheet_xml(_help_lines(), [100], False),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


def long_template_xlsx() -> bytes:
    """Long-form template as an Excel workbook (data on the first sheet, help on the second)."""
    return _xlsx_bytes(LONG_COLUMNS, _LONG_ROWS)


def wide_template_xlsx() -> bytes:
    """Wide-form template as an Excel workbook (data on the first sheet, help on the second)."""
    return _xlsx_bytes(WIDE_COLUMNS, _WIDE_ROWS)
