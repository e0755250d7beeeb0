"""Finding the Atlas city a user meant, and suggesting one when the spelling is off.

Exact (accent- and case-insensitive) matches on name, ASCII name, alternate names, Atlas id or
GeoNames id are accepted silently. Anything fuzzier is only *suggested*: a wrong silent match
("Valencia" ES for Valencia VE) would put someone's numbers on the wrong city without anyone
noticing, which is worse than asking.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import pandas as pd
import pycountry
from rapidfuzz import fuzz, process

from atlas.i18n import _
from atlas.upload.text import normalise_name, snippet

MatchStatus = Literal["matched", "unmatched", "ambiguous", "conflict", "unknown_country"]
SUGGESTION_CUTOFF = 75.0
_DIGITS = re.compile(r"\d+(?:\.0+)?")


@dataclass(frozen=True)
class CitySuggestion:
    """An Atlas city that might be the one the user meant; score is 0-100 (rapidfuzz)."""

    city_id: str
    name: str
    country: str
    score: float

    @property
    def label(self) -> str:
        return f"{self.name} ({self.country})"


@dataclass(frozen=True)
class CityMatch:
    """Outcome of matching one (city, country, ids) combination from the upload."""

    status: MatchStatus
    city_id: str | None = None
    method: str | None = None
    reason: str = ""
    suggestions: tuple[CitySuggestion, ...] = field(default=())


# Codes people use that ISO 3166 does not (UK, EL in EU statistics) or pycountry lacks (XK,
# which GeoNames uses for Kosovo).
_COUNTRY_ALIASES = {"UK": "GB", "EL": "GR", "XK": "XK"}


@lru_cache(maxsize=4096)
def country_code(text: str) -> str | None:
    """ISO alpha-2 for "ES", "ESP", "Spain" or "spain"; None when not a country we can name."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if cleaned.upper() in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[cleaned.upper()]
    if len(cleaned) == 2 and cleaned.isalpha():
        found = pycountry.countries.get(alpha_2=cleaned.upper())
        return found.alpha_2 if found else None
    try:
        return pycountry.countries.lookup(cleaned).alpha_2
    except LookupError:
        return None


