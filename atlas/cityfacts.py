"""A city's latest figure for each indicator, with unit, year, geography and source.

The same table feeds the key-facts panels in the app and the offline briefing, so both show
the same figures with the same credits.
"""

from __future__ import annotations

import pandas as pd

from atlas import terms
from atlas.catalogue import GROUP_ORDER
from atlas.i18n import _
from atlas.load import Atlas
from atlas.numbers import format_month


def latest_figures(atlas: Atlas, city_id: str) -> pd.DataFrame:
    """One row per indicator the city has a figure for: its latest year's value."""
    rows = atlas.values.loc[atlas.values["city_id"] == city_id]
    rows = rows.sort_values("year").drop_duplicates("indicator_id", keep="last")
    cat = atlas.indicators
    src = atlas.sources
    geo = [
        # Translators: a geographic unit and the published name of the one a figure describes
        # ("GII cluster: Tokyo–Yokohama").
        _("{unit}: {name}").format(unit=cat.at[i, "geo_unit"], name=u)
        if isinstance(u, str) and u
        else cat.at[i, "geo_unit"]
        for i, u in zip(rows["indicator_id"], rows["unit_name"], strict=True)
    ]
    out = pd.DataFrame(
        {
            "indicator_id": rows["indicator_id"].to_numpy(),
            "label": rows["indicator_id"].map(cat["label"]).to_numpy(),
            "value": rows["value"].astype(float).to_numpy(),
            "unit": rows["indicator_id"].map(cat["unit"]).to_numpy(),
            "year": rows["year"].astype(int).to_numpy(),
            "geography": geo,
            "source_id": rows["source_id"].to_numpy(),
            "publisher": rows["source_id"].map(src["publisher"]).to_numpy(),
            "url": rows["source_id"].map(src["url"]).to_numpy(),
            "group": rows["indicator_id"].map(cat["group"]).to_numpy(),
        }
    )
    out["order"] = out["group"].map(GROUP_ORDER).fillna(9)
    return out.sort_values(["order", "label"]).drop(columns="order").reset_index(drop=True)


def population_basis(atlas: Atlas, city_id: str) -> str:
    """What a city's population figure is: 'city proper, GeoNames, retrieved Nov 2026'.

    GeoNames does not say which census or estimate year a population comes from, so no year
    is claimed unless the data give one (population_year); the source's retrieval month is what
    is known, and the publisher is read from the source, never assumed.
    """
    city = atlas.cities.loc[city_id]
    unit = city.get("population_unit")
    # the schema's geographic units are marked in atlas/terms.py; "city" is the fallback
    unit = terms.geo_unit(unit) if isinstance(unit, str) and unit else _("city")
    sid = city.get("source_id")
    publisher = atlas.sources["publisher"].get(sid) if isinstance(sid, str) else None
    publisher = publisher if isinstance(publisher, str) else _("source not named")
    year = city.get("population_year")
    if year is not None and not pd.isna(year):
        # Translators: what a population figure is: "city proper, GeoNames 2024".
        return _("{unit}, {publisher} {year}").format(
            unit=unit, publisher=publisher, year=int(year)
        )
    retrieved = atlas.sources["retrieved"].get(sid) if isinstance(sid, str) else None
    if retrieved is not None and not pd.isna(retrieved):
        # Translators: "city proper, GeoNames, retrieved Nov 2026" (the month in the language).
        return _("{unit}, {publisher}, retrieved {month}").format(
            unit=unit, publisher=publisher, month=format_month(str(retrieved))
        )
    return f"{unit}, {publisher}"
