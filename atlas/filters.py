"""The shared filters (region, country, network, year) as plain functions on the Atlas.

Every page filters the same way, so a city counted on the Map is the city ranked on Rankings.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

from atlas import terms
from atlas.i18n import _
from atlas.load import Atlas
from atlas.wording import join_clauses


@dataclass(frozen=True)
class Filters:
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    year: int | None = None  # None = latest available
    extra: dict = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return bool(self.regions or self.countries or self.networks or self.year)

    def describe(self, atlas: Atlas) -> str:
        """'regions: Europe; year: 2020', in the run's language, for a "Filtered:" caption."""
        parts = []
        if self.regions:
            parts.append(
                _("regions: {names}").format(names=", ".join(map(terms.region, self.regions)))
            )
        if self.countries:
            names = atlas.cities.drop_duplicates("country").set_index("country")["country_name"]
            parts.append(
                _("countries: {names}").format(
                    names=", ".join(names.get(c, c) for c in self.countries)
                )
            )
        if self.networks:
            parts.append(
                _("networks: {names}").format(
                    names=", ".join(atlas.networks["name"].get(n, n) for n in self.networks)
                )
            )
        if self.year:
            parts.append(_("year: {year}").format(year=self.year))
        return join_clauses(parts) if parts else _("all cities, latest year")


def city_ids(atlas: Atlas, filters: Filters) -> pd.Index:
    """Cities passing region, country and network filters (a city must be in every chosen set)."""
    cities = atlas.cities
    keep = pd.Series(True, index=cities.index)
    if filters.regions:
        keep &= cities["region"].isin(filters.regions)
    if filters.countries:
        keep &= cities["country"].isin(filters.countries)
    if filters.networks:
        members = atlas.memberships.loc[
            atlas.memberships["network_id"].isin(filters.networks), "city_id"
        ]
        keep &= cities.index.isin(members)
    return cities.index[keep]


def values_for(
    atlas: Atlas, indicator_id: str, filters: Filters, allowed: Collection[str] | None = None
) -> pd.DataFrame:
    """One value per city for an indicator: the chosen year, or each city's latest."""
    values = atlas.values
    rows = values.loc[values["indicator_id"] == indicator_id]
    ids = city_ids(atlas, filters) if allowed is None else pd.Index(allowed)
    rows = rows.loc[rows["city_id"].isin(ids)]
    if filters.year:
        rows = rows.loc[rows["year"] <= filters.year]
    rows = rows.sort_values("year").drop_duplicates("city_id", keep="last")
    return rows.set_index("city_id", drop=False)


def available_years(atlas: Atlas) -> list[int]:
    return sorted(int(y) for y in atlas.values["year"].dropna().unique())
