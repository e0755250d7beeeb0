"""The sections of the City profile, drawn from a cached ``CityProfile``.

Kept out of the page script so the page stays a short list of widgets and sections (and
because Streamlit recompiles the page script, not imported modules, on every run).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import terms
from atlas.citation import markdown_line
from atlas.cityfacts import population_basis
from atlas.editions import absent_from_partial
from atlas.i18n import _, ngettext
from atlas.load import Atlas
from atlas.numbers import format_count, no_data
from atlas.text import md_text
from atlas.views import profile as model
from ui import profile_view as view
from ui.facts import legend
from ui.headers import translated_headers
from ui.panels import (
    figure_panel,
    fit_height,
    link_column,
    profile_link_column,
    sourced_table,
)
from ui.profile_links import keep_language, profile_query
from ui.story import show_reading
from ui.views import counted_map_text

YEAR = st.column_config.NumberColumn(format="%d", width="small")


def prompt(atlas: Atlas, labels: dict[str, str]) -> None:
    """No city chosen yet: say what the page offers and suggest where to start."""
    st.info(
        ngettext(
            "Choose one of {n} city above to see its key facts, the diplomacy hubs it hosts "
            "and operates, its partner cities, its networks, its innovation outputs and where "
            "it stands against all cities and its own region.",
            "Choose one of {n} cities above to see its key facts, the diplomacy hubs it hosts "
            "and operates, its partner cities, its networks, its innovation outputs and where "
            "it stands against all cities and its own region.",
            len(labels),
        ).format(n=format_count(len(labels))),
        icon=":material/location_city:",
    )
    st.markdown(_("Or start with one of the cities hosting the most diplomacy hubs:"))
    columns = st.columns(4)
    for i, suggestion in enumerate(model.suggested_cities(atlas)):
        columns[i % 4].page_link(
            "pages/profile.py",
            label=labels[suggestion],
            query_params=profile_query(suggestion),
            icon=":material/location_city:",
        )


def key_facts(atlas: Atlas, city: pd.Series, profile: model.CityProfile) -> None:
    st.header(
        # Translators: the profile's heading, e.g. "Barcelona, Spain"
        _("{city}, {country}").format(
            city=md_text(city["name"]), country=md_text(city["country_name"])
        ),
        anchor=False,
    )
    show_reading(atlas, str(city["city_id"]))
    no_population = pd.isna(city["population"])
    row = st.columns(4)
    row[0].metric(
        _("Country"),
        str(city["country_name"]),
        help=_("ISO 3166 code {code}").format(code=city["country"]),
    )
    row[1].metric(_("Region"), terms.region(city["region"]))
    row[2].metric(
        _("Population"),
        no_data() if no_population else format_count(int(city["population"])),
        help=(
            _("No population in the GeoNames extract")
            if no_population
            else population_basis(atlas, city["city_id"])
        ),
    )
    geonames = city["geonames_id"]
    # an identifier, not a quantity: never grouped
    row[3].metric(_("GeoNames id"), no_data() if pd.isna(geonames) else str(int(geonames)))
    parts = []
    if not no_population:
        parts.append(
            _("Population: {basis}.").format(
                basis=md_text(population_basis(atlas, city["city_id"]))
            )
        )
    if not pd.isna(geonames):
        parts.append(
            _("[GeoNames record]({url}).").format(url=f"https://www.geonames.org/{int(geonames)}")
        )
    parts.append(markdown_line(atlas.sources, [city["source_id"]]))
    st.caption(" ".join(parts))

    row = st.columns(4)
    listed_hubs, listed_agreements = len(profile.hosted.table), len(profile.partners.table)
    row[0].metric(
        _("Hubs hosted"),
        format_count(profile.active_hubs),
        help=ngettext(
            "Active hubs in the city; {n} listed in all (closed and announced too)",
            "Active hubs in the city; {n} listed in all (closed and announced too)",
            listed_hubs,
        ).format(n=format_count(listed_hubs)),
    )
    row[1].metric(
        _("Hubs {country} runs elsewhere").format(country=city["country_name"]),
        format_count(profile.active_elsewhere),
        help=_("Active hubs whose operator is the city's country, in other cities"),
    )
    row[2].metric(
        _("Partner cities"),
        format_count(profile.active_partners),
        help=ngettext(
            "Distinct cities with an active agreement; {n} agreement listed",
            "Distinct cities with an active agreement; {n} agreements listed",
            listed_agreements,
        ).format(n=format_count(listed_agreements)),
    )
    row[3].metric(
        _("City networks"),
        format_count(profile.n_networks),
        help=_(
            "Networks listing the city as a member or office holder (some lists are incomplete)"
        ),
    )
    st.caption(
        _(
            "Counts of what the Atlas lists, computed by the Atlas from its hub, partnership "
            "and network lists; a city absent from a list is 'not listed', not necessarily "
            "absent."
        )
    )


def standing(city: pd.Series, profile: model.CityProfile, year: int | None, atlas: Atlas) -> None:
    st.subheader(_("Where it stands"), anchor=False)
    section = profile.standing
    if section.empty:
        st.info(
            _(
                "The Atlas holds no figure for this city up to {year}. Clear the sidebar year "
                "to see its latest figures."
            ).format(year=year)
            if year
            else _("The Atlas holds no figure for this city."),
            icon=":material/info:",
        )
        return
    region = terms.region(city["region"])
    explained = _(
        "Percentile: the share of other cities with a figure in the same year that this city "
        "does better than, a tie counting half (100 = best; for ranks, lower is better). "
        "Compared with all cities and with the cities of {region}; 'Among' counts the cities "
        "with a figure that year, this one included (1: no comparison)."
    ).format(region=md_text(region))
    if year:
        explained += " " + _("Figures up to {year} (sidebar year).").format(year=year)
    st.caption(explained)
    progress = {"format": "%.0f", "min_value": 0, "max_value": 100, "width": "small"}
    sourced_table(
        atlas,
        section.table,
        key="profile.standing",
        stem=f"{profile.city_id}-standing",
        line=section.line,
        column_config=translated_headers(
            section.table.columns,
            {
                "Indicator": st.column_config.TextColumn(width="medium"),
                "Value": st.column_config.TextColumn(width="medium"),
                "Year": YEAR,
                "vs all cities": st.column_config.ProgressColumn(**progress),
                "Among": st.column_config.NumberColumn(
                    width="small", help=_("Cities with a figure that year, this one included")
                ),
                "vs region": st.column_config.ProgressColumn(
                    # Translators: a column header, e.g. "vs Europe" (percentile in the region)
                    _("vs {region}").format(region=region),
                    **progress,
                ),
                "Among (region)": st.column_config.NumberColumn(
                    # Translators: a column header, e.g. "Among (Europe)"
                    _("Among ({region})").format(region=region),
                    width="small",
                    help=_("Cities of {region} with a figure that year, this one included").format(
                        region=region
                    ),
                ),
                "Geography": st.column_config.TextColumn(width="small"),
                "Source": st.column_config.TextColumn(width="medium"),
            },
        ),
        height=fit_height(len(section.table), cap=30),
    )
    absent = absent_from_partial(atlas, str(city["city_id"]), year)
    if absent:
        st.caption(
            _(
                "{city} is not in the Atlas's copy of these rankings, which hold part of the "
                "published table (it may be ranked there): {rankings}."
            ).format(city=md_text(city["name"]), rankings=md_text("; ".join(absent)))
        )


def outputs(atlas: Atlas, profile: model.CityProfile, year: int | None) -> None:
    st.subheader(_("Innovation outputs and ranks over time"), anchor=False)
    several, single = profile.outputs_table, profile.outputs_latest
    config = translated_headers(
        several.table.columns if not several.empty else single.table.columns,
        {"Year": YEAR, "Link": link_column()},
    )
    if several.empty and single.empty:
        st.caption(
            _(
                "No published innovation output or ranking lists this city up to {year}. The "
                "Data and methods page lists the rankings the Atlas carries."
            ).format(year=year)
            if year
            else _(
                "No published innovation output or ranking lists this city. The Data and "
                "methods page lists the rankings the Atlas carries."
            )
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
            st.markdown("**{}**".format(_("Published for one edition only")))
        sourced_table(
            atlas,
            single.table,
            key="profile.outputs_single",
            stem=f"{profile.city_id}-outputs-latest",
            line=single.line,
            column_config=config,
        )


def hubs(atlas: Atlas, city: pd.Series, profile: model.CityProfile) -> None:
    st.subheader(_("Diplomacy hubs"), anchor=False)
    config = translated_headers(
        [*profile.hosted.table.columns, *profile.elsewhere.table.columns],
        {
            "Hub": st.column_config.TextColumn(width="medium"),
            "Operator": st.column_config.TextColumn(width="medium"),
            "Opened": YEAR,
            "Link": link_column(),
        },
    )
    name, country = md_text(city["name"]), md_text(city["country_name"])
    st.markdown(
        _("**Hosted in {city}** ({n})").format(city=name, n=format_count(len(profile.hosted.table)))
    )
    if profile.hosted.empty:
        st.caption(
            _(
                "The Atlas lists no foreign innovation office, science attaché or city "
                "initiative here. The Hubs page shows where they are."
            )
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
    st.markdown(
        _("**Operated by {country} in other cities** ({n})").format(
            country=country, n=format_count(len(elsewhere.table))
        )
    )
    if elsewhere.empty:
        st.caption(
            _("The Atlas lists no hub run by {country} in another city.").format(country=country)
        )
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
    st.subheader(_("Partner cities"), anchor=False)
    section = profile.partners
    if section.empty:
        st.caption(
            _(
                "The Atlas lists no twinning, sister-city, cooperation or science agreement for "
                "this city. Its lists are incomplete: none listed is not the same as none signed."
            )
        )
        return
    raw = profile.partners_raw
    map_col, legend_col = st.columns([4, 1])
    with map_col:
        st.pydeck_chart(view.partner_deck(atlas, profile.city_id), height=380, width="stretch")
    with legend_col:
        legend(view.type_legend(raw), _("Agreement type"))
    n_agreements, n_cities = len(raw), int(raw["partner_id"].nunique())
    st.caption(
        ngettext(
            "{n} agreement with {cities}, all statuses. Hover an arc for its type, year, status "
            "and source.",
            "{n} agreements with {cities}, all statuses. Hover an arc for its type, year, "
            "status and source.",
            n_agreements,
        ).format(
            n=format_count(n_agreements),
            cities=ngettext("{n} city", "{n} cities", n_cities).format(n=format_count(n_cities)),
        )
    )
    counted_map_text(
        _("agreement type"),
        _("partnership arcs"),
        {
            terms.partnership_type(kind): n
            for kind, n in raw["type"].astype(str).value_counts().items()
        },
        section.table[["Partner", "Country", "Type", "Year", "Status", "Source"]],
        key="profile.partners.map_text",
    )
    sourced_table(
        atlas,
        keep_language(section.table, "Profile"),
        key="profile.partners",
        stem=f"{profile.city_id}-partners",
        line=section.line,
        column_config=translated_headers(
            section.table.columns,
            {"Year": YEAR, "Link": link_column(), "Profile": profile_link_column()},
        ),
    )


def networks(atlas: Atlas, profile: model.CityProfile) -> None:
    st.subheader(_("City networks"), anchor=False)
    section = profile.networks
    if section.empty:
        st.caption(
            _(
                "No city network in the Atlas lists this city. Most member lists held are "
                "incomplete, so this is 'not listed', not 'not a member'."
            )
        )
        return
    sourced_table(
        atlas,
        section.table,
        key="profile.networks",
        stem=f"{profile.city_id}-networks",
        line=section.line,
        column_config=translated_headers(
            section.table.columns, {"Since": YEAR, "Link": link_column()}
        ),
    )
