"""The report's messages: what a person reads about their file, generated from the issues.

Sentences only, from counts and codes the validation collected; nothing here judges a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from atlas.i18n import N_, _, ngettext
from atlas.numbers import format_count
from atlas.upload.read import (
    DELIMITER_NAMES,
)
from atlas.upload.report import YEAR_MAX, YEAR_MIN, RowIssue, ValidationReport
from atlas.upload.text import snippet

if TYPE_CHECKING:
    from atlas.upload.validate import _Validation

# The separators' names as the report says them (read.py keeps its English names for logs).
_DELIMITERS = {
    # Translators: "a CSV file (UTF-8, comma-separated)"
    "comma": N_("comma-separated"),
    "semicolon": N_("semicolon-separated"),
    "tab": N_("tab-separated"),
    "vertical bar": N_("vertical bar-separated"),
}


def lines_text(lines: list[int] | tuple[int, ...], limit: int = 3) -> str:
    """ "line 4", "lines 4, 9, 12" or "lines 4, 9, 12 and 30 more", in the run's language."""
    lines = list(lines)
    shown = ", ".join(str(n) for n in lines[:limit])
    if len(lines) > limit:
        rest = len(lines) - limit
        return ngettext("lines {shown} and {n} more", "lines {shown} and {n} more", rest).format(
            shown=shown, n=format_count(rest)
        )
    return ngettext("line {shown}", "lines {shown}", len(lines)).format(shown=shown)


def _where(issues: list[RowIssue], limit: int = 3) -> str:
    parts = [
        _("line {line} ({column})").format(line=i.line, column=snippet(i.column, 30))
        for i in issues[:limit]
    ]
    listed = ", ".join(parts)
    if len(issues) > limit:
        rest = len(issues) - limit
        return ngettext("{listed} and {n} more", "{listed} and {n} more", rest).format(
            listed=listed, n=format_count(rest)
        )
    return listed


# Row problems that share one shape: "{n} rows have no year: lines 3, 4. Fill in the year."
# (code, its ngettext call): a whole sentence per form, so every language words it itself.
_ROW_PROBLEMS: tuple[tuple[str, Callable[[int], str]], ...] = (
    (
        "city_missing",
        lambda n: ngettext(
            "{n} row has no city: {lines}.",
            "{n} rows have no city: {lines}.",
            n,
        ),
    ),
    (
        "indicator_missing",
        lambda n: ngettext(
            "{n} row has no indicator: {lines}.",
            "{n} rows have no indicator: {lines}.",
            n,
        ),
    ),
    (
        "year_missing",
        lambda n: ngettext(
            "{n} row has no year: {lines}. Fill in the year, or choose one for the file.",
            "{n} rows have no year: {lines}. Fill in the year, or choose one for the file.",
            n,
        ),
    ),
    (
        "year_invalid",
        lambda n: ngettext(
            "{n} row has a year that is not a whole number: {lines}. Type years as 2023.",
            "{n} rows have a year that is not a whole number: {lines}. Type years as 2023.",
            n,
        ),
    ),
    (
        "year_out_of_range",
        lambda n: ngettext(
            "{n} row has a year outside {first}–{last}: {lines}. Check for typos.",
            "{n} rows have a year outside {first}–{last}: {lines}. Check for typos.",
            n,
        ),
    ),
    (
        "source_missing",
        lambda n: ngettext(
            "{n} row has no source: {lines}. Say where each figure comes from.",
            "{n} rows have no source: {lines}. Say where each figure comes from.",
            n,
        ),
    ),
    (
        "value_missing",
        lambda n: ngettext(
            "{n} row has no value: {lines}.",
            "{n} rows have no value: {lines}.",
            n,
        ),
    ),
    (
        "non_numeric",
        lambda n: ngettext(
            "{n} row has a value that is not a number: {lines}. Type digits only, for example "
            "1234.5 or 1.234,5, and put units in the unit column.",
            "{n} rows have a value that is not a number: {lines}. Type digits only, for "
            "example 1234.5 or 1.234,5, and put units in the unit column.",
            n,
        ),
    ),
    (
        "negative_count",
        lambda n: ngettext(
            "{n} row has a negative count: {lines}. A count cannot be below zero.",
            "{n} rows have a negative count: {lines}. A count cannot be below zero.",
            n,
        ),
    ),
    (
        "rank_below_one",
        lambda n: ngettext(
            "{n} row has a rank below 1: {lines}. Ranks start at 1.",
            "{n} rows have a rank below 1: {lines}. Ranks start at 1.",
            n,
        ),
    ),
    (
        "unit_conflict",
        lambda n: ngettext(
            "{n} row has a unit that differs from the other rows of the same indicator: "
            "{lines}. Use one unit per indicator.",
            "{n} rows have a unit that differs from the other rows of the same indicator: "
            "{lines}. Use one unit per indicator.",
            n,
        ),
    ),
)


