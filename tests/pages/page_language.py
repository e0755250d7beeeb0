"""Shared by the language tests of Rankings, Compare, Index builder and Inputs and outputs.

Each compares the page's own area in English and in a translated run; the sidebar is the
shell's (tested with it). Two shared lines inside the page are other modules' and tested with
them: the sources line (atlas/citation.py, Data and methods) and the row-cap note under long
tables (ui/rowcap.py, Overview).
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.pages.languages import english_leaks, visible_texts

LANGUAGES = ("es", "ca", "fr")
# a number of four digits or more, written the language's way (1.686.208 / 1 686 208); Spanish
# leaves four digits ungrouped (1640, the RAE's rule) and groups from five on (12.345)
GROUPED = {
    "es": r"(?<![\d.,])\d{4}(?![\d.,])|\d{2,3}\.\d{3}(?!\d)|\d{1,3}(\.\d{3}){2,}",
    "ca": r"\d{1,3}(\.\d{3})+",
    "fr": r"\d{1,3}(\u202f\d{3})+",
}


def page_texts(at: AppTest) -> list[str]:
    return visible_texts(at.main)


def page_leaks(english: list[str], at: AppTest) -> list[str]:
    """English prose left in the page's own area of a translated run."""
    return english_leaks(english, page_texts(at))
