"""Reading numbers typed by people in many locales: "1.234,5", "1,234.5", "1 234", "1'234".

The decimal separator is decided once per file from the cells that can only be read one way,
because a single cell such as "1,234" is ambiguous on its own (1234 in London, 1.234 in Madrid).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

import pandas as pd

from atlas.i18n import _

Decimal = Literal[".", ","]

# Characters people use to group thousands besides "," and ".": spaces of several widths
# (Excel in French locales writes a narrow no-break space) and the Swiss apostrophe.
_GROUP_CHARS = " \u00a0\u202f\u2009'’"
_SPACES_RE = re.compile("[" + _GROUP_CHARS + "]")
_MINUS_RE = re.compile("[\u2212\u2013\u2012\ufe63\uff0d]")  # unicode minus and look-alikes

_G = _GROUP_CHARS  # no character here is special inside a [...] class
_EXP = r"(?:[eE][-+]?\d+)?"
NUMBER_PATTERNS: dict[str, re.Pattern[str]] = {
    ".": re.compile(rf"[-+]?(?:(?:\d{{1,3}}(?:[,{_G}]\d{{3}})+|\d+)(?:\.\d*)?|\.\d+){_EXP}"),
    ",": re.compile(rf"[-+]?(?:(?:\d{{1,3}}(?:[.{_G}]\d{{3}})+|\d+)(?:,\d*)?|,\d+){_EXP}"),
}
# Looks like a number in either convention; used to tell "-3.5" from a formula such as "-cmd".
NUMBER_LIKE = re.compile(rf"[-+]?\s*[\d.,{_G}]*\d[\d.,{_G}]*{_EXP}\s*%?")

# Cells that settle the decimal separator for the file.
_EVIDENCE = {
    # both separators: the last one is the decimal separator
    ".": [
        re.compile(r"[-+]?\d[\d,]*,\d{3}\.\d+"),
        re.compile(rf"[-+]?[\d{_G}]*\.(?:\d{{1,2}}|\d{{4,}})"),
        re.compile(r"[-+]?\d{1,3}(?:,\d{3}){2,}"),
    ],
    ",": [
        re.compile(r"[-+]?\d[\d.]*\.\d{3},\d+"),
        re.compile(rf"[-+]?[\d{_G}]*,(?:\d{{1,2}}|\d{{4,}})"),
        re.compile(r"[-+]?\d{1,3}(?:\.\d{3}){2,}"),
    ],
}


def detect_decimal(texts: Iterable[str], delimiter: str | None = None) -> tuple[Decimal, bool]:
    """Return the decimal separator and whether the file itself showed it.

    Without evidence a semicolon-separated file is taken as European (decimal comma) because
    that is what Excel writes in locales where the comma is the decimal separator.
    """
    series = pd.Series(list(texts), dtype="str") if not isinstance(texts, pd.Series) else texts
    series = series.dropna().astype("str").str.strip()
    series = series[series != ""]
    counts: dict[str, int] = {}
    for decimal, patterns in _EVIDENCE.items():
        hits = pd.Series(False, index=series.index)
        for pattern in patterns:
            hits |= series.str.fullmatch(pattern.pattern).fillna(False).astype(bool)
        counts[decimal] = int(hits.sum())
    if counts["."] != counts[","]:
        return ("." if counts["."] > counts[","] else ","), True
    return ("," if delimiter == ";" else "."), False


def parse_numbers(texts: pd.Series, decimal: Decimal) -> tuple[pd.Series, pd.Series]:
    """Vectorised parse of text cells; returns (float values, parsed-ok mask) on the same index.

    Vectorised because a 100,000-row upload must validate in well under a few seconds.
    """
    text = texts.astype("str").str.strip().str.replace(_MINUS_RE.pattern, "-", regex=True)
    ok = text.str.fullmatch(NUMBER_PATTERNS[decimal].pattern).fillna(False).astype(bool)
    other = "," if decimal == "." else "."
    cleaned = text.where(ok, "nan").str.replace(_SPACES_RE.pattern, "", regex=True)
    cleaned = cleaned.str.replace(other, "", regex=False)
    if decimal == ",":
        cleaned = cleaned.str.replace(",", ".", regex=False)
    values = pd.to_numeric(cleaned, errors="coerce").astype("float64")
    ok &= values.notna()
    return values.where(ok), ok


def parse_number(text: str, decimal: Decimal = ".") -> float | None:
    """Single-cell form of parse_numbers, for callers that have one value (e.g. a page input)."""
    values, ok = parse_numbers(pd.Series([text], dtype="str"), decimal)
    return float(values.iloc[0]) if bool(ok.iloc[0]) else None


def why_not_a_number(text: str, decimal: Decimal) -> str:
    """Plain-language hint telling the user how to fix one cell that did not parse."""
    stripped = text.strip()
    if "%" in stripped:
        # the sign is a field so that the catalogues do not read "% s" as a %-format
        return _("has a {sign} sign; type the number only (12 for 12{sign})").format(sign="%")
    other: Decimal = "," if decimal == "." else "."
    if NUMBER_PATTERNS[other].fullmatch(stripped) and not NUMBER_PATTERNS[decimal].fullmatch(
        stripped
    ):
        if decimal == ".":
            return _("does not fit this file's number format, which uses a decimal point (1234.5)")
        return _("does not fit this file's number format, which uses a decimal comma (1234,5)")
    if any(ch.isalpha() for ch in stripped):
        return _("contains letters; type digits only and put the unit in the unit column")
    return _("is not a number")
