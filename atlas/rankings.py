"""Rank cities on one indicator, the way the Rankings page and the briefing export need it.

Everything here is a pure function of the long ``values`` table and the ``cities`` table (see
docs/DATA_MODEL.md), so the same ranking can be reproduced in a test, a script or the app.

Principles that the Atlas promises its users and that this module enforces:

* a city without a figure is *not ranked* and is counted, never ranked as if it had 0;
* ties share a rank ("min" method: 1, 2, 2, 4), as published rankings print them ("2=");
* the direction is explicit: for an indicator whose values are published ranks, the lowest
  value is the best, so ranking by value ascending reproduces the published order;
* a per-million figure is only computed where a population exists, and the cities dropped for
  lack of one are counted separately, so the page can say why they are absent;
* for an indicator whose values are published ranks, the change between editions is the change
  in the *published* rank, because positions among the few cities the Atlas holds for an
  edition move whenever a city is added to or missing from the list.

It also holds the small pure helpers the Rankings page needs around a ranking: which edition
to show given the sidebar year, accent- and case-blind search, and the geography label.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from atlas.i18n import _, ngettext
from atlas.numbers import format_count
from atlas.text import fold

RANKING_COLUMNS: list[str] = [
    "city_id",
    "name",
    "country",
    "region",
    "value",
    "rank",
    "year",
    "source_id",
    "unit_name",
    "basis",
    "note",
    "rank_change",
    "previous_rank",
    "population",
    "raw_value",
]

_CITY_COLUMNS = ["city_id", "name", "country", "region", "population"]
_VALUE_COLUMNS = ["city_id", "value", "source_id", "unit_name", "basis", "note"]


@dataclass(frozen=True, eq=False)
class RankingResult:
    """A ranking plus what it left out, so the page never hides a city silently.

    ``frame`` holds one row per ranked city (columns ``RANKING_COLUMNS``), best first.
    ``missing_city_ids`` are cities inside the filter with no value in ``year``;
    ``no_population_city_ids`` are cities that have a value but could not be expressed per
    million because their population is unknown (only filled when ``per_million``).
    """

    frame: pd.DataFrame
    indicator_id: str
    year: int | None
    previous_year: int | None
    higher_is_better: bool
    per_million: bool
    missing_city_ids: tuple[str, ...]
    no_population_city_ids: tuple[str, ...]

    @property
    def ranked_count(self) -> int:
        return len(self.frame)

    @property
    def missing_count(self) -> int:
        return len(self.missing_city_ids)

    @property
    def no_population_count(self) -> int:
        return len(self.no_population_city_ids)

    @property
    def notes(self) -> list[str]:
        """Plain sentences for a caption, because counts alone are easy to overlook."""
        out: list[str] = []
        if self.year is None:
            out.append(_("No values for {indicator}.").format(indicator=self.indicator_id))
            return out
        out.append(
            ngettext(
                "{n} city ranked ({year}).", "{n} cities ranked ({year}).", self.ranked_count
            ).format(n=format_count(self.ranked_count), year=self.year)
        )
        if self.missing_count:
            out.append(
                ngettext(
                    "{n} city has no data for {year} (not ranked).",
                    "{n} cities have no data for {year} (not ranked).",
                    self.missing_count,
                ).format(n=format_count(self.missing_count), year=self.year)
            )
        if self.no_population_count:
            out.append(
                ngettext(
                    "{n} city left out of the per-million ranking because its population is "
                    "unknown.",
                    "{n} cities left out of the per-million ranking because their population "
                    "is unknown.",
                    self.no_population_count,
                ).format(n=format_count(self.no_population_count))
            )
        if self.previous_year is not None:
            out.append(_("Rank change compared with {year}.").format(year=self.previous_year))
        return out


def available_years(values: pd.DataFrame, indicator_id: str) -> list[int]:
    """Years with at least one real figure, so a year picker never offers an empty edition."""
    rows = values.loc[(values["indicator_id"] == indicator_id) & values["value"].notna(), "year"]
    return sorted({int(y) for y in rows.dropna()})


def _as_set(items: str | Iterable[str] | None) -> set[str] | None:
    # A single string is a common slip (region="Europe"); treat it as one item, not characters.
    if items is None:
        return None
    if isinstance(items, str):
        return {items}
    return {str(i) for i in items}


def _filter_cities(
    cities: pd.DataFrame,
    region: str | Iterable[str] | None,
    country: str | Iterable[str] | None,
    city_ids: str | Iterable[str] | None,
) -> pd.DataFrame:
    universe = cities.loc[:, [c for c in _CITY_COLUMNS if c in cities.columns]]
    mask = pd.Series(True, index=universe.index)
    for column, allowed in (("region", region), ("country", country), ("city_id", city_ids)):
        allowed_set = _as_set(allowed)
        if allowed_set is not None:
            mask &= universe[column].isin(allowed_set).fillna(False).astype(bool)
    return universe.loc[mask]


def _rank_one_year(
    values: pd.DataFrame,
    universe: pd.DataFrame,
    indicator_id: str,
    year: int,
    higher_is_better: bool,
    per_million: bool,
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Rank within an already-filtered set of cities; shared by the current and previous year
    so that rank change compares like with like."""
    sel = (
        (values["indicator_id"] == indicator_id)
        & (values["year"] == year)
        & values["value"].notna()
        & values["city_id"].isin(universe["city_id"])
    )
    rows = values.loc[sel, [c for c in _VALUE_COLUMNS if c in values.columns]]
    merged = universe.merge(rows, on="city_id", how="inner")
    merged["value"] = merged["value"].astype("float64")
    merged["raw_value"] = merged["value"]

    have_value = set(merged["city_id"])
    missing = sorted(set(universe["city_id"]) - have_value)

    no_population: list[str] = []
    if per_million:
        population = pd.to_numeric(merged["population"], errors="coerce").astype("float64")
        usable = population.notna() & (population > 0)
        no_population = sorted(merged.loc[~usable, "city_id"])
        merged = merged.loc[usable].copy()
        merged["value"] = merged["value"] / (population[usable] * 1e-6)

    merged["rank"] = (
        merged["value"].rank(method="min", ascending=not higher_is_better).astype("Int64")
    )
    merged["year"] = int(year)
    return merged, missing, no_population


