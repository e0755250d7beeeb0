"""Small rules of language for sentences the Atlas writes from its data.

Findings, city readings and the Inputs and outputs page all put figures into words; they share
these helpers so that "1 country or body", "55th" and "Geneva and Zürich" read the same
everywhere, in the run's language (atlas/i18n.py). Whole sentences are messages of their own
(with ``ngettext`` for counts); these helpers only make the fields those sentences take: an
ordinal, a list of names, a unit after a figure. No Streamlit here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from babel import Locale
from babel.lists import format_list

from atlas.i18n import NP_, SOURCE_LANGUAGE, _, current_language, ngettext, pgettext
from atlas.numbers import format_count, format_number, format_share, no_data

#: Head nouns of the catalogue's units and their singular, used when a figure counts as one
#: (1 in English, Spanish and Catalan; 0 and 1 in French). Marked with a context so that a
#: translator gives the unit's head noun as the translated catalogue spells it.
SINGULAR: dict[str, str] = {
    NP_("unit head noun, plural", "hubs"): NP_("unit head noun, singular", "hub"),
    NP_("unit head noun, plural", "agreements"): NP_("unit head noun, singular", "agreement"),
    NP_("unit head noun, plural", "networks"): NP_("unit head noun, singular", "network"),
    NP_("unit head noun, plural", "partner cities"): NP_(
        "unit head noun, singular", "partner city"
    ),
    NP_("unit head noun, plural", "countries or bodies"): NP_(
        "unit head noun, singular", "country or body"
    ),
    NP_("unit head noun, plural", "articles"): NP_("unit head noun, singular", "article"),
    NP_("unit head noun, plural", "inhabitants"): NP_("unit head noun, singular", "inhabitant"),
    NP_("unit head noun, plural", "PCT applications"): NP_(
        "unit head noun, singular", "PCT application"
    ),
    NP_("unit head noun, plural", "VC deals"): NP_("unit head noun, singular", "VC deal"),
    NP_("unit head noun, plural", "cities"): NP_("unit head noun, singular", "city"),
    NP_("unit head noun, plural", "countries"): NP_("unit head noun, singular", "country"),
    NP_("unit head noun, plural", "posts"): NP_("unit head noun, singular", "post"),
}
_PLURAL_CONTEXT = "unit head noun, plural"
_SINGULAR_CONTEXT = "unit head noun, singular"
#: Where a unit's head noun ends in English: "hubs per million inhabitants", "articles (...)".
_ENGLISH_CUTS = (" per ", " (")


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 agreement', '3 agreements', '1,204 cities' (English words only).

    Kept for English-only texts (developer messages); a text a reader sees takes
    ``ngettext("{n} city", "{n} cities", n).format(n=format_count(n))`` instead, so that each
    language can say it its own way.
    """
    return f"{format_count(n)} {one if n == 1 else (many or one + 's')}"


def _counts_as_one(value: float) -> bool:
    """Whether the run's language reads `value` with a singular noun ('1 hub'; '0 hub' in
    French), by the language's CLDR plural rule."""
    number = float(value)
    if not math.isfinite(number):
        return False
    operand: float | int = int(number) if number.is_integer() else number
    return Locale.parse(current_language()).plural_form(operand) == "one"


def unit_for(value: float, unit: object) -> str:
    """The unit as it reads after ``value``: 'countries or bodies', but '1 country or body'.

    Only a head noun listed in ``SINGULAR`` (as the run's language spells it) is made
    singular, at the start of the unit ('hubs per million inhabitants' -> 'hub per ...'): an
    unknown unit is left exactly as the catalogue spells it.
    """
    if not isinstance(unit, str):
        return ""
    if not _counts_as_one(value):
        return unit
    english = current_language() == SOURCE_LANGUAGE
    pairs = sorted(
        (
            (pgettext(_PLURAL_CONTEXT, many), pgettext(_SINGULAR_CONTEXT, one))
            for many, one in SINGULAR.items()
        ),
        key=lambda pair: -len(pair[0]),
    )
    for many, one in pairs:
        if unit == many:
            return one
        cuts = _ENGLISH_CUTS if english else (" ",)
        for cut in cuts:
            if unit.startswith(many + cut):
                return one + unit[len(many) :]
    return unit


def is_rank_unit(unit: object) -> bool:
    """Whether a unit is the catalogue's "rank", in English or as the run's language says it."""
    return isinstance(unit, str) and unit.strip() in {"rank", _("rank")}


def quantity(value: float, unit: object) -> str:
    """'3 hubs', '1 country or body', 'rank 12': a figure read with its unit."""
    if is_rank_unit(unit):
        # Translators: a rank read with its number, as in a table cell ("rank 12").
        return _("rank {rank}").format(rank=format_number(value))
    text = unit_for(value, unit)
    return f"{format_number(value)} {text}" if text else format_number(value)


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th' in English; in the other languages the form that
    agrees with the word the Atlas's sentences put it with (es *posición* and ca *posició*,
    feminine: '12.ª', '12a'; fr *rang*, masculine: '1er', '12e')."""
    language = current_language()
    number = format_count(n)
    if language == "es":
        return f"{number}.ª"
    if language == "ca":
        return f"{number}a"
    if language == "fr":
        return f"{number}er" if n == 1 else f"{number}e"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{number}{suffix}"


def join_names(names: Sequence[str], limit: int = 3) -> str:
    """'Geneva', 'Geneva and Bern', 'Geneva, Bern and Basel', 'A, B, C and 2 others', with the
    run's language's conjunction ('Ginebra, Berna y Basilea'; CLDR's list patterns)."""
    items = [str(n) for n in names]
    if len(items) > limit:
        rest = len(items) - limit
        items = [
            *items[:limit],
            ngettext("{n} other", "{n} others", rest).format(n=format_count(rest)),
        ]
    if len(items) <= 1:
        return "".join(items)
    language = current_language()
    if language == SOURCE_LANGUAGE:
        # the Atlas's English has no serial comma ("A, B and C"), unlike CLDR's
        return ", ".join(items[:-1]) + " and " + items[-1]
    return format_list(items, locale=language)


def join_clauses(clauses: Sequence[str]) -> str:
    """'A; B; C': clauses of one sentence, with the language's spacing (French writes ' ; ')."""
    items = [str(c) for c in clauses if c]
    if not items:
        return ""
    text = items[0]
    for clause in items[1:]:
        # Translators: two clauses of one sentence joined by a semicolon.
        text = _("{first}; {second}").format(first=text, second=clause)
    return text


def percent(share: float) -> str:
    """A share 0..1 as '94 %', or '< 1 %' / '> 99 %' near the ends (never a false 0 or 100)."""
    if math.isnan(share):
        return no_data()
    pct = 100 * share
    english = current_language() == SOURCE_LANGUAGE

    def shown(whole: float) -> str:
        return f"{whole:.0f} %" if english else format_share(round(whole) / 100)

    if 0 < pct < 1:
        return f"< {shown(1)}"
    if 99 < pct < 100:
        return f"> {shown(99)}"
    return shown(pct)
