"""Downloads of "the data behind a view" as CSV, Excel and JSON.

Every chart and table in the Atlas offers its data for download. Those files leave our control:
they are opened in Excel, LibreOffice or Google Sheets, pasted into reports and re-imported into
scripts. This module exists so that every page produces them the same way and so that three
promises hold everywhere:

* Text that came from a source (a hub name, a note, a title) can never run as a spreadsheet
  formula on the reader's machine (CSV/formula injection, OWASP).
* Figures stay figures: numeric columns are written as numbers, and a missing figure is written
  as an empty cell / JSON ``null``, never as 0.
* Names keep their accents (``São Paulo``, ``Zürich``) in every format, including CSV opened by
  double-click in Excel.

Formula neutralisation differs by format on purpose:

* CSV has no cell types, so a spreadsheet decides from the text alone whether a cell is a formula.
  Dangerous text cells therefore get a leading ``'`` (:func:`neutralise_formulas`), which is the
  OWASP recommendation. The quote is visible in the file; that is the accepted price.
* Excel cells are typed. Text is stored as a string cell *and* flagged ``quotePrefix``, which is
  exactly what Excel itself stores when a person types ``'=1+1``: the cell shows ``=1+1`` as text,
  and stays text if edited. The value therefore needs no visible quote and is not altered.
* JSON is read by programs, not by spreadsheets, so values are written unaltered.

The CSV holds only the data table, so that it reads back into a frame equal to the view's data
(``pd.read_csv(..., encoding="utf-8-sig")``). A CSV cannot carry a second sheet, and a footer
would break every CSV reader; the sources are offered as a separate file by
:func:`sources_csv_bytes` (Excel and JSON carry them inside the one file).

No Streamlit here: pages call these functions and hand the bytes to ``st.download_button``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Hashable, Mapping
from io import BytesIO
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from atlas.citation import SOURCE_COLUMNS
from atlas.i18n import _
from atlas.text import slugify

__all__ = [
    "FORMULA_TRIGGERS",
    "download_filename",
    "is_formula_like",
    "locale_note",
    "neutralise_formulas",
    "sources_csv_bytes",
    "to_csv_bytes",
    "to_excel_bytes",
    "to_json_bytes",
]

#: First characters that make Excel, LibreOffice or Google Sheets evaluate a text cell
#: (OWASP "CSV Injection": =, +, -, @, tab, carriage return).
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


# A complete plain decimal number such as "-3.5", "+2" or "-1e-3". A spreadsheet reads such a
# cell as that number, never as a formula, so prefixing it would only corrupt the value.
_PLAIN_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")

_EXCEL_MAX_CELL_CHARS = 32_767  # longer text makes Excel "repair" (truncate) the workbook
_EXCEL_SHEET_NAME_BAD_RE = re.compile(r"[\[\]:*?/\\]")
_SOURCES_SHEET = "sources"
_MIN_WIDTH, _MAX_WIDTH = 8, 60


# --------------------------------------------------------------------------------------------
# Formula neutralisation
# --------------------------------------------------------------------------------------------


def is_formula_like(value: object) -> bool:
    """Tell whether a spreadsheet would evaluate this cell if it arrived as untyped text.

    Only ``str`` values can be dangerous: numbers, booleans and missing values are written by the
    exporters as typed values. A text cell that is a complete plain number (``"-3.5"``) starts with
    a trigger character but cannot run anything, so it is not flagged; anything longer, such as
    ``"-2+3"`` or ``"-1e3+A1"``, is.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_TRIGGERS):
        return False
    return _PLAIN_NUMBER_RE.fullmatch(value) is None


