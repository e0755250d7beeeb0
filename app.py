"""City Science Diplomacy Atlas: entry point, navigation and the shell every page shares."""

from __future__ import annotations

import streamlit as st

from ui import url
from ui.data import get_atlas, mark_shell
from ui.embed import embed_style, read_embed_flag
from ui.filters import sidebar_filters

st.set_page_config(
    page_title="City Science Diplomacy Atlas",
    page_icon="🌐",
    layout="wide",
    initial_sidebar_state="expanded",
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
    ],
}

url.start_run()
embedded, embed_notes = read_embed_flag()
navigation = st.navigation(PAGES, position="hidden" if embedded else "sidebar")
mark_shell()
if embedded:
    embed_style()
atlas = get_atlas()
filters, link_notes = sidebar_filters(atlas)
st.session_state["_filters"] = filters
st.session_state["_link_notes"] = embed_notes + link_notes
with st.sidebar:
    st.caption(f"Data as of {atlas.data_as_of or 'unknown date'} · sources on every view")
navigation.run()
url.write_url()
