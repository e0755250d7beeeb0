"""The sidebar filters every page shares; drawn by app.py so they persist across pages."""

from __future__ import annotations

import streamlit as st

from atlas import terms
from atlas.filters import Filters, available_years
from atlas.i18n import _
from atlas.load import Atlas
from atlas.schema import REGIONS
from atlas.urlstate import Choice, MultiChoice, Param
from ui import url

SCOPE = "filters"
LATEST = "latest"


def choices(atlas: Atlas) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """id -> label for countries, networks and years, in the order they are offered."""
    countries = (
        atlas.cities.drop_duplicates("country")
        .set_index("country")["country_name"]
        .sort_values()
        .to_dict()
    )
    networks = atlas.networks["name"].sort_values().to_dict()
    years = {
        LATEST: _("Latest available"),
        **{str(y): str(y) for y in reversed(available_years(atlas))},
    }
    return countries, networks, years


def specs(atlas: Atlas) -> list[Param]:
    countries, networks, years = choices(atlas)
    return [
        MultiChoice("region", {r: terms.region(r) for r in REGIONS}, label=_("region")),
        MultiChoice("country", countries, label=_("country")),
        MultiChoice("network", networks, label=_("network")),
        Choice("year", years, default=LATEST, label=_("year")),
    ]


def sidebar_filters(atlas: Atlas) -> tuple[Filters, list[str]]:
    """Draw the shared filters and return them with any notes about the link they came from."""
    param_specs = specs(atlas)
    notes = url.bind(param_specs, SCOPE)
    by_name = {s.name: s for s in param_specs}
    country_labels, network_labels, year_labels = choices(atlas)
    key = lambda name: url.widget_key(SCOPE, by_name[name])  # noqa: E731
    with st.sidebar:
        st.markdown(_("**Filters** (apply on every page)"))
        regions = st.multiselect(
            _("Region"),
            list(REGIONS),
            key=key("region"),
            format_func=terms.region,
            placeholder=_("All regions"),
        )
        country_options = list(country_labels)
        if regions:
            in_region = set(atlas.cities.loc[atlas.cities["region"].isin(regions), "country"])
            chosen = st.session_state.get(key("country"), [])
            country_options = [c for c in country_options if c in in_region or c in chosen]
        countries = st.multiselect(
            _("Country"),
            country_options,
            key=key("country"),
            format_func=lambda c: country_labels.get(c, c),
            placeholder=_("All countries"),
        )
        networks = st.multiselect(
            _("City network"),
            list(network_labels),
            key=key("network"),
            format_func=lambda n: network_labels.get(n, n),
            placeholder=_("Any or no network"),
        )
        year = st.selectbox(
            _("Year"),
            list(year_labels),
            key=key("year"),
            format_func=lambda y: year_labels.get(y, y),
            help=_("Latest available shows each city's most recent figure."),
        )
    url.remember(param_specs, SCOPE)
    return Filters(
        tuple(regions), tuple(countries), tuple(networks), None if year == LATEST else int(year)
    ), notes


def current_filters() -> Filters:
    """The filters app.py drew in this run (pages read them from here)."""
    return st.session_state.get("_filters", Filters())
