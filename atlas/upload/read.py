"""Turning uploaded bytes into a grid of cells, or refusing them with a reason a person can act on.

Only bytes come in: the page hands over what the browser sent, never a path, so nothing a user
types can make the Atlas open a file on the server. Nothing is written to disk. The decision
about what a file *is* comes from its content (magic numbers, zip members), not from the name
the user gave it, because a renamed file is the most common way a wrong file reaches us.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Literal

import charset_normalizer
from babel.numbers import format_decimal

from atlas.i18n import N_, _, current_language
from atlas.numbers import format_count
from atlas.upload.text import clean_cell_text, remove_invisible
from atlas.upload.xlsx import ExpatError, FormulaCell, XlsxFormatError, XlsxSheetReader

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
# A 20 MB xlsx of plain numbers inflates to a few hundred MB of XML at most; anything far beyond
# that, or a large member that shrank more than any real sheet does, is a zip bomb.
MAX_UNCOMPRESSED_BYTES = 600 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
_RATIO_CHECK_FROM = 20 * 1024 * 1024  # small workbooks may compress very well; that is harmless

FileKind = Literal["csv", "xlsx"]
Cell = str | int | float | None


class UploadError(Exception):
    """The whole file is refused; `code` is stable for pages/tests, `message` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class UploadLimits:
    """Bounds that keep one upload from exhausting the server's memory or time."""

    max_bytes: int = MAX_BYTES
    max_rows: int = MAX_ROWS
    max_columns: int = MAX_COLUMNS
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES


DEFAULT_LIMITS = UploadLimits()


@dataclass(frozen=True)
class RawTable:
    """The uploaded grid before any interpretation.

    `lines` gives, for each data row, the row number the user sees in their file: the header is
    line 1 when it is the first row, blank rows count, as they do in a spreadsheet.
    """

    header: tuple[str, ...]
    header_line: int
    rows: list[list[object]] = field(repr=False)
    lines: list[int] = field(repr=False)
    kind: FileKind
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    notes: tuple[str, ...] = ()


_SIGNATURES: list[tuple[bytes, str, str]] = [
    (
        b"\x89PNG\r\n\x1a\n",
        "image",
        N_("This is a PNG image, not a table. Upload a CSV or Excel (.xlsx) file with your data."),
    ),
    (
        b"\xff\xd8\xff",
        "image",
        N_("This is a JPEG image, not a table. Upload a CSV or Excel (.xlsx) file with your data."),
    ),
    (
        b"GIF8",
        "image",
        N_("This is a GIF image, not a table. Upload a CSV or Excel (.xlsx) file with your data."),
    ),
    (
        b"%PDF-",
        "pdf",
        N_(
            "This is a PDF document, not a table. The Atlas cannot read tables inside a PDF: copy "
            "the table into a spreadsheet, save it as CSV or .xlsx and upload that."
        ),
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "xls",
        N_(
            "This is an old-format Excel (.xls) or password-protected Office file, which the Atlas "
            "does not open. In Excel, remove any password and use File > Save As > Excel Workbook "
            "(.xlsx) or CSV UTF-8, then upload again."
        ),
    ),
    (
        b"\x1f\x8b",
        "archive",
        N_(
            "This is a compressed (gzip) file, not a table. Decompress it and upload the CSV or "
            ".xlsx file inside."
        ),
    ),
    (
        b"7z\xbc\xaf\x27\x1c",
        "archive",
        N_(
            "This is a 7-Zip archive, not a table. Extract it and upload the CSV or .xlsx file "
            "inside."
        ),
    ),
    (
        b"Rar!",
        "archive",
        N_(
            "This is a RAR archive, not a table. Extract it and upload the CSV or .xlsx file "
            "inside."
        ),
    ),
    (
        b"{\\rtf",
        "office_document",
        N_(
            "This is a rich-text (RTF) document, not a table. Save your table as CSV or .xlsx and "
            "upload that."
        ),
    ),
]
_BINARY_MESSAGE = N_(
    "This file is not a table: it contains binary data, not text, and it is not an Excel "
    "workbook. Upload a CSV (comma, semicolon or tab separated) or an Excel (.xlsx) file."
)


