"""The one place that folds text to ASCII: ids, ASCII names, search keys and file names.

Unicode decomposition (NFKD) splits "ü" into "u" plus a mark but leaves letters such as "Ł",
"ı", "ß", "ø" and "đ" whole, so code that dropped what it could not decompose turned "Łódź"
into "odz". The letters are transliterated here by a kept library (text-unidecode, the data
tables of Perl's Text::Unidecode) instead of a hand-typed table, and every layer calls these
functions so that an id, a search and an upload key agree on how a name is folded.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from text_unidecode import unidecode

__all__ = ["fold", "md_text", "slugify", "to_ascii"]

# Blocks whose letters are Latin (or typographic punctuation) and so have one obvious ASCII
# form. Other scripts are left as they are by to_ascii()/fold(): a search for "北京" should
# still find "北京", not a romanisation of it.
_LATIN_BLOCKS = (
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese)
    (0x2010, 0x2027),  # dashes, quotation marks, ellipsis
)
_APOSTROPHES = re.compile(r"['’ʼ`´]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1)
def _table() -> dict[int, str | None]:
    # One translate table is several times faster than a loop over characters; the upload
    # gazetteer folds hundreds of thousands of names.
    table: dict[int, str | None] = {
        cp: None for cp in range(0x0300, 0x0370) if unicodedata.combining(chr(cp))
    }
    table.update({cp: None for cp in range(0x1AB0, 0x1B00)})
    table.update({cp: None for cp in range(0x1DC0, 0x1E00)})
    table.update({cp: None for cp in range(0x20D0, 0x2100) if unicodedata.combining(chr(cp))})
    table.update({cp: None for cp in range(0xFE20, 0xFE30)})
    for start, end in _LATIN_BLOCKS:
        for cp in range(start, end + 1):
            table[cp] = unidecode(chr(cp))
    table[0x00A0] = " "
    return table


def to_ascii(text: str) -> str:
    """Latin letters as ASCII, case kept ("Łódź" -> "Lodz", "Straße" -> "Strasse").

    Letters of other scripts are kept, so the result is ASCII only for Latin-script text.
    """
    text = str(text)
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_table())


def fold(text: str) -> str:
    """Accent-, letter- and case-free key: "Łódź", "LODZ" and "Lodz" all give "lodz"."""
    return to_ascii(text).casefold()


def slugify(text: str, sep: str = "-") -> str:
    """ASCII id or file-name part: lower case, [a-z0-9] joined by ``sep`` ("Łódź" -> "lodz").

    Apostrophes vanish ("Xi'an" -> "xian"). Text in another script is dropped, not romanised
    (a generic romanisation reads "東京" as Chinese, "dong-jing"), so callers that may get
    such text give their own fallback for an empty slug.
    """
    ascii_text = to_ascii(text).encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = _APOSTROPHES.sub("", ascii_text)
    return _NON_SLUG.sub(sep, ascii_text).strip(sep)


_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~$:"})


def md_text(value: object) -> str:
    """Data text made safe to put inside markdown: shown literally, never as markup.

    Data (a publisher, a city's name, a user's upload) is text, never markup: a name with "*"
    or "[" would otherwise turn bold or into a link in a Streamlit caption.
    """
    return str(value).translate(_MARKDOWN_SPECIALS)
