"""City profile: one city's key facts, hubs, partners, networks, outputs and standing.

Built for the municipal official preparing a briefing: every figure names its source and the
geography it describes, and the link (``/profile?city=barcelona-es``) reopens the same city.
"""

from __future__ import annotations

import streamlit as st

from atlas.filters import city_ids
from atlas.i18n import _, ngettext
from atlas.numbers import format_count
from atlas.views import profile as model
from ui import profile_sections as sections
from ui import profile_view as view
from ui import url
from ui.briefing import briefing_button
from ui.data import get_atlas
from ui.facts import city_label
from ui.filters import current_filters

atlas = get_atlas()
filters = current_filters()
SCOPE = "profile"
labels = view.city_labels(atlas)
SPECS = [model.city_param(labels)]
notes = url.bind(SPECS, SCOPE)
url.show_notes(st.session_state.get("_link_notes", []) + notes)
key = url.widget_key(SCOPE, SPECS[0])

st.title(_("City profile"))
chosen = st.session_state.get(key)
narrowed = bool(filters.regions or filters.countries or filters.networks)
in_filter = set(city_ids(atlas, filters)) if narrowed else None
options = [c for c in labels if in_filter is None or c in in_filter or c == chosen]
city_id = st.selectbox(
    _("City"),
    options,
    format_func=labels.get,
    index=None,
    placeholder=_("Type a city name…"),
    key=key,
    persist_state="session",
    help=_("Search any city in the Atlas by name."),
)
url.remember(SPECS, SCOPE)
if in_filter is not None:
    st.caption(
        ngettext(
            "The list holds the {n} city matching the sidebar filters ({filters}). Clear them "
            "to choose among all {total}.",
            "The list holds the {n} cities matching the sidebar filters ({filters}). Clear them "
            "to choose among all {total}.",
            len(in_filter),
        ).format(
            n=format_count(len(in_filter)),
            filters=filters.describe(atlas),
            total=format_count(len(labels)),
        )
    )

if city_id is None:
    sections.prompt(atlas, city_label(atlas))  # buttons: "Name, Country", no other names
else:
    city = atlas.cities.loc[city_id]
    profile = view.city_profile(atlas, city_id, filters.year)
    briefing_button(atlas, [city_id], key="profile.briefing")
    sections.key_facts(atlas, city, profile)
    sections.standing(city, profile, filters.year, atlas)
    sections.outputs(atlas, profile, filters.year)
    sections.hubs(atlas, city, profile)
    sections.partners(atlas, profile)
    sections.networks(atlas, profile)
