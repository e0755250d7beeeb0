"""Colours and legends of the map: categorical types, the sequential value scale, symbol size."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from atlas.i18n import _
from atlas.numbers import format_count, format_number, no_data
from atlas.schema import HUB_TYPES, PARTNERSHIP_TYPES
from components import theme
from components.map_base import (
    CITY_MAX_RADIUS_PX,
    CITY_MIN_RADIUS_PX,
    _missing,
    _text,
    _year_text,
)

# --------------------------------------------------------------------------------------------
# colours and legends


def category_colours(categories: Iterable[object], known: Sequence[str] = ()) -> dict[str, str]:
    """Map categories to the categorical palette with a colour that does not depend on the filter.

    Known vocabulary keeps its documented position; anything else follows in alphabetical
    order, so the same inputs always give the same colours across pages and reruns.
    """
    present = {t for t in (_text(c) for c in categories) if t is not None}
    ordered = [k for k in known if k in present]
    ordered += sorted(present - set(known))
    positions = {k: i for i, k in enumerate(known)}
    extra_start = len(known)
    mapping: dict[str, str] = {}
    extras = 0
    for category in ordered:
        if category in positions:
            index = positions[category]
        else:
            index = extra_start + extras
            extras += 1
        mapping[category] = theme.categorical_colour(index)
    return mapping


def hub_type_colours(types: Iterable[object]) -> dict[str, str]:
    """Hub type -> hex colour, stable across filters (see ``category_colours``): colours follow
    the schema's vocabulary order, so a type keeps its colour whatever subset is shown."""
    return category_colours(types, HUB_TYPES)


def partnership_type_colours(types: Iterable[object]) -> dict[str, str]:
    """Partnership type -> hex colour, stable across filters."""
    return category_colours(types, PARTNERSHIP_TYPES)


def network_colours(networks: Iterable[object]) -> dict[str, str]:
    """Network id -> hex colour; pass the full network list to keep colours stable."""
    return category_colours(networks)


def legend_items(
    colours: Mapping[str, str],
    labels: Mapping[str, str] | None = None,
    include_no_data: bool = False,
) -> list[tuple[str, str]]:
    """Plain (label, hex) pairs so a page can draw a legend as text without knowing pydeck.

    ``labels`` translates keys (e.g. network ids) into display names. Labels are returned
    unescaped: they are meant for Streamlit text elements, which escape on their own.
    """
    names = labels or {}
    items = [(names.get(key, key), colour) for key, colour in colours.items()]
    if include_no_data:
        items.append((no_data(), theme.NO_DATA_COLOUR))
    return items


def value_domain(values: Iterable[object]) -> tuple[float, float] | None:
    """The (min, max) that both the city layer and its legend use, so they cannot disagree."""
    numeric = pd.to_numeric(pd.Series(list(values), dtype="object"), errors="coerce").dropna()
    if numeric.empty:
        return None
    return float(numeric.min()), float(numeric.max())


def year_span(years: Iterable[object]) -> str | None:
    """'2024' or '2019–2024': a legend must say which year(s) it shows, even when mixed."""
    found = sorted({int(y) for y in (_year_text(v) for v in years) if y and y.isdigit()})
    if not found:
        return None
    if found[0] == found[-1]:
        return str(found[0])
    return f"{found[0]}–{found[-1]}"


def continuous_legend(
    values: Iterable[object],
    *,
    label: str,
    unit: str,
    year: int | str,
    higher_is_better: bool = True,
) -> dict[str, Any]:
    """Describe a viridis legend as data; the caption always states unit and year.

    ``stops`` run from the colour of ``min`` to the colour of ``max``; for ranks (lower is
    better) they are reversed, matching ``city_layer``, so the best city is always brightest.
    """
    if not str(unit).strip():
        raise ValueError("a map legend must state the unit")
    if _missing(year) or not str(year).strip():
        raise ValueError("a map legend must state the year")
    series = list(values)
    domain = value_domain(series)
    numbers = pd.to_numeric(pd.Series(series, dtype="object"), errors="coerce").dropna()
    no_data_count = sum(1 for v in series if _missing(pd.to_numeric(v, errors="coerce")))
    stops = list(theme.SEQUENTIAL if higher_is_better else reversed(theme.SEQUENTIAL))
    if domain is None:
        # Translators: a map legend's caption: indicator label, unit, year(s), then the range
        caption = _("{label} ({unit}), {year}: {range}").format(
            label=label, unit=unit, year=year, range=no_data()
        )
    else:
        low, high = format_number(domain[0]), format_number(domain[1])
        if higher_is_better:
            span = _("{low} to {high}").format(low=low, high=high)
        else:
            span = _("{low} to {high}, lower is better").format(low=low, high=high)
        caption = _("{label} ({unit}), {year}: {range}").format(
            label=label, unit=unit, year=year, range=span
        )
    if no_data_count:
        # Translators: added to a map legend's caption: the grey dots are cities without data
        caption += _("; grey = {no_data} ({n})").format(
            no_data=no_data(), n=format_count(no_data_count)
        )
    return {
        "label": label,
        "unit": unit,
        "year": str(year),
        "min": None if domain is None else domain[0],
        "max": None if domain is None else domain[1],
        "stops": stops,
        "higher_is_better": higher_is_better,
        "no_data_colour": theme.NO_DATA_COLOUR,
        "no_data_count": no_data_count,
        "caption": caption,
        # whole numbers only (counts, ranks): legend steps must not read "13.5 hubs"
        "integers": bool(len(numbers)) and bool((numbers == numbers.round()).all()),
    }


def _fraction(value: float, domain: tuple[float, float], higher_is_better: bool) -> float:
    low, high = domain
    fraction = 1.0 if high == low else (value - low) / (high - low)
    return fraction if higher_is_better else 1.0 - fraction


def _radius(value: float, domain: tuple[float, float], higher_is_better: bool) -> float:
    """Circle area proportional to the value for counts; a normalised area scale otherwise.

    Counts have a true zero, so area ~ value is the honest encoding. Ranks and scores do not,
    and a rank has to grow as it gets better, so they use the position inside the domain.
    """
    low, high = domain
    if higher_is_better and low >= 0:
        share = value / high if high > 0 else 0.0
        radius = CITY_MAX_RADIUS_PX * math.sqrt(max(share, 0.0))
        return max(CITY_MIN_RADIUS_PX, radius)
    fraction = _fraction(value, domain, higher_is_better)
    return CITY_MIN_RADIUS_PX + (CITY_MAX_RADIUS_PX - CITY_MIN_RADIUS_PX) * math.sqrt(fraction)
