"""City Science Diplomacy Atlas: entry point, navigation and the shell every page shares."""

from __future__ import annotations

import streamlit as st

from atlas.i18n import _
from atlas.numbers import format_date
from ui import language, pages_folder, registry, tour, url
from ui.access import access_style
from ui.data import get_atlas, mark_shell
from ui.embed import embed_style, read_embed_flag, set_current_page
from ui.filters import sidebar_filters

url.start_run()
language.start()  # before anything writes text: the whole run is in the visitor's language
url.keep_language()

st.set_page_config(
    page_title=_("City Science Diplomacy Atlas"),
    page_icon="🌐",
    layout="wide",
    initial_sidebar_state="auto",  # collapsed on phones, where it would cover the page
)

PAGES = registry.streamlit_pages()  # the page list itself is ui/registry.py

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
language_note = language.note()
st.session_state["_link_notes"] = (
    embed_notes + link_notes + ([language_note] if language_note else [])
)
if not embedded:
    language.picker()
with st.sidebar:
    st.caption(
        _("Data as of {date} · sources on every view").format(
            date=format_date(atlas.data_as_of) if atlas.data_as_of else _("unknown date")
        )
    )
if not embedded:
    tour.register_pages(PAGES)
    tour.add_view_control(navigation, tour.view_labels(atlas))
    tour.run_shell()
navigation.run()
url.write_url()
