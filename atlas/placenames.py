"""A city's names in the Atlas's four languages: what pickers show, what search matches.

A reader in Barcelona types "Ginebra", one in Lyon "Genève", a journalist pastes "Geneva": all
three must find the same city, and a picker must show the name in the page's language. The
names come from data/place_names.csv (sourced, see scripts/place_names.py); a city without a
name of its own in a language is shown with its published (English) name, never a made-up one.

No Streamlit here. atlas/localise.py stores the columns these functions compute on the
localised copy of the Atlas, so a page run computes them once per language, not per rerun.
"""

from __future__ import annotations

import pandas as pd

from atlas.i18n import LANGUAGES, SOURCE_LANGUAGE
from atlas.load import Atlas
from atlas.text import fold, to_ascii

__all__ = [
    "OTHER_NAMES",
    "PUBLISHED_NAME",
    "SEARCH_NAMES",
    "city_picker_labels",
    "city_search_names",
    "name_table",
    "other_names",
    "picker_label",
    "search_names",
    "sort_key",
]

#: Columns the localised Atlas adds to `cities` (atlas/localise.py).
SEARCH_NAMES = "search_names"
OTHER_NAMES = "other_names"
PUBLISHED_NAME = "published_name"
#: Between the other languages' names in a picker label: "Ginebra, Suïssa (Genève · Geneva)".
NAME_JOIN = " · "


def name_table(published: pd.Series, place_names: pd.DataFrame) -> pd.DataFrame:
    """city_id -> one column per language (en, es, ca, fr), the published name where a
    language has none of its own."""
    names = [str(n) for n in published.tolist()]
    table = pd.DataFrame({SOURCE_LANGUAGE: names}, index=published.index, dtype=object)
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        rows = place_names.loc[place_names["language"] == language]
        own = dict(zip(rows["city_id"].tolist(), rows["name"].tolist(), strict=True))
        table[language] = [
            own.get(city_id, name) for city_id, name in zip(published.index, names, strict=True)
        ]
    return table


def other_names(
    table: pd.DataFrame, language: str, ascii_names: pd.Series | None = None
) -> pd.Series:
    """city_id -> the names in the other languages that are written differently from the shown
    one (case aside), joined: "Genève · Geneva" for Geneva on a Catalan page. A name that only
    differs by its accents is kept ("Munich (Múnich)"), because Streamlit's type-to-search
    does not ignore accents; for the same reason the published name's ASCII form
    (`ascii_names`) ends the list when no name is already written so: "Zürich, Switzerland
    (Zúrich · Zúric · Zurich)" is found by "zurich" typed without accents."""
    order = [x for x in LANGUAGES if x not in (language, SOURCE_LANGUAGE)]
    if language != SOURCE_LANGUAGE:
        order.append(SOURCE_LANGUAGE)  # the published name last
    shown = table[language].tolist()
    published = table[SOURCE_LANGUAGE].tolist()
    columns = [(x, table[x].tolist()) for x in order]
    if ascii_names is not None:
        columns.append(("ascii", ascii_names.reindex(table.index).fillna("").astype(str).tolist()))
    joined = []
    for i, name in enumerate(shown):
        seen = {name.casefold()}
        others = []
        for code, column in columns:
            other = column[i]
            key = other.casefold()
            # a language without a name of its own shows the published one: it comes last
            borrowed = code in LANGUAGES and code != SOURCE_LANGUAGE and other == published[i]
            if other and key not in seen and not borrowed:
                seen.add(key)
                others.append(other)
        joined.append(NAME_JOIN.join(others))
    return pd.Series(joined, index=table.index, dtype=object)


def search_names(table: pd.DataFrame) -> pd.Series:
    """city_id -> every name of the city in every language, with its ASCII form, folded
    (what a search compares a typed word with)."""
    columns = [table[x].tolist() for x in table.columns]
    keys = []
    for names in zip(*columns, strict=True):
        forms = dict.fromkeys(fold(n) for n in names)
        forms.update(dict.fromkeys(fold(to_ascii(n)) for n in names))
        keys.append(" | ".join(forms))
    return pd.Series(keys, index=table.index, dtype=object)


def _table(atlas: Atlas) -> pd.DataFrame:
    return name_table(atlas.cities["name"], atlas.place_names)


def _other_names(atlas: Atlas) -> pd.Series:
    """Stored by the localised Atlas; worked out here for the English one, which localise
    leaves untouched (a few milliseconds for the curated package)."""
    cities = atlas.cities
    if OTHER_NAMES in cities.columns:
        return cities[OTHER_NAMES]
    return other_names(_table(atlas), SOURCE_LANGUAGE, atlas.cities["ascii_name"])


def sort_key(text: str) -> str:
    """Alphabetical order as a reader expects it in any of the four languages: accents and
    case do not move a name ("Àfrica" with the A's, "Zúric" with the Z's)."""
    return fold(text)


def picker_label(name: str, country: str, others: str) -> str:
    """'Ginebra, Suïssa (Genève · Geneva)': the shown name and country, then the city's other
    names when it has any, so that a picker's type-to-search finds it by any of them."""
    label = f"{name}, {country}"
    return f"{label} ({others})" if others else label


def city_picker_labels(atlas: Atlas) -> dict[str, str]:
    """city id -> picker label, in the picker's order (by `sort_key` of the label)."""
    cities = atlas.cities
    others = _other_names(atlas)
    labels = [
        picker_label(n, c, o)
        for n, c, o in zip(
            cities["name"].tolist(),
            cities["country_name"].tolist(),
            others.reindex(cities.index).fillna("").tolist(),
            strict=True,
        )
    ]
    pairs = sorted(zip(cities.index, labels, strict=True), key=lambda p: (sort_key(p[1]), p[0]))
    return dict(pairs)


def city_search_names(atlas: Atlas) -> pd.Series:
    """city_id -> the folded names search compares with (every language, ASCII forms)."""
    cities = atlas.cities
    if SEARCH_NAMES in cities.columns:
        return cities[SEARCH_NAMES]
    return search_names(_table(atlas))