def _size_mb(n_bytes: int) -> str:
    """ "21.0 MB" in the run's language (one decimal always: it is set beside a byte count)."""
    mb = format_decimal(n_bytes / (1024 * 1024), format="#,##0.0", locale=current_language())
    # Translators: a file size in megabytes (MB: Mo in French)
    return _("{mb} MB").format(mb=mb)


_NAME_SHOWN = 80  # characters of a file name quoted in a message


def file_subject(filename: str | None) -> str:
    """How a message names the file: “its name” (cleaned, shortened), or "The file" without one.

    Naming the file matters when a user tries several exports in a row: the message must say
    which one was refused. The name is user text: pages still show it escaped.
    """
    name = clean_cell_text(filename or "").strip()
    if not name:
        # Translators: the subject of a sentence about an uploaded file that has no name
        return _("The file")
    if len(name) > _NAME_SHOWN:
        name = name[: _NAME_SHOWN - 1] + "…"
    # Translators: a file's name as the subject of a sentence, in the language's quotation marks
    return _("“{name}”").format(name=name)


def too_large_message(n_bytes: int, filename: str | None = None, limit: int = MAX_BYTES) -> str:
    """The refusal of a file over the size limit: which file, its size, the limit, what to do.

    One wording for both places that refuse: read_upload, and the page, which checks the size
    the browser reports before reading the bytes at all.
    """
    # Bytes as well as MB: the upload box shows sizes in the user's operating system's units
    # (1,000- or 1,024-based), so "21.0 MB" alone could contradict the "22.0MB" shown beside it.
    return _(
        "{file} is {size} ({bytes} bytes); the limit is {limit} ({limit_bytes} bytes). Split it "
        "into smaller files (for example one per indicator) or remove columns you do not need, "
        "then upload again."
    ).format(
        file=file_subject(filename),
        size=_size_mb(n_bytes),
        bytes=format_count(n_bytes),
        limit=_size_mb(limit),
        limit_bytes=format_count(limit),
    )


def read_upload(
    data: bytes, filename: str | None = None, *, limits: UploadLimits = DEFAULT_LIMITS
) -> RawTable:
    """Read CSV or xlsx bytes into a RawTable, or raise UploadError saying why and what to do.

    `filename` is only used to word messages (e.g. a ".xls" name); the content decides the type.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("read_upload takes the uploaded bytes, never a path")
    data = bytes(data)
    if len(data) > limits.max_bytes:
        raise UploadError("too_large", too_large_message(len(data), filename, limits.max_bytes))
    if not data.strip(b" \t\r\n\x00") or data in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE):
        raise UploadError(
            "empty",
            _("The file is empty. Download the template, fill in your rows and upload it again."),
        )
    for magic, code, message in _SIGNATURES:
        if data.startswith(magic):
            raise UploadError(code, _(message))
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _read_xlsx(data, limits, filename)
    return _read_csv(data, filename or "", limits)


# --------------------------------------------------------------------------------------- xlsx


def _classify_zip(data: bytes, limits: UploadLimits) -> None:
    """Refuse zips that are not xlsx, or that inflate to far more than their size allows."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UploadError(
            "unreadable_xlsx",
            _(
                "The file looks like an Excel workbook or ZIP archive but is damaged. Open it in "
                "Excel and save it again as .xlsx (or as CSV UTF-8), then upload again."
            ),
        ) from exc
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if "xl/workbook.xml" not in names:
            if "content.xml" in names and "mimetype" in names:
                raise UploadError(
                    "ods",
                    _(
                        "This is an OpenDocument spreadsheet (.ods). Save it as Excel (.xlsx) or "
                        "CSV and upload again."
                    ),
                )
            if "word/document.xml" in names or "ppt/presentation.xml" in names:
                raise UploadError(
                    "office_document",
                    _(
                        "This is a Word or PowerPoint file, not a table. Put your data in a "
                        "spreadsheet and save it as CSV or .xlsx."
                    ),
                )
            raise UploadError(
                "zip_not_xlsx",
                _(
                    "This is a ZIP archive, not an Excel workbook. Unzip it and upload the CSV "
                    "or .xlsx file inside."
                ),
            )
        inflated = sum(info.file_size for info in infos)
        too_dense = inflated > _RATIO_CHECK_FROM and inflated > MAX_COMPRESSION_RATIO * len(data)
        if inflated > limits.max_uncompressed_bytes or too_dense:
            raise UploadError(
                "too_large",
                _(
                    "The workbook expands to {size} when opened, more than the Atlas accepts "
                    "({limit}). Save the sheet you need as CSV and upload that."
                ).format(size=_size_mb(inflated), limit=_size_mb(limits.max_uncompressed_bytes)),
            )
        if any(info.flag_bits & 0x1 for info in infos):
            raise UploadError(
                "unreadable_xlsx",
                _(
                    "The workbook is encrypted. Remove the password in Excel, save, and upload "
                    "again."
                ),
            )


