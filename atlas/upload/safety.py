"""Refusing cells that could act as code once the data leaves the Atlas.

Uploaded cells end up in tables on screen and in CSV/Excel downloads. A cell starting with "="
becomes a live formula when someone opens the download in a spreadsheet (CSV injection), and a
cell with a <script> tag becomes code if any page ever renders it as HTML. The Atlas never
executes or renders uploaded text, but refusing such cells at the door means no later page or
export has to remember to.
"""

from __future__ import annotations

import re

import pandas as pd

from atlas.upload.numbers import NUMBER_LIKE

# Characters that make spreadsheet programs treat a cell as a formula (OWASP CSV injection list,
# plus the full-width forms some IMEs type). Tab and carriage return are stripped before this.
FORMULA_PREFIXES = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
_FORMULA_START = re.compile(r"[=+\-@＝＋－＠]")
# A lone dash (or several) is how people type "no data"; it triggers nothing in a spreadsheet.
_ONLY_DASHES = re.compile(r"[-—–\s]+")

_HTML = re.compile(
    r"(?i)<[a-z!/?][^<>]*>"
    r"|<\s*(?:script|iframe|object|embed|svg|img|style|link|meta|form|input|body|html)\b"
    r"|javascript\s*:|vbscript\s*:|data\s*:\s*text/html"
)


def is_formula_like(text: str) -> bool:
    """True for "=HYPERLINK(...)", "@SUM(...)", "+cmd"; False for "-3.5" and "+41 44 668 18 00"."""
    if not text or text[0] not in FORMULA_PREFIXES:
        return False
    return not (NUMBER_LIKE.fullmatch(text) or _ONLY_DASHES.fullmatch(text))


def has_markup(text: str) -> bool:
    """True when a cell holds HTML tags or script URLs."""
    return bool(_HTML.search(text))


def formula_mask(texts: pd.Series) -> pd.Series:
    """Vectorised is_formula_like over a column of stripped text (NA counts as safe)."""
    text = texts.astype("str")
    starts = text.str.match(_FORMULA_START.pattern).fillna(False).astype(bool)
    if not starts.any():
        return starts
    candidates = text[starts]
    flagged = candidates.map(is_formula_like).astype(bool)
    result = pd.Series(False, index=texts.index)
    result.loc[flagged.index] = flagged
    return result


def markup_mask(texts: pd.Series) -> pd.Series:
    """Vectorised has_markup over a column (NA counts as safe)."""
    text = texts.astype("str")
    quick = text.str.contains("<|:", regex=True).fillna(False).astype(bool)
    if not quick.any():
        return quick
    flagged = text[quick].map(has_markup).astype(bool)
    result = pd.Series(False, index=texts.index)
    result.loc[flagged.index] = flagged
    return result
