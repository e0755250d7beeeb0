"""The Atlas in a reader's language: place names, country names and the indicator catalogue.

Pages show `atlas.cities["name"]`, `country_name` and the catalogue's prose columns as they
find them, so localising the Atlas once, here, puts every page, chart, table and briefing in
the language without each of them translating names. Data values stay as published: hub
names, sources, the English ids of types and statuses (atlas/terms.py shows those).

- City names come from data/place_names.csv (sourced; see scripts/place_names.py); a city
  without a name of its own in the language keeps its published name.
- Country names are Unicode CLDR's territory names, as shipped by Babel.
- The catalogue's label, unit, geographic unit, description and per-million note are the
  messages scripts/i18n.py extracts from data/indicators.csv, translated in the catalogues.

English returns the Atlas itself: it is the language the data is published in.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pandas as pd
from babel import Locale

from atlas.i18n import SOURCE_LANGUAGE, _, language
from atlas.load import Atlas
from atlas.placenames import (
    OTHER_NAMES,
    PUBLISHED_NAME,
    SEARCH_NAMES,
    name_table,
    other_names,
    search_names,
)

__all__ = ["CATALOGUE_COLUMNS", "country_names", "localised"]

#: The catalogue's prose columns, exactly those scripts/i18n.py extracts.
CATALOGUE_COLUMNS = ("label", "unit", "geo_unit", "description", "per_million_note")


@cache
def country_names(language_code: str) -> dict[str, str]:
    """ISO alpha-2 -> the country's name in the language (CLDR, via Babel)."""
    return dict(Locale.parse(language_code).territories)


def localised(atlas: Atlas, language_code: str) -> Atlas:
    """A copy of `atlas` whose names and catalogue read in `language_code`; its version gets
    the language appended, so caches keyed on the version keep the languages apart."""
    if language_code == SOURCE_LANGUAGE:
        return atlas
    cities = atlas.cities.copy()
    table = name_table(cities["name"], atlas.place_names)
    cities[PUBLISHED_NAME] = cities["name"]
    cities["name"] = table[language_code].astype(cities["name"].dtype)
    cities[OTHER_NAMES] = other_names(table, language_code, cities["ascii_name"])
    cities[SEARCH_NAMES] = search_names(table)
    codes = cities["country"]
    translated = codes.map(country_names(language_code))
    cities["country_name"] = translated.where(translated.notna(), cities["country_name"])
    return replace(
        atlas,
        cities=cities,
        indicators=_catalogue(atlas.indicators, language_code),
        version=f"{atlas.version}|lang:{language_code}",
    )


def _catalogue(indicators: pd.DataFrame, language_code: str) -> pd.DataFrame:
    """The catalogue with its prose translated; each distinct text is looked up once."""
    frame = indicators.copy()
    with language(language_code):
        for column in CATALOGUE_COLUMNS:
            if column not in frame.columns:
                continue
            texts = frame[column]
            present = texts.notna()
            shown = {t: _(t.strip()) for t in texts[present].astype(str).unique() if t.strip()}
            frame[column] = texts.where(~present, texts.map(shown).fillna(texts))
    return frame