_DAMAGED = N_(
    "The Excel file could not be opened; it may be damaged. Open it in Excel, save it "
    "again as .xlsx (or as CSV UTF-8), then upload again."
)


def _read_xlsx(data: bytes, limits: UploadLimits, filename: str | None = None) -> RawTable:
    _classify_zip(data, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:  # pragma: no cover - _classify_zip opened it already
        raise UploadError("unreadable_xlsx", _(_DAMAGED)) from exc
    with archive:
        try:
            # Formulas come back as FormulaCell (never their cached result), so they are
            # refused instead of passing for typed-in data; see atlas/upload/xlsx.py for why
            # this reader replaced openpyxl here.
            reader = XlsxSheetReader(archive)
        except (
            XlsxFormatError,
            ExpatError,
            zipfile.BadZipFile,
            KeyError,
            ValueError,
            OSError,
        ) as exc:
            raise UploadError("unreadable_xlsx", _(_DAMAGED)) from exc
        info = reader.info
        notes: list[str] = []
        if info.worksheets > 1:
            notes.append(
                _("The workbook has {n} sheets; only the first one, “{sheet}”, was read.").format(
                    n=format_count(info.worksheets), sheet=clean_cell_text(info.title)
                )
            )
        header: list[object] | None = None
        header_line = 0
        rows: list[list[object]] = []
        lines: list[int] = []
        try:
            for line, values in reader.rows():
                while values and (values[-1] is None or values[-1] == ""):
                    values.pop()
                if not values:
                    continue
                if header is None:
                    header, header_line = values, line
                    continue
                rows.append(values)
                lines.append(line)
                if len(rows) > limits.max_rows:
                    total = (info.declared_rows or 0) - header_line
                    raise UploadError(
                        "too_many_rows", _too_many_rows(total, limits.max_rows, filename)
                    )
        except UploadError:
            raise
        except Exception as exc:  # malformed XML, truncated members, bad numbers
            raise UploadError(
                "unreadable_xlsx",
                _(
                    "The Excel sheet could not be read to the end; it may be damaged. Save it "
                    "again in Excel (or as CSV UTF-8) and upload again."
                ),
            ) from exc
    if header is None:
        raise UploadError(
            "empty",
            _(
                "The first sheet of the workbook is empty. Put your table on the first sheet, "
                "starting with a header row, and upload again."
            ),
        )
    return RawTable(
        header=_header_texts(header, limits, filename),
        header_line=header_line,
        rows=rows,
        lines=lines,
        kind="xlsx",
        sheet=clean_cell_text(info.title),
        notes=tuple(notes),
    )


def _too_many_rows(found: int, limit: int, filename: str | None = None) -> str:
    if found > limit:
        text = _(
            "{file} has {n} data rows; the limit is {limit}. Split it into smaller files (for "
            "example one per indicator or per year) and upload them one at a time."
        )
    else:
        text = _(
            "{file} has more than {limit} data rows; the limit is {limit}. Split it into "
            "smaller files (for example one per indicator or per year) and upload them one at "
            "a time."
        )
    return text.format(
        file=file_subject(filename), n=format_count(found), limit=format_count(limit)
    )


def _header_texts(
    header: list[object], limits: UploadLimits, filename: str | None = None
) -> tuple[str, ...]:
    if len(header) > limits.max_columns:
        raise UploadError(
            "too_many_columns",
            _(
                "{file} has {n} columns; the limit is {limit}. Use the long form (one row per "
                "city, indicator and year) for many indicators, or split the columns over "
                "several files."
            ).format(
                file=file_subject(filename),
                n=format_count(len(header)),
                limit=format_count(limits.max_columns),
            ),
        )
    texts = []
    for cell in header:
        if isinstance(cell, FormulaCell):
            texts.append("=" + cell.formula.lstrip("="))
        elif cell is None:
            texts.append("")
        elif isinstance(cell, float) and cell.is_integer():
            texts.append(str(int(cell)))
        else:
            texts.append(clean_cell_text(str(cell)))
    return tuple(texts)


# ---------------------------------------------------------------------------------------- csv

_UTF16_LABEL = "UTF-16"
# Non-ASCII characters that are normal in data typed in Western Europe and the Americas.
_PLAUSIBLE_PUNCT = set("€–—‘’‚“”„«»°·•…§×÷±½¼¾£¥¢©®™¿¡ªº\u00a0")


def _plausible(text: str) -> bool:
    """Does a single-byte decoding look like words rather than mojibake?"""
    odd = total = 0
    for ch in text:
        if ord(ch) < 128:
            continue
        total += 1
        if not (ch.isalpha() or ch in _PLAUSIBLE_PUNCT):
            odd += 1
    return total == 0 or odd / total <= 0.1


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode uploaded text and name the encoding, in the order real-world files need.

    UTF-8 (with or without BOM) is tried strictly first because it almost never decodes by
    accident. Then Windows-1252, which is what Excel "CSV" writes on Western-European Windows;
    it is reported as Latin-1 when no byte in 0x80-0x9F occurs, since then the two encodings
    give the same text. charset-normalizer is the fallback for anything else.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "UTF-8 (with BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), _UTF16_LABEL
    sample = data[:4096]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and sample[0::2].count(0) == 0:
        return data.decode("utf-16-le", errors="replace"), _UTF16_LABEL
    if b"\x00" in data[:65536]:
        raise UploadError("binary", _(_BINARY_MESSAGE))
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        if _plausible(text):
            if any(0x80 <= b <= 0x9F for b in data):
                return text, "Windows-1252"
            return text, "Latin-1 (ISO-8859-1)"
    except UnicodeDecodeError:
        pass
    # charset-normalizer ranks by its own "chaos" score, which cannot tell cp1250 Polish from
    # cp1252 gibberish; take its first candidate that also reads as words to us.
    guesses = [m.encoding for m in charset_normalizer.from_bytes(data[:1_000_000]) if m.encoding]
    decoded: list[tuple[str, str]] = []
    for encoding in guesses:
        try:
            decoded.append((data.decode(encoding), encoding))
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(decoded[-1][0]):
            return decoded[-1]
    if decoded:
        return decoded[0]
    return data.decode("latin-1"), "Latin-1 (ISO-8859-1)"


_DELIMITERS = [",", ";", "\t", "|"]
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
_SEP_LINE = re.compile(r"sep=(.)\s*")


def detect_delimiter(text: str) -> str | None:
    """Pick the separator that splits the header into the most consistent columns.

    csv.Sniffer alone is fooled by decimal commas inside semicolon files, so each candidate is
    scored by how many of the first rows have the header's number of cells; the Sniffer's
    guess only breaks ties. Returns None when no candidate gives at least two columns.
    """
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    try:
        sniffed: str | None = csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    best: tuple[float, int, int, int] | None = None
    choice = None
    for order, delimiter in enumerate(_DELIMITERS):
        try:
            rows = [row for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row]
        except csv.Error:
            continue
        rows = rows[:200]
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        consistent = sum(1 for row in rows if len(row) == width) / len(rows)
        score = (round(consistent, 2), int(delimiter == sniffed), width, -order)
        if best is None or score > best:
            best, choice = score, delimiter
    return choice


def _read_csv(data: bytes, filename: str, limits: UploadLimits) -> RawTable:
    text, encoding = decode_text(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    head = text[:65536]
    controls = sum(1 for ch in head if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n")
    if controls > max(8, len(head) // 100) or "\ufffd" * 4 in head:
        raise UploadError("binary", _(_BINARY_MESSAGE))
    # One pass over the whole text is far cheaper than cleaning 100,000s of cells one by one;
    # none of these characters can be part of the CSV structure.
    text = remove_invisible(text)
    if not text.strip():
        raise UploadError(
            "empty",
            _("The file is empty. Download the template, fill in your rows and upload it again."),
        )
    lowered = text.lstrip()[:200].lower()
    if lowered.startswith(("<!doctype html", "<html", "<?xml", "<table", "<svg")):
        if filename.lower().endswith((".xls", ".xlsx")):
            # Many web applications "export to Excel" by saving an HTML table as .xls.
            raise UploadError(
                "markup",
                _(
                    "This file is named like an Excel file but is really a web page (HTML or "
                    "XML). Open it in Excel, use Save As > Excel Workbook (.xlsx) or CSV, and "
                    "upload that file."
                ),
            )
        raise UploadError(
            "markup",
            _(
                "This file is a web page or XML document, not a table. In your spreadsheet "
                "program use Save As > CSV or Excel (.xlsx), then upload that file."
            ),
        )
    notes: list[str] = []
    first_line, _newline, rest = text.partition("\n")
    offset = 0
    sep_line = _SEP_LINE.fullmatch(first_line.strip())
    if sep_line and sep_line.group(1) in _DELIMITERS:
        delimiter: str | None = sep_line.group(1)
        text, offset = rest, 1
    else:
        delimiter = detect_delimiter(text)
    if delimiter is None:
        raise UploadError(
            "single_column",
            _(
                "Only one column was found. Columns must be separated by commas, semicolons or "
                "tabs, with a header row such as city, indicator, year, value, source. Download "
                "the template to see the layout."
            ),
        )
    header: list[str] | None = None
    header_line = 0
    rows: list[list[object]] = []
    lines: list[int] = []
    record = offset
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for raw in reader:
            record += 1
            if not raw or not (raw[0].strip() or "".join(raw).strip()):
                continue
            if header is None:
                header, header_line = raw, record
                continue
            rows.append(raw)  # type: ignore[arg-type]
            lines.append(record)
    except csv.Error as exc:
        raise UploadError(
            "not_tabular",
            _(
                'Line {line} could not be read as CSV: a quote mark (") probably opens a cell '
                "that never closes, or a cell is extremely long. Check the quotes around that "
                "line, or save the file again from your spreadsheet program."
            ).format(line=record + 1),
        ) from exc
    if header is None:
        raise UploadError(
            "empty",
            _("The file is empty. Download the template, fill in your rows and upload it again."),
        )
    if len(rows) > limits.max_rows:
        raise UploadError("too_many_rows", _too_many_rows(len(rows), limits.max_rows, filename))
    return RawTable(
        header=_header_texts(list(header), limits, filename),
        header_line=header_line,
        rows=rows,
        lines=lines,
        kind="csv",
        encoding=encoding,
        delimiter=delimiter,
        notes=tuple(notes),
    )