class CityMatcher:
    """Index of the Atlas cities for repeated lookups during one or many validations."""

    def __init__(
        self,
        cities: pd.DataFrame,
        alternate_names: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self._info: dict[str, tuple[str, str]] = {}
        self._by_name: dict[str, set[str]] = {}
        self._by_geonames: dict[int, str] = {}
        self._names_of: dict[str, set[str]] = {}
        for row in cities.itertuples(index=False):
            city_id = str(row.city_id)
            country = str(row.country).upper()
            self._info[city_id] = (str(row.name), country)
            for name in (row.name, getattr(row, "ascii_name", None)):
                self._add_name(city_id, name)
            geonames_id = getattr(row, "geonames_id", None)
            if geonames_id is not None and not pd.isna(geonames_id):
                self._by_geonames[int(geonames_id)] = city_id
        for city_id, names in (alternate_names or {}).items():
            if city_id in self._info:
                for name in names:
                    self._add_name(city_id, name)
        self._choices = list(self._by_name)

    def _add_name(self, city_id: str, name: object) -> None:
        if name is None or (isinstance(name, float) and pd.isna(name)):
            return
        key = normalise_name(str(name))
        if key:
            self._by_name.setdefault(key, set()).add(city_id)
            self._names_of.setdefault(city_id, set()).add(key)

    def __contains__(self, city_id: object) -> bool:
        return city_id in self._info

    def city_for_geonames(self, geonames_id: int) -> str | None:
        """Atlas city_id with this GeoNames id, if any (to avoid proposing a city twice)."""
        return self._by_geonames.get(int(geonames_id))

    def suggestion(self, city_id: str, score: float) -> CitySuggestion:
        """An Atlas city as a suggestion, e.g. when the gazetteer recognised the user's name."""
        name, country = self._info[city_id]
        return CitySuggestion(city_id, name, country, round(float(score), 1))

    def label(self, city_id: str) -> str:
        """ "Name (CC)" as shown in messages; names alone are ambiguous across countries."""
        name, country = self._info[city_id]
        return f"{name} ({country})"

    def suggest(
        self,
        text: str,
        country: str | None = None,
        *,
        limit: int = 3,
        cutoff: float = SUGGESTION_CUTOFF,
    ) -> tuple[CitySuggestion, ...]:
        """Atlas cities whose names are close to `text` ("Sao Paolo" -> São Paulo, 88.9)."""
        key = normalise_name(text)
        if not key or not self._choices:
            return ()
        # token_sort_ratio, not WRatio: WRatio scores substrings highly, so "Ankh-Morpork"
        # would "match" any short name inside it. Sorting tokens forgives word order.
        hits = process.extract(
            key,
            self._choices,
            scorer=fuzz.token_sort_ratio,
            processor=None,
            limit=limit * 4,
            score_cutoff=cutoff,
        )
        best: dict[str, float] = {}
        for choice, score, _index in hits:
            for city_id in self._by_name[choice]:
                if country and self._info[city_id][1] != country:
                    continue
                best[city_id] = max(best.get(city_id, 0.0), float(score))
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return tuple(
            CitySuggestion(cid, self._info[cid][0], self._info[cid][1], round(score, 1))
            for cid, score in ranked
        )

    def match(
        self,
        text: str | None = None,
        country: str | None = None,
        *,
        geonames_id: str | int | None = None,
        city_id: str | None = None,
        overrides: Mapping[str, str] | None = None,
    ) -> CityMatch:
        """Resolve one city reference; see the module docstring for what counts as a match."""
        text = (text or "").strip()
        code: str | None = None
        if country and str(country).strip():
            code = country_code(str(country))
            if code is None:
                return CityMatch(
                    "unknown_country",
                    reason=_(
                        "country “{country}” is not recognised; use a two-letter code such as ES "
                        "or BR"
                    ).format(country=snippet(country)),
                )
        if city_id and str(city_id).strip():
            cid = str(city_id).strip().lower()
            if cid in self._info:
                return self._check_country(CityMatch("matched", cid, "city_id"), code)
            return CityMatch(
                "unmatched", reason=_("“{id}” is not an Atlas city id").format(id=snippet(city_id))
            )
        if text and _DIGITS.fullmatch(text) and geonames_id in (None, ""):
            geonames_id, text = text, ""
        if geonames_id not in (None, "") and not (
            isinstance(geonames_id, float) and pd.isna(geonames_id)
        ):
            return self._match_geonames(geonames_id, text, code)
        if not text:
            return CityMatch("unmatched", reason=_("the city is empty"))
        key = normalise_name(text)
        if overrides:
            chosen = {normalise_name(k): v for k, v in overrides.items()}.get(key)
            if chosen is not None and chosen in self._info:
                return CityMatch("matched", chosen, "confirmed")
        candidates = self._by_name.get(key, set())
        if code:
            in_country = {cid for cid in candidates if self._info[cid][1] == code}
            if not in_country and candidates:
                others = ", ".join(sorted(self.label(cid) for cid in candidates))
                suggestions = tuple(
                    CitySuggestion(cid, self._info[cid][0], self._info[cid][1], 100.0)
                    for cid in sorted(candidates)
                )
                return CityMatch(
                    "unmatched",
                    reason=_("the Atlas has no “{city}” in {country} (it has {others})").format(
                        city=snippet(text), country=code, others=others
                    ),
                    suggestions=suggestions,
                )
            candidates = in_country
        if len(candidates) == 1:
            return CityMatch("matched", next(iter(candidates)), "name")
        if len(candidates) > 1:
            labels = ", ".join(sorted(self.label(cid) for cid in candidates))
            return CityMatch(
                "ambiguous",
                reason=_("“{city}” could be {names}; add a country column to say which").format(
                    city=snippet(text), names=labels
                ),
                suggestions=tuple(
                    CitySuggestion(cid, self._info[cid][0], self._info[cid][1], 100.0)
                    for cid in sorted(candidates)
                ),
            )
        suggestions = self.suggest(text, code)
        if suggestions:
            hint = _(" or ").join(s.label for s in suggestions)
            reason = _("“{city}” is not an Atlas city; did you mean {names}?").format(
                city=snippet(text), names=hint
            )
        else:
            reason = _("“{city}” is not an Atlas city").format(city=snippet(text))
        return CityMatch("unmatched", reason=reason, suggestions=suggestions)

    def _match_geonames(self, geonames_id: str | int, text: str, code: str | None) -> CityMatch:
        raw = str(geonames_id).strip()
        if not _DIGITS.fullmatch(raw):
            return CityMatch(
                "unmatched", reason=_("GeoNames id “{id}” is not a number").format(id=snippet(raw))
            )
        number = int(float(raw))
        cid = self._by_geonames.get(number)
        if cid is None:
            return CityMatch(
                "unmatched", reason=_("GeoNames id {id} is not an Atlas city").format(id=number)
            )
        if text and normalise_name(text) not in self._names_of.get(cid, set()):
            return CityMatch(
                "conflict",
                reason=_(
                    "GeoNames id {id} is {city}, but the city cell says “{text}”; correct one "
                    "of them"
                ).format(id=number, city=self.label(cid), text=snippet(text)),
            )
        return self._check_country(CityMatch("matched", cid, "geonames_id"), code)

    def _check_country(self, found: CityMatch, code: str | None) -> CityMatch:
        if code and found.city_id and self._info[found.city_id][1] != code:
            return CityMatch(
                "conflict",
                reason=_("{city} is not in {country}; correct the city or the country").format(
                    city=self.label(found.city_id), country=code
                ),
            )
        return found
