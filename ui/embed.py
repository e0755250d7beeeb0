"""Embed mode: one chart or the map, without navigation or sidebar, for an iframe in an article.

Opened with `iframe=1` in the link (Streamlit reserves `embed`; adding `embed=true` as well
also hides Streamlit's own toolbar). The shared filters still apply from the link; they are
just not drawn where a reader could change them. Only static CSS is injected, never data.
"""

from __future__ import annotations

import streamlit as st

from atlas.i18n import N_, _
from atlas.urlstate import BoolParam, to_query_string
from ui import url

SCOPE = "shell"
SPECS = [BoolParam("iframe", default=False, label=N_("embed mode"))]
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


EMBED_CHART_KEY = "embed_chart"
# Hide everything in the page except the one embedded chart (and what leads to it).
ONLY_THE_CHART_CSS = """
<style>
[data-testid="stMain"] [data-testid="stVerticalBlock"]:not(.st-key-embed_chart):not(
  .st-key-embed_chart [data-testid="stVerticalBlock"])
  > div:not(:has(.st-key-embed_chart)):not(.st-key-embed_chart) {
  display: none !important;
}
</style>
"""
_PAGE = "_embed_current_page"


def embedded() -> bool:
    return bool(st.session_state.get(_KEY))


def set_current_page(page: object) -> None:
    """app.py records the page being shown, so an embedded chart can link back to it."""
    st.session_state[_PAGE] = page


def only_the_chart() -> None:
    """In embed mode, called once the page's first chart is drawn: hide the rest and stop."""
    st.html(ONLY_THE_CHART_CSS)
    st.stop()


def embed_style() -> None:
    st.html(EMBED_CSS)


def full_view_link(page_path: str | None = None) -> None:
    """A small link from the embedded chart to the same view in the full Atlas."""
    query = {k: v for k, v in st.query_params.to_dict().items() if k != "iframe"}
    page = page_path or st.session_state.get(_PAGE)
    if page is None:
        return
    st.page_link(
        page,
        label=_("Open this view in the City Science Diplomacy Atlas"),
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
