"""Data and methods: sources, indicator definitions, coverage, geography, the data package,
and bringing your own data (upload, validation report, confirm, remove)."""

from __future__ import annotations

import streamlit as st

from atlas.filters import city_ids
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

atlas = get_atlas()
filters = current_filters()
SCOPE = "data"
SECTIONS = {
    "sources": "Sources",
    "indicators": "Indicators",
    "coverage": "Coverage",
    "geography": "Geography",
    "download": "Download",
    "upload": "Your data",
}
GROUPS = {str(g): str(g) for g in atlas.indicators["group"].dropna().unique()}
SPECS = [
    Choice("section", SECTIONS, default="sources", label="section"),
    TextParam("q", max_length=100, label="source search"),
    MultiChoice("group", GROUPS, label="indicator group"),
]
notes = url.bind(SPECS, SCOPE)
url.show_notes(st.session_state.get("_link_notes", []) + notes)
key = {spec.name: url.widget_key(SCOPE, spec) for spec in SPECS}

st.title("Data and methods")
st.markdown(
    "Where every figure comes from, what each indicator means and which geography it "
    "describes, which city has which figure, the whole data package to take away, and a place "
    "to add your own data for this session."
)
has_user_data = EXTRA_NAME in session_extras()
if has_user_data:
    st.info(
        "This session includes data you uploaded. It is labelled “(your data)” on every page "
        "and is seen by no one else; remove it under Your data.",
        icon=":material/person:",
    )

section = st.segmented_control(
    "Section",
    list(SECTIONS),
    format_func=SECTIONS.get,
    required=True,
    key=key["section"],
    persist_state="session",
    label_visibility="collapsed",
)
section = section or "sources"

if section == "sources":
    st.subheader("Sources")
    query = st.text_input(
        "Search sources",
        key=key["q"],
        persist_state="session",
        placeholder="Publisher, title, address or licence (accents and case ignored)",
        max_chars=100,
        icon=":material/search:",
    )
    render_sources(atlas, query)
elif section in ("indicators", "coverage"):
    chosen = st.pills(
        "Indicator group",
        list(GROUPS),
        selection_mode="multi",
        key=key["group"],
        persist_state="session",
        help="Show only indicators of these groups (none chosen: all).",
    )
    if section == "indicators":
        st.subheader("Indicator definitions")
        render_definitions(atlas, chosen)
    else:
        st.subheader("Coverage")
        ids = list(city_ids(atlas, filters))
        scope = filters.describe(atlas) if filters.active else "all cities"
        render_coverage(atlas, ids, chosen, filters.year, scope)
elif section == "geography":
    st.subheader("Which geography a figure describes")
    render_geography(atlas)
elif section == "download":
    st.subheader("Download the data package")
    render_download(base_atlas(), has_user_data)
else:
    st.subheader("Bring your own data")
    render_upload(base_atlas())

url.remember(SPECS, SCOPE)
