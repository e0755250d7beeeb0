"""Text folding shared by header matching, city matching and id slugs.

The folding itself (accents, letters such as Ł and ß, case) lives in ``atlas.text``; this module
adds the upload-specific keys built on it.

One folding function everywhere means that "São Paulo", "SAO PAULO" and "Sao-Paulo" meet in the
same key whether they come from a header, a city cell, the Atlas cities frame or the gazetteer.
"""

from __future__ import annotations

import re

from atlas.text import fold, slugify, to_ascii

__all__ = [
    "clean_cell_text",
    "fold",
    "header_key",
    "normalise_name",
    "remove_invisible",
    "slugify",
    "snippet",
    "strip_accents",
]

_DROP_APOSTROPHES = str.maketrans("", "", "'’ʼ`´")
_NON_WORD = re.compile(r"[\W_]+")
# C0 controls (except tab and newline) and the bidirectional overrides/isolates that can make a
# cell display differently from what it contains ("Trojan source" style spoofing).
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_MARKUP_CHARS = re.compile(r"[<>\[\]`*_#|\\{}$~]")


def strip_accents(text: str) -> str:
    """Drop diacritics but keep case, so a gazetteer name can get an honest ASCII form."""
    return to_ascii(text)


def normalise_name(text: str) -> str:
    """Matching key for place names: punctuation and spacing differences must not block a match.

    Apostrophes vanish ("Xi'an" == "Xian"), other punctuation becomes a space
    ("Saint-Étienne" == "saint etienne").
    """
    folded = fold(text).translate(_DROP_APOSTROPHES)
    return " ".join(_NON_WORD.sub(" ", folded).split())


def header_key(text: str) -> str:
    """Key for column headers, so "City Name", "city_name" and " CITY-NAME " are one column."""
    return "_".join(normalise_name(text).split())


def remove_invisible(text: str) -> str:
    """Drop invisible control and bidi-override characters (see clean_cell_text)."""
    return _INVISIBLE.sub("", text)


def clean_cell_text(text: str) -> str:
    """Remove characters that are invisible on screen but change what a cell means or shows."""
    return _INVISIBLE.sub("", text).strip()


def snippet(text: object, limit: int = 40) -> str:
    """Quote user text inside our own messages without letting it act as markup.

    Messages may be shown through Markdown by a page; brackets, backticks, dollar signs (LaTeX in
    Streamlit) and angle brackets are dropped so a cell can never turn into a link, a formula
    or HTML inside a message, and leading =+-@ go so a copied message is not a spreadsheet
    formula either. Long text is cut so one bad cell cannot flood the report.
    """
    shown = _MARKUP_CHARS.sub("", " ".join(str(text).split()))
    while shown and (
        shown[0] in "=@" or (shown[0] in "+-" and not (shown[1:2].isdigit() or shown[1:2] == "."))
    ):
        shown = shown[1:]  # "-5" stays a number; "=cmd", "+cmd", "@SUM" lose their trigger
    if len(shown) > limit:
        shown = shown[: limit - 1].rstrip() + "…"
    return shown