def rank_indicator(
    values: pd.DataFrame,
    cities: pd.DataFrame,
    indicator_id: str,
    year: int | None = None,
    higher_is_better: bool = True,
    per_million: bool = False,
    region: str | Iterable[str] | None = None,
    country: str | Iterable[str] | None = None,
    city_ids: str | Iterable[str] | None = None,
    values_are_ranks: bool = False,
) -> RankingResult:
    """Rank the cities inside a filter on one indicator for one year.

    ``year=None`` takes the indicator's latest edition across all cities (not per city), so
    every city is compared on the same edition. ``region``/``country``/``city_ids`` narrow the
    set of cities compared (``city_ids`` is e.g. the members of a network); ranks are positions
    within that set, not the published rank, which stays visible in ``value`` for rank
    indicators. ``rank_change`` is ``previous_rank - rank`` (positive = moved up) against the
    indicator's previous available year ranked with the same filter and options; NaN where the
    city was not ranked then. Values of cities absent from ``cities`` cannot be placed in a
    region and are ignored. Whether per-million is meaningful (not for ranks, nor for a GII
    cluster figure against a city-proper population) is the catalogue's ``per_million`` flag,
    which the caller checks; ``higher_is_better`` likewise comes from the catalogue.

    ``values_are_ranks`` (catalogue ``value_type == "rank"``) makes ``previous_rank`` the
    city's published rank in the previous edition and ``rank_change`` the change in published
    rank (``previous value - value``, positive = moved up). Positions among the cities the Atlas
    holds are not comparable between editions that list different cities, published ranks are.
    """
    years = available_years(values, indicator_id)
    universe = _filter_cities(cities, region, country, city_ids)
    if year is None:
        year = years[-1] if years else None

    if year is None:
        frame = pd.DataFrame({c: pd.Series(dtype="object") for c in RANKING_COLUMNS})
        return RankingResult(
            frame=frame,
            indicator_id=indicator_id,
            year=None,
            previous_year=None,
            higher_is_better=higher_is_better,
            per_million=per_million,
            missing_city_ids=tuple(sorted(universe["city_id"])),
            no_population_city_ids=(),
        )

    year = int(year)
    current, missing, no_population = _rank_one_year(
        values, universe, indicator_id, year, higher_is_better, per_million
    )

    earlier = [y for y in years if y < year]
    previous_year = earlier[-1] if earlier else None
    if previous_year is not None and values_are_ranks:
        # Only the city's own published rank is needed, so the previous edition is not
        # filtered or divided by population (per-million is never valid for a rank).
        earlier_rows = values.loc[
            (values["indicator_id"] == indicator_id)
            & (values["year"] == previous_year)
            & values["value"].notna(),
            ["city_id", "value"],
        ].drop_duplicates("city_id")
        prev_rank = (
            current["city_id"]
            .map(earlier_rows.set_index("city_id")["value"].astype("float64"))
            .astype("float64")
        )
        current["previous_rank"] = prev_rank
        current["rank_change"] = prev_rank - current["value"]
    elif previous_year is not None:
        previous, _unused, _missing = _rank_one_year(
            values, universe, indicator_id, previous_year, higher_is_better, per_million
        )
        prev_rank = (
            current["city_id"]
            .map(previous.set_index("city_id")["rank"].astype("float64"))
            .astype("float64")
        )
        current["previous_rank"] = prev_rank
        current["rank_change"] = prev_rank - current["rank"].astype("float64")
    else:
        current["previous_rank"] = pd.Series(np.nan, index=current.index, dtype="float64")
        current["rank_change"] = pd.Series(np.nan, index=current.index, dtype="float64")

    for column in RANKING_COLUMNS:
        if column not in current.columns:
            current[column] = pd.NA
    frame = (
        current.sort_values(["rank", "name", "city_id"], kind="mergesort", na_position="last")
        .loc[:, RANKING_COLUMNS]
        .reset_index(drop=True)
    )
    return RankingResult(
        frame=frame,
        indicator_id=indicator_id,
        year=year,
        previous_year=previous_year,
        higher_is_better=higher_is_better,
        per_million=per_million,
        missing_city_ids=tuple(missing),
        no_population_city_ids=tuple(no_population),
    )


