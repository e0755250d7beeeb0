"""The sections of the City profile, drawn from a cached ``CityProfile``.

Kept out of the page script so the page stays a short list of widgets and sections (and
because Streamlit recompiles the page script, not imported modules, on every run).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas.citation import markdown_line
from atlas.cityfacts import population_basis
from atlas.editions import absent_from_partial
from atlas.load import Atlas
from atlas.text import md_text
from atlas.views import profile as model
from ui import profile_view as view
from ui.facts import legend
from ui.panels import (
    figure_panel,
    fit_height,
    link_column,
    plural,
    profile_link_column,
    sourced_table,
)
from ui.story import show_reading
from ui.views import counted_map_text

YEAR = st.column_config.NumberColumn(format="%d", width="small")


def prompt(atlas: Atlas, labels: dict[str, str]) -> None:
    """No city chosen yet: say what the page offers and suggest where to start."""
    st.info(
        f"Choose one of {len(labels)} cities above to see its key facts, the diplomacy hubs it "
        "hosts and operates, its partner cities, its networks, its innovation outputs and where "
        "it stands against all cities and its own region.",
        icon=":material/location_city:",
    )
    st.markdown("Or start with one of the cities hosting the most diplomacy hubs:")
    columns = st.columns(4)
    for i, suggestion in enumerate(model.suggested_cities(atlas)):
        columns[i % 4].page_link(
            "pages/profile.py",
            label=labels[suggestion],
            query_params={"city": suggestion},
            icon=":material/location_city:",
        )


def key_facts(atlas: Atlas, city: pd.Series, profile: model.CityProfile) -> None:
    st.header(f"{md_text(city['name'])}, {md_text(city['country_name'])}", anchor=False)
    show_reading(atlas, str(city["city_id"]))
    no_population = pd.isna(city["population"])
    row = st.columns(4)
    row[0].metric("Country", str(city["country_name"]), help=f"ISO 3166 code {city['country']}")
    row[1].metric("Region", str(city["region"]))
    row[2].metric(
        "Population",
        "no data" if no_population else f"{int(city['population']):,}",
        help=(
            "No population in the GeoNames extract"
            if no_population
            else population_basis(atlas, city["city_id"])
        ),
    )
    geonames = city["geonames_id"]
    row[3].metric("GeoNames id", "no data" if pd.isna(geonames) else str(int(geonames)))
    parts = []
    if not no_population:
        parts.append(f"Population: {md_text(population_basis(atlas, city['city_id']))}.")
    if not pd.isna(geonames):
        parts.append(f"[GeoNames record](https://www.geonames.org/{int(geonames)}).")
    parts.append(markdown_line(atlas.sources, [city["source_id"]]))
    st.caption(" ".join(parts))

    row = st.columns(4)
    row[0].metric(
        "Hubs hosted",
        profile.active_hubs,
        help=f"Active hubs in the city; {len(profile.hosted.table)} listed in all "
        "(closed and announced too)",
    )
    row[1].metric(
        f"Hubs {city['country_name']} runs elsewhere",
        profile.active_elsewhere,
        help="Active hubs whose operator is the city's country, in other cities",
    )
    row[2].metric(
        "Partner cities",
        profile.active_partners,
        help=f"Distinct cities with an active agreement; {len(profile.partners.table)} "
        "agreements listed",
    )
    row[3].metric(
        "City networks",
        profile.n_networks,
        help="Networks listing the city as a member or office holder (some lists are incomplete)",
    )
    st.caption(
        "Counts of what the Atlas lists, computed by the Atlas from its hub, partnership and "
        "network lists; a city absent from a list is 'not listed', not necessarily absent."
    )


def standing(city: pd.Series, profile: model.CityProfile, year: int | None, atlas: Atlas) -> None:
    st.subheader("Where it stands", anchor=False)
    section = profile.standing
    if section.empty:
        st.info(
            "The Atlas holds no figure for this city"
            + (f" up to {year}" if year else "")
            + ". Clear the sidebar year to see its latest figures.",
            icon=":material/info:",
        )
        return
    region = str(city["region"])
    st.caption(
        "Percentile: the share of other cities with a figure in the same year that this city "
        "does better than, a tie counting half (100 = best; for ranks, lower is better). "
        "Compared with all "
        f"cities and with the cities of {md_text(region)}; 'Among' counts the cities with a "
        "figure that year, this one included (1: no comparison)."
        + (f" Figures up to {year} (sidebar year)." if year else "")
    )
    progress = {"format": "%.0f", "min_value": 0, "max_value": 100, "width": "small"}
    sourced_table(
        atlas,
        section.table,
        key="profile.standing",
        stem=f"{profile.city_id}-standing",
        line=section.line,
        column_config={
            "Indicator": st.column_config.TextColumn(width="medium"),
            "Value": st.column_config.TextColumn(width="medium"),
            "Year": YEAR,
            "vs all cities": st.column_config.ProgressColumn(**progress),
            "Among": st.column_config.NumberColumn(
                width="small", help="Cities with a figure that year, this one included"
            ),
            "vs region": st.column_config.ProgressColumn(f"vs {region}", **progress),
            "Among (region)": st.column_config.NumberColumn(
                f"Among ({region})",
                width="small",
                help=f"Cities of {region} with a figure that year, this one included",
            ),
            "Geography": st.column_config.TextColumn(width="small"),
            "Source": st.column_config.TextColumn(width="medium"),
        },
        height=fit_height(len(section.table), cap=30),
    )
    absent = absent_from_partial(atlas, str(city["city_id"]), year)
    if absent:
        st.caption(
            f"{md_text(city['name'])} is not in the Atlas's copy of these rankings, which hold "
            "part of the published table (it may be ranked there): "
            + md_text("; ".join(absent))
            + "."
        )


def outputs(atlas: Atlas, profile: model.CityProfile, year: int | None) -> None:
    st.subheader("Innovation outputs and ranks over time", anchor=False)
    several, single = profile.outputs_table, profile.outputs_latest
    config = {"Year": YEAR, "Link": link_column()}
    if several.empty and single.empty:
        st.caption(
            "No published innovation output or ranking lists this city"
            + (f" up to {year}" if year else "")
            + ". The Data and methods page lists the rankings the Atlas carries."
        )
        return
    if not several.empty:
        figure_panel(
            atlas,
            view.outputs_figure(atlas, profile.city_id, year),
            several.table,
            key="profile.outputs",
            stem=f"{profile.city_id}-outputs",
            line=several.line,
            column_config=config,
        )
    if not single.empty:
        if not several.empty:
            st.markdown("**Published for one edition only**")
        sourced_table(
            atlas,
            single.table,
            key="profile.outputs_single",
            stem=f"{profile.city_id}-outputs-latest",
            line=single.line,
            column_config=config,
        )


def hubs(atlas: Atlas, city: pd.Series, profile: model.CityProfile) -> None:
    st.subheader("Diplomacy hubs", anchor=False)
    config = {
        "Hub": st.column_config.TextColumn(width="medium"),
        "Operator": st.column_config.TextColumn(width="medium"),
        "Opened": YEAR,
        "Link": link_column(),
    }
    name, country = md_text(city["name"]), md_text(city["country_name"])
    st.markdown(f"**Hosted in {name}** ({len(profile.hosted.table)})")
    if profile.hosted.empty:
        st.caption(
            "The Atlas lists no foreign innovation office, science attaché or city initiative "
            "here. The Hubs page shows where they are."
        )
    else:
        sourced_table(
            atlas,
            profile.hosted.table,
            key="profile.hosted",
            stem=f"{profile.city_id}-hubs-hosted",
            line=profile.hosted.line,
            column_config=config,
        )
    elsewhere = profile.elsewhere
    st.markdown(f"**Operated by {country} in other cities** ({len(elsewhere.table)})")
    if elsewhere.empty:
        st.caption(f"The Atlas lists no hub run by {country} in another city.")
    else:
        sourced_table(
            atlas,
            elsewhere.table,
            key="profile.elsewhere",
            stem=f"{profile.city_id}-hubs-operated-elsewhere",
            line=elsewhere.line,
            column_config=config,
            height=fit_height(len(elsewhere.table), cap=8),
        )


def partners(atlas: Atlas, profile: model.CityProfile) -> None:
    st.subheader("Partner cities", anchor=False)
    section = profile.partners
    if section.empty:
        st.caption(
            "The Atlas lists no twinning, sister-city, cooperation or science agreement for this "
            "city. Its lists are incomplete: none listed is not the same as none signed."
        )
        return
    raw = profile.partners_raw
    map_col, legend_col = st.columns([4, 1])
    with map_col:
        st.pydeck_chart(view.partner_deck(atlas, profile.city_id), height=380, width="stretch")
    with legend_col:
        legend(view.type_legend(raw), "Agreement type")
    st.caption(
        f"{plural(len(raw), 'agreement')} with "
        f"{plural(raw['partner_id'].nunique(), 'city', 'cities')}, all statuses. Hover an arc "
        "for its type, year, status and source."
    )
    counted_map_text(
        "agreement type",
        "partnership arcs",
        raw["type"].astype(str).value_counts().to_dict(),
        section.table[["Partner", "Country", "Type", "Year", "Status", "Source"]],
    )
    sourced_table(
        atlas,
        section.table,
        key="profile.partners",
        stem=f"{profile.city_id}-partners",
        line=section.line,
        column_config={"Year": YEAR, "Link": link_column(), "Profile": profile_link_column()},
    )


def networks(atlas: Atlas, profile: model.CityProfile) -> None:
    st.subheader("City networks", anchor=False)
    section = profile.networks
    if section.empty:
        st.caption(
            "No city network in the Atlas lists this city. Most member lists held are "
            "incomplete, so this is 'not listed', not 'not a member'."
        )
        return
    sourced_table(
        atlas,
        section.table,
        key="profile.networks",
        stem=f"{profile.city_id}-networks",
        line=section.line,
        column_config={"Since": YEAR, "Link": link_column()},
    )
