"""Reading bytes: limits, file types, encodings, separators, xlsx details."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from atlas.upload import (
    MAX_BYTES,
    MAX_ROWS,
    UploadError,
    UploadLimits,
    decode_text,
    detect_delimiter,
    file_subject,
    read_upload,
    too_large_message,
    validate_upload,
)

HEADER = b"city,indicator,year,value,source\n"


def _xlsx(rows, title="Data", extra_sheets=()):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name in extra_sheets:
        workbook.create_sheet(name).append(["ignored"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _code(data, **kwargs):
    with pytest.raises(UploadError) as info:
        read_upload(data, **kwargs)
    return info.value.code, info.value.message


def test_limits_are_the_documented_ones():
    assert MAX_BYTES == 20 * 1024 * 1024
    assert MAX_ROWS == 200_000


def test_too_large_file_is_refused_before_reading(cities):
    row = b"Barcelona,Hubs,2024,3,Open data\n"
    data = HEADER + row * (21 * 1024 * 1024 // len(row) + 1)
    report = validate_upload(data, cities)
    assert report.file_error == "too_large"
    assert report.messages == (
        f"The file is 21.0 MB ({len(data):,} bytes); the limit is 20.0 MB (20,971,520 bytes). "
        "Split it into smaller files (for example "
        "one per indicator) or remove columns you do not need, then upload again.",
    )


def test_too_many_rows_reports_the_count(cities):
    data = HEADER + b"Barcelona,Hubs,2024,3,x\n" * (MAX_ROWS + 1)
    assert len(data) < MAX_BYTES
    report = validate_upload(data, cities)
    assert report.file_error == "too_many_rows"
    assert report.messages == (
        "The file has 200,001 data rows; the limit is 200,000. Split it into smaller files (for "
        "example one per indicator or per year) and upload them one at a time.",
    )


def test_exactly_the_row_limit_is_allowed():
    data = HEADER + b"Barcelona,Hubs,2024,3,x\n" * 5
    assert len(read_upload(data, limits=UploadLimits(max_rows=5)).rows) == 5


def test_xlsx_row_limit():
    rows = [["city", "indicator", "year", "value", "source"]]
    rows += [["Barcelona", "Hubs", 2024, i, "x"] for i in range(7)]
    code, message = _code(_xlsx(rows), limits=UploadLimits(max_rows=5))
    assert code == "too_many_rows"
    assert message.startswith("The file has 7 data rows; the limit is 5.")


def test_too_many_columns():
    header = ",".join(f"c{i}" for i in range(201)).encode()
    code, message = _code(b"city," + header + b"\nBarcelona," + b"1," * 200 + b"1\n")
    assert code == "too_many_columns"
    assert "202 columns; the limit is 200" in message


def test_only_bytes_are_accepted_never_a_path():
    with pytest.raises(TypeError):
        read_upload("/etc/passwd")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (b"\n\r\n  \n", "empty"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "image"),
        (b"GIF89a" + bytes(50), "image"),
        (b"\x1f\x8b\x08" + bytes(50), "archive"),
        (b"\x7fELF\x02\x01\x01" + bytes(100), "binary"),
        (bytes(range(256)) * 40, "binary"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "markup"),
        (b"just one column\nno separators here\n", "single_column"),
    ],
)
def test_not_a_table(data, code):
    assert _code(data)[0] == code


def test_docx_and_ods_are_named():
    def zipped(*names):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name in names:
                archive.writestr(name, "x")
        return out.getvalue()

    assert _code(zipped("word/document.xml", "[Content_Types].xml"))[0] == "office_document"
    assert _code(zipped("mimetype", "content.xml"))[0] == "ods"


def test_damaged_xlsx():
    data = _xlsx([["city", "value"], ["Barcelona", 1]])
    assert _code(data[:200])[0] == "unreadable_xlsx"


def test_zip_bomb_is_refused_without_inflating():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    code, message = _code(out.getvalue())
    assert code == "too_large"
    assert "expands to 50.0 MB" in message


@pytest.mark.parametrize(
    ("raw", "label", "text"),
    [
        ("Zürich".encode(), "UTF-8", "Zürich"),
        (b"\xef\xbb\xbf" + "Zürich".encode(), "UTF-8 (with BOM)", "Zürich"),
        ("Zürich – €".encode("cp1252"), "Windows-1252", "Zürich – €"),
        ("Zürich".encode("latin-1"), "Latin-1 (ISO-8859-1)", "Zürich"),
        ("\ufeffZürich".encode("utf-16-le"), "UTF-16", "Zürich"),
        ("\ufeffZürich".encode("utf-16-be"), "UTF-16", "Zürich"),
    ],
)
def test_decode_text(raw, label, text):
    decoded, found = decode_text(raw)
    assert (decoded.lstrip("\ufeff"), found) == (text, label)


def test_decode_falls_back_to_charset_normalizer():
    polish = "Miasto Łódź, województwo łódzkie, dzień dobry, źródło danych, ćwiczenie " * 5
    decoded, label = decode_text(polish.encode("cp1250"))
    assert "Łódź" in decoded
    assert label.lower().replace("_", "") in {"cp1250", "windows1250", "iso88592"}


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1,5;2,5;3\n1,25;2;3\n", ";"),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("a|b\n1|2\n", "|"),
        ('a,b\n"x;y;z",2\n', ","),
        ("only\none\n", None),
    ],
)
def test_detect_delimiter(text, delimiter):
    assert detect_delimiter(text) == delimiter


def test_excel_sep_line_is_honoured():
    table = read_upload(b"sep=;\ncity;value\nBarcelona;1,5\n")
    assert table.delimiter == ";"
    assert table.header == ("city", "value")
    assert table.lines == [3]


def test_line_numbers_count_blank_and_multiline_records():
    data = b'city,note\n\nBarcelona,"two\nlines"\nParis,x\n'
    table = read_upload(data)
    assert table.lines == [3, 4]


def test_xlsx_reads_first_sheet_with_offset_table_and_notes_other_sheets():
    rows = [[None], [None, "city", "value"], [None, "Barcelona", 3], [None], [None, "Paris", 4.5]]
    table = read_upload(_xlsx(rows, extra_sheets=["Notes"]))
    assert table.header_line == 2
    assert table.lines == [3, 5]
    assert table.notes == ("The workbook has 2 sheets; only the first one, “Data”, was read.",)
    assert table.rows[0][1:] == ["Barcelona", 3]


def test_xlsx_dates_and_booleans_are_text():
    import datetime

    rows = [["city", "year", "value", "flag"], ["Barcelona", datetime.date(2024, 1, 1), 3, True]]
    table = read_upload(_xlsx(rows))
    assert table.rows[0] == ["Barcelona", "2024-01-01T00:00:00", 3, "TRUE"]


def test_xlsx_formula_is_never_evaluated_or_passed_as_data():
    from atlas.upload.read import FormulaCell

    rows = [["city", "value"], ["Barcelona", '=WEBSERVICE("http://evil.example")']]
    table = read_upload(_xlsx(rows))
    assert table.rows[0][1] == FormulaCell('=WEBSERVICE("http://evil.example")')


def test_invisible_characters_are_removed(cities):
    # openpyxl refuses control characters in cells, so this goes through CSV.
    data = "city,indicator,year,value,source\nBarce\u202elona\x07,Hubs,2024,1,x\n".encode()
    report = validate_upload(data, cities)
    assert report.accepted["city_id"].tolist() == ["barcelona-es"]


def test_just_over_the_size_limit_says_bytes():
    code, message = _code(b"x" * (MAX_BYTES + 1))
    assert code == "too_large"
    assert message.startswith(
        "The file is 20.0 MB (20,971,521 bytes); the limit is 20.0 MB (20,971,520 bytes)."
    )


def test_limit_messages_name_the_file():
    """A user trying several exports must learn which one was refused, and by how much."""
    code, message = _code(b"x" * (21 * 1024 * 1024), filename="budget 2024.csv")
    assert code == "too_large"
    assert message.startswith(
        "“budget 2024.csv” is 21.0 MB (22,020,096 bytes); the limit is 20.0 MB (20,971,520 "
        "bytes). Split it"
    )
    rows = HEADER + b"Barcelona,Hubs,2024,3,x\n" * 6
    code, message = _code(rows, filename="hubs.csv", limits=UploadLimits(max_rows=5))
    assert (code, message.split(". ")[0]) == (
        "too_many_rows",
        "“hubs.csv” has 6 data rows; the limit is 5",
    )
    header = ",".join(f"c{i}" for i in range(201)).encode()
    code, message = _code(
        b"city," + header + b"\nBarcelona," + b"1," * 200 + b"1\n", filename="w.csv"
    )
    assert code == "too_many_columns"
    assert message.startswith("“w.csv” has 202 columns; the limit is 200. Use the long form")
    rows = [["city", "indicator", "year", "value", "source"]]
    rows += [["Barcelona", "Hubs", 2024, i, "x"] for i in range(7)]
    code, message = _code(_xlsx(rows), filename="hubs.xlsx", limits=UploadLimits(max_rows=5))
    assert message.startswith("“hubs.xlsx” has 7 data rows; the limit is 5.")


def test_file_subject_cleans_and_shortens_the_name():
    assert file_subject(None) == "The file" == file_subject("  ")
    assert file_subject("a\u202eb.csv") == "“ab.csv”"  # a bidi override would flip the name
    long = file_subject("x" * 200 + ".csv")
    assert len(long) == 82 and long.endswith("…”")


def test_too_large_message_gives_bytes_so_the_edge_is_not_a_puzzle():
    """ "20.0 MB; the limit is 20.0 MB" alone would puzzle; the box may also count in 1,000s."""
    message = too_large_message(MAX_BYTES + 1, "edge.csv")
    assert message.startswith(
        "“edge.csv” is 20.0 MB (20,971,521 bytes); the limit is 20.0 MB (20,971,520 bytes)."
    )


def test_refusals_read_in_the_run_language():
    from atlas.i18n import language
    from atlas.upload.read import too_large_message

    with language("fr"):
        message = too_large_message(22_020_096, "budget 2024.csv", 20_971_520)
        with pytest.raises(UploadError) as refused:
            read_upload(b"\x89PNG\r\n\x1a\n" + b"0" * 32, "photo.png")
    assert message.startswith(
        "«\u00a0budget 2024.csv\u00a0» fait 21,0\u00a0Mo (22\u202f020\u202f096 octets)"
    ), message
    assert refused.value.message.startswith("Ceci est une image PNG, pas un tableau.")
