"""Embed mode: one chart or the map, without navigation or sidebar, for an iframe in an article.

Opened with `iframe=1` in the link (Streamlit reserves `embed`; adding `embed=true` as well
also hides Streamlit's own toolbar). The shared filters still apply from the link; they are
just not drawn where a reader could change them. Only static CSS is injected, never data.
"""

from __future__ import annotations

import streamlit as st

from atlas.urlstate import BoolParam, to_query_string
from ui import url

SCOPE = "shell"
SPECS = [BoolParam("iframe", default=False, label="embed mode")]
_KEY = url.widget_key(SCOPE, SPECS[0])

EMBED_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important;
  padding: 0.5rem 1rem 0.25rem 1rem !important; }
</style>
"""


def read_embed_flag() -> tuple[bool, list[str]]:
    """Called by app.py before navigation is drawn; keeps the flag in the link."""
    notes = url.bind(SPECS, SCOPE)
    url.remember(SPECS, SCOPE)
    return bool(st.session_state.get(_KEY)), notes


def embedded() -> bool:
    return bool(st.session_state.get(_KEY))


def embed_style() -> None:
    st.html(EMBED_CSS)


def full_view_link(page_path: str, url_path: str) -> None:
    """A small link from the embedded chart to the same view in the full Atlas."""
    query = {k: v for k, v in st.query_params.to_dict().items() if k != "iframe"}
    st.page_link(
        page_path,
        label="Open this view in the City Science Diplomacy Atlas",
        icon=":material/open_in_new:",
        query_params=query,
    )


def embed_snippet(url_path: str, query: dict[str, str], height: int = 620) -> str:
    """The iframe code a journalist pastes into an article (relative to the Atlas's address)."""
    link = to_query_string({**query, "iframe": "1", "embed": "true"})
    return (
        f'<iframe src="https://YOUR-ATLAS-ADDRESS/{url_path}?{link}" width="100%" '
        f'height="{height}" style="border:0" loading="lazy" '
        'title="City Science Diplomacy Atlas"></iframe>'
    )
