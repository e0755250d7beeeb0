"""Small, reusable renderings of facts: a city's key figures, a colour legend, a sources line."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from atlas import placenames, terms
from atlas.cityfacts import latest_figures, population_basis
from atlas.i18n import _
from atlas.load import Atlas
from atlas.numbers import format_count, format_number, no_data
from atlas.text import md_text
from atlas.wording import unit_for
from components.legend import legend_alt, legend_svg
from ui.cache import atlas_cached
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


# Every city picker's labels (the name in the run's language with its other names, sorted
# accent-blind): worked out once per data version and language, not on every rerun (19 ms on
# the Map at curated size). resource: the pages only read the dict.
city_picker_labels = atlas_cached(resource=True, max_entries=8)(placenames.city_picker_labels)


def city_label(atlas: Atlas) -> dict[str, str]:
    cities = atlas.cities
    return dict(zip(cities.index, cities["name"] + ", " + cities["country_name"], strict=True))


def latest_values(atlas: Atlas, city_id: str) -> pd.DataFrame:
    """The city's latest figures, formatted for a table (sources linked)."""
    rows = latest_figures(atlas, city_id)
    return pd.DataFrame(
        {
            _("Indicator"): rows["label"],
            _("Value"): rows["value"].map(format_number),
            _("Unit"): [unit_for(v, u) for v, u in zip(rows["value"], rows["unit"], strict=True)],
            _("Year"): rows["year"],
            _("Geography"): rows["geography"],
            _("Source"): rows["publisher"],
            _("Link"): rows["url"],
        }
    )


def key_facts(atlas: Atlas, city_id: str) -> None:
    city = atlas.cities.loc[city_id]
    population = (
        no_data()
        if pd.isna(city["population"])
        else f"{format_count(int(city['population']))} ({population_basis(atlas, city_id)})"
    )
    st.markdown(
        f"**{md_text(city['name'])}**, {md_text(city['country_name'])} · "
        f"{md_text(terms.region(city['region']))}"
    )
    st.caption(_("Population: {population}").format(population=md_text(population)))
    table = latest_values(atlas, city_id)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            # wide enough for a population in full ("1.686.208"), which the grid cut off
            _("Value"): st.column_config.TextColumn(_("Value"), width=96),
            _("Link"): st.column_config.LinkColumn(
                _("Link"), display_text=_("source"), width="small"
            ),
        },
    )
    left, right = st.columns([4, 1], vertical_alignment="center")
    with left:
        st.page_link(
            "pages/profile.py",
            label=_("Open the full city profile"),
            icon=":material/location_city:",
            query_params={"city": city_id},
        )
    with right:
        figures = latest_figures(atlas, city_id).drop(columns=["url"])
        download_buttons(atlas, figures, f"key-figures-{city['name']}", key=f"facts.{city_id}")
