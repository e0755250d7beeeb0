"""Small, reusable renderings of facts: a city's key figures, a colour legend, a sources line."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from atlas.cityfacts import latest_figures, population_basis
from atlas.load import Atlas
from atlas.wording import unit_for
from components.legend import legend_alt, legend_svg
from components.maps import format_number
from ui.downloads import download_buttons


def legend(
    items: Sequence[tuple[str, str]],
    title: str,
    *,
    presentation: bool = False,
) -> None:
    """Colour legend: swatches and labels as a picture, large type in presentation mode."""
    if not items:
        return
    dark = getattr(st.context.theme, "type", None) == "dark"
    st.image(_legend_svg(tuple(items), title, presentation, dark), alt=legend_alt(items, title))


#: Widest legend picture in presentation mode: the Map's side column on a 1,440 px screen.
PRESENTATION_LEGEND_PX = 250


@st.cache_data(max_entries=256, show_spinner=False)
def _legend_svg(
    items: tuple[tuple[str, str], ...], title: str, presentation: bool, dark: bool
) -> str:
    """Legends repeat on every rerun; draw each distinct one once per process."""
    width = PRESENTATION_LEGEND_PX if presentation else None
    return legend_svg(items, title, presentation=presentation, dark=dark, max_width=width)


def city_label(atlas: Atlas) -> dict[str, str]:
    cities = atlas.cities
    return dict(zip(cities.index, cities["name"] + ", " + cities["country_name"], strict=True))


def latest_values(atlas: Atlas, city_id: str) -> pd.DataFrame:
    """The city's latest figures, formatted for a table (sources linked)."""
    rows = latest_figures(atlas, city_id)
    return pd.DataFrame(
        {
            "Indicator": rows["label"],
            "Value": rows["value"].map(format_number),
            "Unit": [unit_for(v, u) for v, u in zip(rows["value"], rows["unit"], strict=True)],
            "Year": rows["year"],
            "Geography": rows["geography"],
            "Source": rows["publisher"],
            "Link": rows["url"],
        }
    )


def key_facts(atlas: Atlas, city_id: str) -> None:
    city = atlas.cities.loc[city_id]
    population = (
        "no data"
        if pd.isna(city["population"])
        else f"{int(city['population']):,} ({population_basis(atlas, city_id)})"
    )
    st.markdown(
        f"**{md_text(city['name'])}**, {md_text(city['country_name'])} · {md_text(city['region'])}"
    )
    st.caption(f"Population: {md_text(population)}")
    table = latest_values(atlas, city_id)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"Link": st.column_config.LinkColumn("Link", display_text="source")},
    )
    left, right = st.columns([4, 1], vertical_alignment="center")
    with left:
        st.page_link(
            "pages/profile.py",
            label="Open the full city profile",
            icon=":material/location_city:",
            query_params={"city": city_id},
        )
    with right:
        figures = latest_figures(atlas, city_id).drop(columns=["url"])
        download_buttons(atlas, figures, f"key-figures-{city['name']}", key=f"facts.{city_id}")


_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~$:"})


def md_text(value: object) -> str:
    """Data text made safe to put inside Streamlit markdown: shown literally, never as markup."""
    return str(value).translate(_MARKDOWN_SPECIALS)


def source_line(atlas: Atlas, source_ids: Sequence[object], prefix: str = "Source") -> str:
    """'Source: Publisher (year); …' for the sources a view cites, derived ones named as such."""
    # in first-cited order; a dict, not a list scan: a view may cite 100,000 rows
    seen = list(dict.fromkeys(sid for sid in source_ids if isinstance(sid, str)))
    known = atlas.sources.loc[atlas.sources.index.intersection(seen), ["publisher", "year"]]
    cited = {
        sid: f"{md_text(pub)}" + ("" if pd.isna(year) else f" ({int(year)})")
        for sid, pub, year in zip(known.index, known["publisher"], known["year"], strict=True)
    }
    parts = []
    for sid in seen:
        if sid == "atlas-derived":
            parts.append("computed by the Atlas from its hub, partnership and network lists")
        elif sid in cited:
            parts.append(cited[sid])
    if not parts:
        return f"{prefix}: no source for this view"
    shown = parts[:6]
    more = f"; and {len(parts) - 6} more (see the download)" if len(parts) > 6 else ""
    label = prefix if len(parts) == 1 else f"{prefix}s"
    return f"{label}: " + "; ".join(dict.fromkeys(shown)) + more
