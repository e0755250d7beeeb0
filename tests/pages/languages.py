"""What a page shows, read as a reader would, to check it is in the language the link chose.

Each page's language test (tests/pages/test_<page>.py) opens the page in English and in a
translated language and compares the prose. A text that reads the same in both, and reads as an
English sentence (several of English's commonest words), is English left on a translated page.
Data keeps its published wording (hub names, sources' titles), but on a translated page it is
framed by translated words, so a whole element never stays identical.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from streamlit.testing.v1 import AppTest

from atlas import i18n

# English function words that no Spanish, Catalan or French sentence uses ("a", "on" and
# "in" are left out: they are words in those languages too).
ENGLISH_WORDS = frozenset(
    (
        "the", "of", "and", "to", "with", "for", "is", "are", "this", "that", "from", "by",
        "which", "or", "be", "not", "their", "these", "has", "have", "its", "was", "were",
        "than",
    )
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z']+")
# element types whose text is prose the page writes (tables and charts are checked elsewhere)
_PROSE = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "info",
    "warning",
    "error",
    "success",
)


def visible_texts(at: AppTest) -> list[str]:
    """The prose of a page run: headings, text, notes and the labels of its widgets."""
    texts: list[str] = []
    for kind in _PROSE:
        texts.extend(str(element.value) for element in getattr(at, kind))
    for kind in (
        "selectbox",
        "multiselect",
        "radio",
        "checkbox",
        "toggle",
        "text_input",
        "slider",
        "select_slider",
        "number_input",
        "button",
    ):
        for widget in getattr(at, kind):
            label = getattr(widget, "label", None)
            if label:
                texts.append(str(label))
            help_text = getattr(widget, "help", None)
            if help_text:
                texts.append(str(help_text))
    for tab in at.tabs:
        texts.append(str(tab.label))
    for expander in at.expander:
        texts.append(str(expander.label))
    return [t for t in texts if t.strip()]


def english_words(text: str) -> int:
    return sum(1 for w in _WORD.findall(text.lower()) if w in ENGLISH_WORDS)


def english_leaks(
    english: Iterable[str], translated: Iterable[str], *, min_words: int = 2
) -> list[str]:
    """Texts of the translated run that are the English run's texts unchanged and read as
    English prose."""
    english_set = set(english)
    return sorted({t for t in translated if t in english_set and english_words(t) >= min_words})


def translated(message: str, language: str) -> str:
    """The catalogue's translation of `message` (the test's expected text)."""
    with i18n.language(language):
        return i18n._(message)


def shows(at: AppTest, text: str) -> bool:
    """Whether some element of the run contains `text`."""
    return any(text in t for t in visible_texts(at))
