"""Layout fixes for phones (up to 640 px, where Streamlit stacks columns), as static CSS.

Only this fixed stylesheet is injected, never data. On a 390 px screen Streamlit keeps a row
of pills on one line that scrolls sideways inside its box (the last layer choice is cut off
and easy to miss), and stacks a row of metrics one per screen line, so the Overview's six
headline figures fill the whole first screen. Here pills wrap and metrics sit two to a row.
"""

from __future__ import annotations

import streamlit as st

PHONE_CSS = """
<style>
@media (max-width: 640px) {
  [data-testid="stButtonGroup"] > div {
    flex-wrap: wrap !important; overflow-x: visible !important;
  }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
    flex-wrap: wrap !important; row-gap: 0.5rem !important;
  }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"])
    > [data-testid="stColumn"] {
    min-width: calc(50% - 0.5rem) !important; flex: 1 1 calc(50% - 0.5rem) !important;
  }
}
</style>
"""


def phone_style() -> None:
    """Apply the phone layout rules for this run (they do nothing on wider screens)."""
    st.html(PHONE_CSS)
