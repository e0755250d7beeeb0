"""City Science Diplomacy Atlas: entry point, navigation and the shell every page shares."""

from __future__ import annotations

import streamlit as st

from ui import pages_folder, tour, url
from ui.access import access_style
from ui.data import get_atlas, mark_shell
from ui.embed import embed_style, read_embed_flag, set_current_page
from ui.filters import sidebar_filters

st.set_page_config(
    page_title="City Science Diplomacy Atlas",
    page_icon="🌐",
    layout="wide",
    initial_sidebar_state="auto",  # collapsed on phones, where it would cover the page
)

PAGES = {
    "Explore": [
        st.Page(
            "pages/overview.py",
            title="Overview",
            icon=":material/public:",
            default=True,
            url_path="overview",
        ),
        st.Page("pages/map.py", title="Map", icon=":material/map:", url_path="map"),
        st.Page(
            "pages/profile.py",
            title="City profile",
            icon=":material/location_city:",
            url_path="profile",
        ),
    ],
    "Rank and compare": [
        st.Page(
            "pages/rankings.py",
            title="Rankings",
            icon=":material/leaderboard:",
            url_path="rankings",
        ),
        st.Page("pages/compare.py", title="Compare", icon=":material/compare:", url_path="compare"),
        st.Page(
            "pages/index_builder.py",
            title="Index builder",
            icon=":material/tune:",
            url_path="index_builder",
        ),
        st.Page(
            "pages/inputs_outputs.py",
            title="Inputs and outputs",
            icon=":material/scatter_plot:",
            url_path="inputs_outputs",
        ),
    ],
    "Diplomacy networks": [
        st.Page(
            "pages/partnerships.py",
            title="Partnerships",
            icon=":material/hub:",
            url_path="partnerships",
        ),
        st.Page("pages/hubs.py", title="Hubs", icon=":material/apartment:", url_path="hubs"),
    ],
    "Present": [
        st.Page("pages/tour.py", title="My tour", icon=":material/slideshow:", url_path="tour"),
    ],
    "About the data": [
        st.Page(
            "pages/data_methods.py",
            title="Data and methods",
            icon=":material/dataset:",
            url_path="data_methods",
        ),
    ],
}

url.start_run()
embedded, embed_notes = read_embed_flag()
# routing by st.navigation with the pages kept in pages/ (ui/pages_folder.py says why)
navigation = pages_folder.navigation(PAGES, menu=not embedded)
mark_shell()
access_style()
set_current_page(navigation)
if embedded:
    embed_style()
atlas = get_atlas()
filters, link_notes = sidebar_filters(atlas)
st.session_state["_filters"] = filters
st.session_state["_link_notes"] = embed_notes + link_notes
with st.sidebar:
    st.caption(f"Data as of {atlas.data_as_of or 'unknown date'} · sources on every view")
if not embedded:
    tour.register_pages(PAGES)
    tour.add_view_control(navigation, tour.view_labels(atlas))
    tour.run_shell()
navigation.run()
url.write_url()
