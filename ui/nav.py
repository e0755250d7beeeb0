"""The sidebar's page menu, drawn with st.page_link instead of Streamlit's own navigation.

Streamlit 1.67 draws sectioned navigation as a <ul> whose children are <div>s holding the
<li>s, which axe-core reports as two serious violations (`list`, `listitem`) on every page:
screen readers announce a broken list. Links under a plain section label read correctly, look
the same, and still mark the page being shown. app.py keeps st.navigation (position
"hidden") for routing and page URLs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st
from streamlit.navigation.page import StreamlitPage


def sidebar_nav(pages: Mapping[str, Sequence[StreamlitPage]]) -> None:
    """One link per page under its section's name, in app.py's order, at the sidebar's top."""
    with st.sidebar.container(key="atlas_nav"):
        for section, items in pages.items():
            st.caption(section)
            for page in items:
                st.page_link(page, label=page.title, icon=page.icon, width="stretch")