# --------------------------------------------------------------------------------------------
# Around a ranking: which edition, search, geography
# --------------------------------------------------------------------------------------------

LATEST = "latest"


@dataclass(frozen=True)
class EditionChoice:
    """The edition to rank, and a sentence saying how it was chosen when that is not obvious."""

    year: int | None
    note: str | None = None


def choose_edition(
    years: Sequence[int], requested: str | int | None, filter_year: int | None = None
) -> EditionChoice:
    """Pick the edition to show from the editions an indicator has.

    An explicit edition the indicator has wins. "latest" (or an edition it does not have) means
    the newest edition, or, when the shared sidebar year is set, the newest edition up to that
    year, because "year 2022" on every other page means "as known in 2022". If no edition is
    that old, the oldest edition is shown and the note says so instead of showing nothing.
    """
    available = sorted({int(y) for y in years})
    if not available:
        return EditionChoice(None, _("This indicator has no values yet."))
    notes: list[str] = []
    if requested not in (None, LATEST):
        try:
            wanted = int(requested)
        except (TypeError, ValueError):
            wanted = None
        if wanted in available:
            if filter_year is not None and wanted != filter_year:
                return EditionChoice(
                    wanted,
                    _(
                        "Showing the {year} edition you chose; the sidebar year ({sidebar}) "
                        "applies to “Latest available” only."
                    ).format(year=wanted, sidebar=filter_year),
                )
            return EditionChoice(wanted)
        notes.append(
            _("This indicator has no {requested} edition (editions: {editions}).").format(
                requested=requested, editions=", ".join(str(y) for y in available)
            )
        )
    if filter_year is None:
        year = available[-1]
        if notes:
            notes.append(_("Showing the latest, {year}.").format(year=year))
        return EditionChoice(year, " ".join(notes) or None)
    up_to = [y for y in available if y <= filter_year]
    if up_to:
        year = up_to[-1]
        notes.append(
            _("Showing {year}, the latest edition up to the sidebar year {sidebar}.").format(
                year=year, sidebar=filter_year
            )
            if year != filter_year
            else _("Showing {year}, the year set in the sidebar.").format(year=year)
        )
    else:
        year = available[0]
        notes.append(
            _(
                "No edition of this indicator is as old as the sidebar year {sidebar}; showing "
                "the oldest, {year}."
            ).format(sidebar=filter_year, year=year)
        )
    return EditionChoice(year, " ".join(notes))


def fold_text(text: object) -> str:
    """Lower-case, accent-free form for matching what people type ("sao" finds "São Paulo")."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return fold(str(text)).strip()


def search_mask(
    frame: pd.DataFrame,
    query: str | None,
    columns: Sequence[str],
    names: pd.Series | None = None,
) -> pd.Series:
    """Rows where every word of ``query`` appears in one of ``columns`` (accents, case ignored).

    An empty query keeps every row. Words are matched as plain substrings, never as regular
    expressions, so a typed "(" or "*" is just a character. ``names`` (aligned with ``frame``)
    adds each row's city names in every language (atlas.placenames.city_search_names), so
    "Ginebra" finds Geneva on a page in any language.
    """
    words = fold_text(query).split()
    keep = pd.Series(True, index=frame.index)
    if not words:
        return keep
    haystack = pd.Series("", index=frame.index)
    for column in columns:
        if column in frame.columns:
            haystack = haystack + " " + frame[column].map(fold_text)
    if names is not None:
        haystack = haystack + " " + names.reindex(frame.index).fillna("").map(fold_text)
    for word in words:
        keep &= haystack.str.contains(word, regex=False)
    return keep


def geo_label(geo_unit: object, unit_name: object) -> str:
    """'GII cluster: Tokyo–Yokohama', or just the unit type ('city proper') without a name."""
    unit = "" if geo_unit is None or pd.isna(geo_unit) else str(geo_unit)
    name = "" if unit_name is None or pd.isna(unit_name) else str(unit_name).strip()
    if unit and name:
        return f"{unit}: {name}"
    return unit or name or _("not stated")
