"""City Science Diplomacy Atlas: entry point, navigation and the shell every page shares."""

from __future__ import annotations

import streamlit as st

from ui import pages_folder, registry, tour, url
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

PAGES = registry.streamlit_pages()  # the page list itself is ui/registry.py

url.start_run()
embedded, embed_notes = read_embed_flag()
# routing by st.navigation with the pages kept in pages/ (ui/pages_folder.py says why); an
# embedded view has no menu at all
navigation = pages_folder.navigation(PAGES, menu=None if embedded else registry.menu_pages(PAGES))
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
