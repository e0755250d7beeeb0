"""Small rules of English for sentences the Atlas writes from its data.

Findings, city readings and the Inputs and outputs page all put figures into words; they share
these helpers so that "1 country or body", "55th" and "Geneva and Zürich" read the same
everywhere. No Streamlit here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from atlas.i18n import _
from atlas.numbers import format_number

#: Head nouns of the catalogue's units and their singular, used when a figure is exactly 1.
SINGULAR: dict[str, str] = {
    "hubs": "hub",
    "agreements": "agreement",
    "networks": "network",
    "partner cities": "partner city",
    "countries or bodies": "country or body",
    "articles": "article",
    "inhabitants": "inhabitant",
    "PCT applications": "PCT application",
    "VC deals": "VC deal",
    "cities": "city",
    "countries": "country",
    "posts": "post",
}


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 agreement', '3 agreements', '1,204 cities' (with ``many`` for irregular nouns)."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def unit_for(value: float, unit: object) -> str:
    """The unit as it reads after ``value``: 'countries or bodies', but '1 country or body'.

    Only the head noun (before ' per ' or ' (') is made singular, and only for units listed in
    ``SINGULAR``: an unknown unit is left exactly as the catalogue spells it.
    """
    if not isinstance(unit, str):
        return ""
    if value != 1:
        return unit
    for cut in (" per ", " ("):
        if cut in unit:
            head, rest = unit.split(cut, 1)
            return SINGULAR.get(head, head) + cut + rest
    return SINGULAR.get(unit, unit)


def quantity(value: float, unit: object) -> str:
    """'3 hubs', '1 country or body', 'rank 12': a figure read with its unit."""
    if unit in ("rank", _("rank")):  # the catalogue's unit is in the run's language
        return f"rank {format_number(value)}"
    text = unit_for(value, unit)
    return f"{format_number(value)} {text}" if text else format_number(value)


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def join_names(names: Sequence[str], limit: int = 3) -> str:
    """'Geneva', 'Geneva and Bern', 'Geneva, Bern and Basel', 'A, B, C and 2 others'."""
    items = [str(n) for n in names]
    if len(items) > limit:
        rest = len(items) - limit
        items = [*items[:limit], f"{rest} other{'s' if rest != 1 else ''}"]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def percent(share: float) -> str:
    """A share 0..1 as '94 %', or '< 1 %' / '> 99 %' near the ends (never a false 0 or 100)."""
    if math.isnan(share):
        return "no data"
    pct = 100 * share
    if 0 < pct < 1:
        return "< 1 %"
    if 99 < pct < 100:
        return "> 99 %"
    return f"{pct:.0f} %"