def _neutralise_text(value: object) -> object:
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy whose formula-like text cells (and headers) start with ``'``.

    Used for CSV, which has no cell types: the leading quote is how a spreadsheet is told "this is
    text". Numeric, boolean and date columns are returned unchanged so figures stay figures; only
    ``str`` cells of text, object and categorical columns are touched, and plain numbers held as
    text (``"-3.5"``) are left alone (see :func:`is_formula_like`). The input is never mutated.
    """
    out = df.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        dtype = column.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            if any(is_formula_like(c) for c in dtype.categories):
                column = column.astype(object).map(_neutralise_text)
                out.isetitem(position, column.astype("category"))
            continue
        if not (pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)):
            continue
        if not column.map(is_formula_like).any():
            continue
        # ``map`` re-infers the dtype (object would become ``str``); keep the caller's.
        out.isetitem(position, column.map(_neutralise_text).astype(dtype))
    out.columns = pd.Index([_neutralise_text(c) for c in out.columns], name=out.columns.name)
    return out


# --------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """Encode the view's data as a CSV that Excel opens with accents intact.

    UTF-8 *with* BOM because Excel on Windows otherwise guesses a legacy code page and shows
    ``SÃ£o Paulo``; pandas and other readers accept the BOM with ``encoding="utf-8-sig"``.
    Only the data table is written (no index, no footer) so the file reads back equal to the
    view's data; cite the sources with :func:`sources_csv_bytes`. Missing values are empty cells.

    Readers should not rely on pandas' default NA strings when reading it back: a country code
    ``NA`` (Namibia) would become missing. ``keep_default_na=False, na_values=[""]`` is exact.
    """
    return _csv(neutralise_formulas(df))


def sources_csv_bytes(sources: pd.DataFrame | None) -> bytes:
    """Encode the sources cited by a view as their own CSV, the companion of :func:`to_csv_bytes`.

    A CSV cannot carry a second sheet, so the citation travels as a second file (pages offer both
    downloads, or a zip). Columns are :data:`atlas.citation.SOURCE_COLUMNS`, as far as present.
    """
    return _csv(neutralise_formulas(_source_table(sources)))


def _csv(df: pd.DataFrame) -> bytes:
    # CRLF as RFC 4180 asks, and fixed so the bytes do not depend on the server's OS.
    text = df.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


# --------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------


def _source_table(sources: pd.DataFrame | None) -> pd.DataFrame:
    if sources is None:
        return pd.DataFrame(columns=list(SOURCE_COLUMNS))
    present = [c for c in SOURCE_COLUMNS if c in sources.columns]
    return sources.loc[:, present].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------------


def to_excel_bytes(
    df: pd.DataFrame, sources: pd.DataFrame | None, sheet_name: str = "data"
) -> bytes:
    """Build an .xlsx with the view's data and a ``sources`` sheet crediting its publishers.

    Excel is where most readers will re-use the figures, so the citation travels inside the same
    file. Text is always stored as a typed string cell (openpyxl would otherwise turn any
    ``"=..."`` string into a live formula) and formula-like text is also flagged ``quotePrefix``,
    Excel's own marker for "typed with a leading apostrophe", so it stays text even when edited.
    Characters that XML 1.0 cannot hold are dropped rather than failing the whole download.
    """
    name = _safe_sheet_name(sheet_name)
    workbook = Workbook()
    data_sheet = workbook.active
    assert data_sheet is not None  # a new Workbook always has one sheet
    data_sheet.title = name
    _write_table(data_sheet, df)
    sources_sheet = workbook.create_sheet(_SOURCES_SHEET)
    table = _source_table(sources)
    _write_table(sources_sheet, table, link_column="url")
    # A blank row, then the note, below the table (a reader of the table stops at the gap).
    _set_value(sources_sheet.cell(row=len(table) + 3, column=1), locale_note())
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def locale_note() -> str:
    """The sources sheet's note, in the run's language: the file itself is the same in every
    language, so a reader in Lyon or Barcelona knows why it reads 1234.5 and 2024-03-01."""
    return _(
        "Numbers and dates in this file are locale-neutral, whatever the language of the Atlas: "
        "numbers are plain numbers with a decimal point and no thousands separator, dates are "
        "written YYYY-MM-DD. A missing figure is an empty cell, never 0. Each row of the data "
        "sheet names its source by source_id, listed above."
    )


def _safe_sheet_name(sheet_name: str) -> str:
    name = _EXCEL_SHEET_NAME_BAD_RE.sub(" ", str(sheet_name)).strip().strip("'")[:31].strip()
    if not name:
        name = "data"
    if name.casefold() == _SOURCES_SHEET:
        raise ValueError(f"sheet_name {sheet_name!r} clashes with the {_SOURCES_SHEET!r} sheet")
    return name


def _write_table(ws: Worksheet, df: pd.DataFrame, link_column: str | None = None) -> None:
    bold = Font(bold=True)
    widths: list[int] = []
    for col_idx, header in enumerate(df.columns, start=1):
        cell = ws.cell(row=1, column=col_idx)
        _set_value(cell, str(header))
        cell.font = bold
        widths.append(len(str(header)))
    link_idx = list(df.columns).index(link_column) + 1 if link_column in df.columns else None

    for row_idx, row in enumerate(df.itertuples(index=False, name=None), start=2):
        for col_idx, raw in enumerate(row, start=1):
            cell = ws.cell(row=row_idx, column=col_idx)
            value = _set_value(cell, _excel_value(raw))
            if value is not None:
                longest_line = max(len(line) for line in str(value).splitlines() or [""])
                widths[col_idx - 1] = max(widths[col_idx - 1], longest_line)
            if (
                col_idx == link_idx
                and isinstance(value, str)
                and value.lower().startswith(("https://", "http://"))
            ):
                # Only web links become clickable; ``javascript:`` or ``file:`` never do.
                cell.hyperlink = value
                cell.style = "Hyperlink"

    for col_idx, width in enumerate(widths, start=1):
        letter = get_column_letter(col_idx)
        ws.column_dimensions[letter].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)
    ws.freeze_panes = "A2"
    if df.shape[1]:
        ws.auto_filter.ref = f"A1:{get_column_letter(df.shape[1])}{df.shape[0] + 1}"


def _set_value(cell: Any, value: Any) -> Any:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:_EXCEL_MAX_CELL_CHARS]
        cell.value = value
        cell.data_type = "s"  # never "f", whatever the text starts with
        if is_formula_like(value):
            cell.quotePrefix = True
    else:
        cell.value = value
    return value


def _excel_value(value: Any) -> Any:
    """Convert a pandas/numpy cell into something openpyxl writes as a typed value."""
    value = _plain(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # Excel has no time zones; write the instant in UTC.
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    if value is None or isinstance(value, bool | int | float | str | dt.date | dt.time):
        return value
    return str(value)


# --------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------


def to_json_bytes(df: pd.DataFrame, sources: pd.DataFrame | None, meta: Mapping[str, Any]) -> bytes:
    """Encode ``{"meta", "data", "sources"}`` for readers who script against the Atlas.

    ``meta`` is the caller's description of the view (title, indicator, unit, year, atlas url,
    ...); ``generated`` (UTC, ISO 8601) is added unless given, so a file says when it was made.
    Every missing or non-finite figure becomes ``null`` (never 0, never the invalid ``NaN``
    token); dates become ISO strings; text is written as UTF-8, not ``\\u`` escapes.
    """
    meta_out = {str(k): _json_value(v) for k, v in meta.items()}
    meta_out.setdefault("generated", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    document = {
        "meta": meta_out,
        "data": _records(df),
        "sources": _records(_source_table(sources)),
    }
    return json.dumps(document, ensure_ascii=False, allow_nan=False, indent=2).encode("utf-8")


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    columns = [str(c) for c in df.columns]
    return [
        {c: _json_value(v) for c, v in zip(columns, row, strict=True)}
        for row in df.itertuples(index=False, name=None)
    ]


def _json_value(value: Any) -> Any:
    value = _plain(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_value(v) for v in value]
    return str(value)


def _plain(value: Any) -> Any:
    """Map pandas/numpy scalars to Python ones, and every kind of "missing" to ``None``."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime()
    if isinstance(value, pd.Timedelta):
        return None if pd.isna(value) else str(value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, Hashable) and not isinstance(value, str | bool | tuple | frozenset):
        try:
            if pd.isna(value):
                return None
        except (TypeError, ValueError):
            pass
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# --------------------------------------------------------------------------------------------
# File names
# --------------------------------------------------------------------------------------------


def download_filename(stem: str, ext: str, today: dt.date | None = None) -> str:
    """Build ``<ascii-slug>-<YYYY-MM-DD>.<ext>`` for a download.

    Browsers and operating systems disagree about non-ASCII, spaces and punctuation in file
    names, so names are folded to lower-case ASCII (``Zürich`` -> ``zurich``); the date tells
    apart downloads made as the data are updated. ``today`` exists for tests.
    """
    slug = slugify(str(stem))[:80].strip("-") or "atlas-data"
    extension = re.sub(r"[^a-z0-9]", "", str(ext).lower().lstrip("."))
    if not extension:
        raise ValueError(f"not a usable file extension: {ext!r}")
    day = (today or dt.date.today()).isoformat()
    return f"{slug}-{day}.{extension}"