def _read_line(report: ValidationReport, run: _Validation) -> str:
    table = run.table
    rows = report.rows_read
    n = format_count(rows)
    if table.kind != "csv":
        sheet = snippet(table.sheet or "")
        if report.form == "long":
            return ngettext(
                "Read sheet “{sheet}” of an Excel workbook in the long form: {n} data row.",
                "Read sheet “{sheet}” of an Excel workbook in the long form: {n} data rows.",
                rows,
            ).format(sheet=sheet, n=n)
        return ngettext(
            "Read sheet “{sheet}” of an Excel workbook in the wide form: {n} data row.",
            "Read sheet “{sheet}” of an Excel workbook in the wide form: {n} data rows.",
            rows,
        ).format(sheet=sheet, n=n)
    delimiter = _(_DELIMITERS[DELIMITER_NAMES.get(table.delimiter or "", "comma")])
    style = ""
    if run.has_text_numbers:
        if run.decimal == ",":
            style = _("decimal comma") if run.decimal_evidenced else _("decimal comma assumed")
        else:
            style = _("decimal point") if run.decimal_evidenced else _("decimal point assumed")
    how = ", ".join(p for p in (table.encoding, delimiter, style) if p)
    if report.form == "long":
        return ngettext(
            "Read a CSV file ({how}) in the long form: {n} data row.",
            "Read a CSV file ({how}) in the long form: {n} data rows.",
            rows,
        ).format(how=how, n=n)
    return ngettext(
        "Read a CSV file ({how}) in the wide form: {n} data row.",
        "Read a CSV file ({how}) in the wide form: {n} data rows.",
        rows,
    ).format(how=how, n=n)


def _outcome(report: ValidationReport) -> str:
    long = report.form == "long"
    accepted, rejected = report.rows_accepted, report.rows_rejected
    if rejected == 0 and accepted == 0:
        return _("No values were found: every indicator cell is empty.")
    if rejected == 0 and accepted == 1:
        return _("The only row was accepted.") if long else _("The only value was accepted.")
    if rejected == 0:
        n = format_count(accepted)
        return (
            _("All {n} rows were accepted.").format(n=n)
            if long
            else _("All {n} values were accepted.").format(n=n)
        )
    if long:
        return ngettext(
            "{n} row accepted, {rejected} rejected.",
            "{n} rows accepted, {rejected} rejected.",
            accepted,
        ).format(n=format_count(accepted), rejected=format_count(rejected))
    return ngettext(
        "{n} value accepted, {rejected} rejected.",
        "{n} values accepted, {rejected} rejected.",
        accepted,
    ).format(n=format_count(accepted), rejected=format_count(rejected))


