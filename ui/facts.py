"""Small, reusable renderings of facts: a city's key figures, a colour legend, a sources line."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from atlas.load import Atlas
from components.maps import format_number


def legend(items: Sequence[tuple[str, str]], title: str) -> None:
    """Colour legend as a styled table: colours are CSS on cells, labels stay plain text."""
    if not items:
        return
    frame = pd.DataFrame({"": ["" for _ in items], title: [label for label, _ in items]})
    colours = [colour for _, colour in items]
    styled = frame.style.apply(lambda _: [f"background-color: {c}" for c in colours], subset=[""])
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        column_config={"": st.column_config.TextColumn(width=24)},
    )


def city_label(atlas: Atlas) -> dict[str, str]:
    cities = atlas.cities
    return dict(zip(cities.index, cities["name"] + ", " + cities["country_name"], strict=True))


def latest_values(atlas: Atlas, city_id: str) -> pd.DataFrame:
    """The city's latest figure for each indicator, with unit, year, unit name and source."""
    rows = atlas.values.loc[atlas.values["city_id"] == city_id]
    rows = rows.sort_values("year").drop_duplicates("indicator_id", keep="last")
    cat = atlas.indicators
    src = atlas.sources
    out = pd.DataFrame(
        {
            "Indicator": rows["indicator_id"].map(cat["label"]),
            "Value": rows["value"].map(format_number),
            "Unit": rows["indicator_id"].map(cat["unit"]),
            "Year": rows["year"].astype(int),
            "Geography": [
                f"{cat.at[i, 'geo_unit']}: {u}"
                if isinstance(u, str) and u
                else cat.at[i, "geo_unit"]
                for i, u in zip(rows["indicator_id"], rows["unit_name"], strict=True)
            ],
            "Source": rows["source_id"].map(src["publisher"]),
            "Link": rows["source_id"].map(src["url"]),
            "group": rows["indicator_id"].map(cat["group"]),
        }
    )
    order = {"profile": 0, "diplomacy": 1, "partnerships": 2, "outputs": 3}
    out["group"] = out["group"].map(order)
    return out.sort_values(["group", "Indicator"])


def key_facts(atlas: Atlas, city_id: str) -> None:
    city = atlas.cities.loc[city_id]
    population = (
        "no data"
        if pd.isna(city["population"])
        else f"{int(city['population']):,} ({city['population_unit']}, GeoNames "
        f"{int(city['population_year'])})"
    )
    st.markdown(f"**{city['name']}**, {city['country_name']} · {city['region']}")
    st.caption(f"Population: {population}")
    table = latest_values(atlas, city_id).drop(columns="group")
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"Link": st.column_config.LinkColumn("Link", display_text="source")},
    )
