"""Presentation mode: the page as a projector needs it, with no sidebar or app chrome.

Only static CSS written here is injected (never data), and only while the mode is on, so
switching it off removes the style and the normal view comes back on the next run.
"""

from __future__ import annotations

import streamlit as st

PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarNav"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stExpandSidebarButton"] {
  display: none !important;
}
[data-testid="stMainBlockContainer"] {
  max-width: 100% !important;
  padding: 0.75rem 1.5rem 0.5rem 1.5rem !important;
}
[data-testid="stMain"] h1 { font-size: 2.6rem !important; padding: 0 !important; }
[data-testid="stMain"] p, [data-testid="stMain"] li,
[data-testid="stMain"] label, [data-testid="stMain"] [data-testid="stCaptionContainer"] {
  font-size: 1.3rem !important;
}
[data-testid="stMain"] [data-testid="stMetricValue"] { font-size: 2.4rem !important; }
[data-testid="stMain"] [data-testid="stDataFrame"] { font-size: 1.25rem !important; }
</style>
"""


def presentation_style() -> None:
    """Hide the sidebar and chrome and enlarge type for the rest of this run."""
    st.html(PRESENTATION_CSS)
