"""The report's messages: what a person reads about their file, generated from the issues.

Sentences only, from counts and codes the validation collected; nothing here judges a row.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from atlas.upload.checks import _lines_text, _plural
from atlas.upload.read import (
    DELIMITER_NAMES,
)
from atlas.upload.report import YEAR_MAX, YEAR_MIN, RowIssue, ValidationReport
from atlas.upload.text import snippet

if TYPE_CHECKING:
    from atlas.upload.validate import _Validation


_TEXT_FORMULA = (
    "{n} like a spreadsheet formula (=, +, -, @) and {was} refused: {where}. Type the "
    "plain value without the leading sign. Nothing in the file was run."
)


def _where(issues: list[RowIssue], limit: int = 3) -> str:
    parts = [f"line {i.line} ({snippet(i.column, 30)})" for i in issues[:limit]]
    more = f" and {len(issues) - limit:,} more" if len(issues) > limit else ""
    return ", ".join(parts) + more


def _with_messages(report: ValidationReport, run: _Validation) -> ValidationReport:
    messages: list[str] = []
    table = run.table
    unit_word = "rows" if report.form == "long" else "values"
    if table.kind == "csv":
        number_style = ""
        if run.has_text_numbers:
            style = "decimal comma" if run.decimal == "," else "decimal point"
            number_style = f", {style}" + ("" if run.decimal_evidenced else " assumed")
        delimiter = DELIMITER_NAMES.get(table.delimiter or "", "comma")
        messages.append(
            f"Read a CSV file ({table.encoding}, {delimiter}-separated{number_style}) in the "
            f"{report.form} form: {_plural(report.rows_read, 'data row')}."
        )
    else:
        messages.append(
            f"Read sheet “{snippet(table.sheet or '')}” of an Excel workbook in the "
            f"{report.form} form: {_plural(report.rows_read, 'data row')}."
        )
    messages.extend(table.notes)
    if run.colmap.ignored:
        names = ", ".join(snippet(n, 30) for n in run.colmap.ignored)
        messages.append(f"Ignored columns the Atlas does not use here: {names}.")
    if report.form == "wide" and run.skipped_empty:
        messages.append(f"{_plural(run.skipped_empty, 'empty cell')} skipped.")

    if report.rows_rejected == 0 and report.rows_accepted == 0:
        messages.append("No values were found: every indicator cell is empty.")
    elif report.rows_rejected == 0 and report.rows_accepted == 1:
        messages.append(f"The only {unit_word[:-1]} was accepted.")
    elif report.rows_rejected == 0:
        messages.append(f"All {report.rows_accepted:,} {unit_word} were accepted.")
    else:
        accepted = _plural(report.rows_accepted, unit_word[:-1], unit_word)
        messages.append(f"{accepted} accepted, {report.rows_rejected:,} rejected.")

    by_code: dict[str, list[RowIssue]] = {}
    for issue in report.rejected:
        by_code.setdefault(issue.code, []).append(issue)

    def count(code: str, one: str, many: str) -> str:
        return _plural(len(by_code[code]), one, many)

    if "excel_formula" in by_code:
        messages.append(
            f"{count('excel_formula', 'cell contains', 'cells contain')} an Excel formula: "
            f"{_where(by_code['excel_formula'])}. The Atlas reads typed values only: in Excel, "
            "copy those cells and use Paste Special > Values, then upload again."
        )
    if "formula" in by_code:
        messages.append(
            _TEXT_FORMULA.format(
                n=count("formula", "cell starts", "cells start"),
                was="was" if len(by_code["formula"]) == 1 else "were",
                where=_where(by_code["formula"]),
            )
        )
    if "html" in by_code:
        messages.append(
            f"{count('html', 'cell contains', 'cells contain')} HTML or script code and "
            f"{'was' if len(by_code['html']) == 1 else 'were'} refused: {_where(by_code['html'])}. "
            "Remove the tags (the text between < and >) and upload again."
        )
    if "too_long" in by_code:
        messages.append(
            f"{count('too_long', 'cell is', 'cells are')} too long: {_where(by_code['too_long'])}. "
            "Shorten them; a stray quote mark can also swallow the rest of a line."
        )
    if "too_many_cells" in by_code:
        lines = [i.line for i in by_code["too_many_cells"]]
        messages.append(
            f"{count('too_many_cells', 'row has', 'rows have')} more cells than the header: "
            f"{_lines_text(lines)}. This usually means a decimal comma in a comma-separated "
            "file: put such numbers in quotes, or save the file with semicolons."
        )
    if report.unmatched_cities:
        names = []
        for item in report.unmatched_cities[:5]:
            detail = _lines_text(item.lines)
            if item.code != "city_unmatched":
                detail += f": {item.reason}"
            elif item.suggestions:
                detail += f"; did you mean {' or '.join(s.label for s in item.suggestions)}?"
            names.append(f"{snippet(item.text, 30)} ({detail})")
        more = len(report.unmatched_cities) - 5
        listed = ", ".join(names) + (f" and {more:,} more" if more > 0 else "")
        n_rows = sum(len(i.lines) for i in report.unmatched_cities)
        messages.append(
            f"{_plural(len(report.unmatched_cities), 'city', 'cities')} could not be matched to "
            f"the Atlas ({_plural(n_rows, 'row')}): {listed}. Correct the spelling or add a "
            "country column, or confirm one of the suggestions, then upload again."
        )
        proposals = [i for i in report.unmatched_cities if i.gazetteer]
        if proposals:
            offered = ", ".join(
                f"{snippet(i.text, 30)} as {i.gazetteer[0].label}" for i in proposals[:5]
            )
            messages.append(
                f"Not yet in the Atlas but found in the GeoNames gazetteer: {offered}. Confirm "
                "to add them for this session."
            )
    if "city_missing" in by_code:
        lines = [i.line for i in by_code["city_missing"]]
        messages.append(
            f"{count('city_missing', 'row has', 'rows have')} no city: {_lines_text(lines)}."
        )
    if "indicator_missing" in by_code:
        lines = [i.line for i in by_code["indicator_missing"]]
        messages.append(
            f"{count('indicator_missing', 'row has', 'rows have')} no indicator: "
            f"{_lines_text(lines)}."
        )
    for code, text in (
        ("year_missing", "{n} no year: {lines}. Fill in the year, or choose one for the file."),
        ("year_invalid", "{n} a year that is not a whole number: {lines}. Type years as 2023."),
        (
            "year_out_of_range",
            "{n} a year outside " + f"{YEAR_MIN}–{YEAR_MAX}" + ": {lines}. Check for typos.",
        ),
        ("source_missing", "{n} no source: {lines}. Say where each figure comes from."),
        ("value_missing", "{n} no value: {lines}."),
        (
            "non_numeric",
            "{n} a value that is not a number: {lines}. Type digits only, for example 1234.5 "
            "or 1.234,5, and put units in the unit column.",
        ),
        ("negative_count", "{n} a negative count: {lines}. A count cannot be below zero."),
        ("rank_below_one", "{n} a rank below 1: {lines}. Ranks start at 1."),
        (
            "unit_conflict",
            "{n} a unit that differs from the other rows of the same indicator: {lines}. Use "
            "one unit per indicator.",
        ),
    ):
        if code in by_code:
            found = by_code[code]
            n = count(code, "row has", "rows have")
            messages.append(text.format(n=n, lines=_lines_text([i.line for i in found])))
    if report.duplicates:
        pairs = [f"line {d.lines[1]} repeats line {d.lines[0]}" for d in report.duplicates[:3]]
        more = len(report.duplicates) - 3
        listed = ", ".join(pairs) + (f" and {more:,} more" if more > 0 else "")
        n_dup = len(by_code.get("duplicate", []))
        messages.append(
            f"{_plural(n_dup, 'row repeats', 'rows repeat')} a city, indicator and year given "
            f"earlier and {'was' if n_dup == 1 else 'were'} left out ({listed}). Keep one row "
            "per city, indicator and year."
        )

    if report.rows_accepted:
        labels = ", ".join(f"{snippet(i.name, 40)} (your data)" for i in report.indicators)
        step = (
            f"Next: confirm to add {_plural(report.rows_accepted, 'value')} as "
            f"{_plural(len(report.indicators), 'new indicator')}: {labels}. They stay in this "
            "session only and are not saved."
        )
        if report.rows_rejected:
            step += " To include the rejected rows, fix them in your file and upload it again."
        messages.append(step)
    else:
        messages.append(
            "Nothing can be added yet: fix the problems above and upload the file again, or "
            "start from the template."
        )
    return replace(report, messages=tuple(messages))