def _with_messages(report: ValidationReport, run: _Validation) -> ValidationReport:
    messages: list[str] = [_read_line(report, run)]
    messages.extend(table_note for table_note in run.table.notes)
    if run.colmap.ignored:
        names = ", ".join(snippet(n, 30) for n in run.colmap.ignored)
        messages.append(
            _("Ignored columns the Atlas does not use here: {names}.").format(names=names)
        )
    if report.form == "wide" and run.skipped_empty:
        messages.append(
            ngettext(
                "{n} empty cell skipped.", "{n} empty cells skipped.", run.skipped_empty
            ).format(n=format_count(run.skipped_empty))
        )
    messages.append(_outcome(report))

    by_code: dict[str, list[RowIssue]] = {}
    for issue in report.rejected:
        by_code.setdefault(issue.code, []).append(issue)

    def sentence(code: str, text: Callable[[int], str], **fields: str) -> str:
        """`text(n)` is the ngettext call (literal, for extraction) of the code's sentence."""
        n = len(by_code[code])
        return text(n).format(n=format_count(n), **fields)

    if "excel_formula" in by_code:
        messages.append(
            sentence(
                "excel_formula",
                lambda n: ngettext(
                    "{n} cell contains an Excel formula: {where}. The Atlas reads typed values "
                    "only: in Excel, copy those cells and use Paste Special > Values, then upload "
                    "again.",
                    "{n} cells contain an Excel formula: {where}. The Atlas reads typed values "
                    "only: in Excel, copy those cells and use Paste Special > Values, then upload "
                    "again.",
                    n,
                ),
                where=_where(by_code["excel_formula"]),
            )
        )
    if "formula" in by_code:
        messages.append(
            sentence(
                "formula",
                lambda n: ngettext(
                    "{n} cell starts like a spreadsheet formula (=, +, -, @) and was refused: "
                    "{where}. Type the plain value without the leading sign. Nothing in the file "
                    "was run.",
                    "{n} cells start like a spreadsheet formula (=, +, -, @) and were refused: "
                    "{where}. Type the plain value without the leading sign. Nothing in the file "
                    "was run.",
                    n,
                ),
                where=_where(by_code["formula"]),
            )
        )
    if "html" in by_code:
        messages.append(
            sentence(
                "html",
                lambda n: ngettext(
                    "{n} cell contains HTML or script code and was refused: {where}. Remove the "
                    "tags (the text between < and >) and upload again.",
                    "{n} cells contain HTML or script code and were refused: {where}. Remove the "
                    "tags (the text between < and >) and upload again.",
                    n,
                ),
                where=_where(by_code["html"]),
            )
        )
    if "too_long" in by_code:
        messages.append(
            sentence(
                "too_long",
                lambda n: ngettext(
                    "{n} cell is too long: {where}. Shorten it; a stray quote mark can also "
                    "swallow the rest of a line.",
                    "{n} cells are too long: {where}. Shorten them; a stray quote mark can also "
                    "swallow the rest of a line.",
                    n,
                ),
                where=_where(by_code["too_long"]),
            )
        )
    if "too_many_cells" in by_code:
        messages.append(
            sentence(
                "too_many_cells",
                lambda n: ngettext(
                    "{n} row has more cells than the header: {lines}. This usually means a decimal "
                    "comma in a comma-separated file: put such numbers in quotes, or save the file "
                    "with semicolons.",
                    "{n} rows have more cells than the header: {lines}. This usually means a "
                    "decimal comma in a comma-separated file: put such numbers in quotes, or save "
                    "the file with semicolons.",
                    n,
                ),
                lines=lines_text([i.line for i in by_code["too_many_cells"]]),
            )
        )
    if report.unmatched_cities:
        messages.extend(_unmatched(report))
    for code, text in _ROW_PROBLEMS:
        if code in by_code:
            messages.append(
                sentence(
                    code,
                    text,
                    lines=lines_text([i.line for i in by_code[code]]),
                    first=str(YEAR_MIN),
                    last=str(YEAR_MAX),
                )
            )
    if report.duplicates:
        pairs = [
            _("line {line} repeats line {first}").format(line=d.lines[1], first=d.lines[0])
            for d in report.duplicates[:3]
        ]
        listed = ", ".join(pairs)
        more = len(report.duplicates) - 3
        if more > 0:
            listed = ngettext("{listed} and {n} more", "{listed} and {n} more", more).format(
                listed=listed, n=format_count(more)
            )
        n_dup = len(by_code.get("duplicate", []))
        messages.append(
            ngettext(
                "{n} row repeats a city, indicator and year given earlier and was left out "
                "({listed}). Keep one row per city, indicator and year.",
                "{n} rows repeat a city, indicator and year given earlier and were left out "
                "({listed}). Keep one row per city, indicator and year.",
                n_dup,
            ).format(n=format_count(n_dup), listed=listed)
        )

    if report.rows_accepted:
        suffix = _(" (your data)")
        labels = ", ".join(f"{snippet(i.name, 40)}{suffix}" for i in report.indicators)
        values = ngettext("{n} value", "{n} values", report.rows_accepted).format(
            n=format_count(report.rows_accepted)
        )
        new = len(report.indicators)
        step = ngettext(
            "Next: confirm to add {values} as {n} new indicator: {labels}. They stay in this "
            "session only and are not saved.",
            "Next: confirm to add {values} as {n} new indicators: {labels}. They stay in this "
            "session only and are not saved.",
            new,
        ).format(values=values, n=format_count(new), labels=labels)
        if report.rows_rejected:
            step += " " + _(
                "To include the rejected rows, fix them in your file and upload it again."
            )
        messages.append(step)
    else:
        messages.append(
            _(
                "Nothing can be added yet: fix the problems above and upload the file again, or "
                "start from the template."
            )
        )
    return replace(report, messages=tuple(messages))


def _unmatched(report: ValidationReport) -> list[str]:
    out: list[str] = []
    names = []
    for item in report.unmatched_cities[:5]:
        detail = lines_text(item.lines)
        if item.code != "city_unmatched":
            detail = _("{lines}: {reason}").format(lines=detail, reason=item.reason)
        elif item.suggestions:
            detail = _("{lines}; did you mean {names}?").format(
                lines=detail, names=_(" or ").join(s.label for s in item.suggestions)
            )
        names.append(_("{name} ({detail})").format(name=snippet(item.text, 30), detail=detail))
    listed = ", ".join(names)
    more = len(report.unmatched_cities) - 5
    if more > 0:
        listed = ngettext("{listed} and {n} more", "{listed} and {n} more", more).format(
            listed=listed, n=format_count(more)
        )
    n_rows = sum(len(i.lines) for i in report.unmatched_cities)
    n_cities = len(report.unmatched_cities)
    out.append(
        ngettext(
            "{n} city could not be matched to the Atlas ({rows}): {listed}. Correct the "
            "spelling or add a country column, or confirm one of the suggestions, then upload "
            "again.",
            "{n} cities could not be matched to the Atlas ({rows}): {listed}. Correct the "
            "spelling or add a country column, or confirm one of the suggestions, then upload "
            "again.",
            n_cities,
        ).format(
            n=format_count(n_cities),
            rows=ngettext("{n} row", "{n} rows", n_rows).format(n=format_count(n_rows)),
            listed=listed,
        )
    )
    proposals = [i for i in report.unmatched_cities if i.gazetteer]
    if proposals:
        offered = ", ".join(
            _("{name} as {city}").format(name=snippet(i.text, 30), city=i.gazetteer[0].label)
            for i in proposals[:5]
        )
        out.append(
            _(
                "Not yet in the Atlas but found in the GeoNames gazetteer: {offered}. Confirm "
                "to add them for this session."
            ).format(offered=offered)
        )
    return out
