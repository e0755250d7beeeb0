"""Data and methods: sources, indicator definitions, coverage, geography, the data package,
and bringing your own data (upload, validation report, confirm, remove)."""

from __future__ import annotations

import streamlit as st

from atlas.catalogue import group_name
from atlas.filters import city_ids
from atlas.i18n import N_, _
from atlas.urlstate import Choice, MultiChoice
from atlas.urltext import TextParam
from ui import url
from ui.data import base_atlas, get_atlas, session_extras
from ui.filters import current_filters
from ui.methods_view import (
    render_coverage,
    render_definitions,
    render_download,
    render_geography,
    render_sources,
)
from ui.upload_view import EXTRA_NAME, render_upload
from ui.views import view_switch

atlas = get_atlas()
filters = current_filters()
SCOPE = "data"
SECTIONS = {
    "sources": N_("Sources"),
    "indicators": N_("Indicators"),
    "coverage": N_("Coverage"),
    "geography": N_("Geography"),
    # Translators: a section of Data and methods: the data package to download
    "download": N_("Download"),
    "upload": N_("Your data"),
}
GROUPS = {str(g): str(g) for g in atlas.indicators["group"].dropna().unique()}
SPECS = [
    Choice("section", SECTIONS, default="sources", label=N_("section")),
    TextParam("q", max_length=100, label=N_("source search")),
    MultiChoice("group", GROUPS, label=N_("indicator group")),
]
notes = url.bind(SPECS, SCOPE)
url.show_notes(st.session_state.get("_link_notes", []) + notes)
key = {spec.name: url.widget_key(SCOPE, spec) for spec in SPECS}

st.title(_("Data and methods"))
st.markdown(
    _(
        "Where every figure comes from, what each indicator means and which geography it "
        "describes, which city has which figure, the whole data package to take away, and a "
        "place to add your own data for this session."
    )
)
has_user_data = EXTRA_NAME in session_extras()
if has_user_data:
    st.info(
        _(
            "This session includes data you uploaded. It is labelled “(your data)” on every "
            "page and is seen by no one else; remove it under Your data."
        ),
        icon=":material/person:",
    )

section = view_switch(_("Section"), SECTIONS, key["section"]) or "sources"

if section == "sources":
    st.subheader(_("Sources"))
    query = st.text_input(
        _("Search sources"),
        key=key["q"],
        persist_state="session",
        placeholder=_("Publisher, title, address or licence (accents and case ignored)"),
        max_chars=100,
        icon=":material/search:",
    )
    render_sources(atlas, query)
elif section in ("indicators", "coverage"):
    chosen = st.pills(
        _("Indicator group"),
        list(GROUPS),
        selection_mode="multi",
        format_func=group_name,
        key=key["group"],
        persist_state="session",
        help=_("Show only indicators of these groups (none chosen: all)."),
    )
    if section == "indicators":
        st.subheader(_("Indicator definitions"))
        render_definitions(atlas, chosen)
    else:
        st.subheader(_("Coverage"))
        ids = list(city_ids(atlas, filters))
        scope = filters.describe(atlas) if filters.active else _("all cities")
        render_coverage(atlas, ids, chosen, filters.year, scope)
elif section == "geography":
    st.subheader(_("Which geography a figure describes"))
    render_geography(atlas)
elif section == "download":
    st.subheader(_("Download the data package"))
    render_download(base_atlas(), has_user_data)
else:
    st.subheader(_("Bring your own data"))
    render_upload(base_atlas())

url.remember(SPECS, SCOPE)
