"""Contrast and phone-layout fixes to Streamlit's own styles, as one static stylesheet.

Only this fixed stylesheet is injected, never data.

- Captions: Streamlit fades a caption by giving its whole box 60% opacity, so a link in a
  caption (the City profile's GeoNames record) fades too, to 2.96:1 on white, below WCAG's
  4.5:1. Here the caption's text colour is faded instead of the box, which looks the same
  for the text and leaves links at their full theme colour.
- Dark theme: Streamlit writes multiselect tags in white on the primary colour; the dark
  theme's light blue (#56B4E9, chosen to read on the dark page) gives 2.3:1 with white.
  There the tags' text is the dark page colour instead (8.2:1).
- Phones (up to 640 px, where Streamlit stacks columns): Streamlit keeps a row of pills on
  one line that scrolls sideways inside its box (the last layer choice is cut off and easy to
  miss), and stacks a row of metrics one per line, so the Overview's six headline figures fill
  the whole first screen. Here pills wrap and metrics sit two to a row.
"""

from __future__ import annotations

import streamlit as st

ACCESS_CSS = """
<style>
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"] p,
[data-testid="stCaptionContainer"] li {
  color: color-mix(in srgb, currentColor 60%, transparent);
}
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


_DARK_RULES = """
[data-tag], [data-tag] span, [data-tag] svg { color: #0E1117 !important; fill: #0E1117 !important; }
"""
# Streamlit follows the browser's colour scheme; a reader who picks the dark theme in the
# app's settings is told apart by st.context once the browser has reported the theme.
DARK_CSS = f"<style>@media (prefers-color-scheme: dark) {{ {_DARK_RULES} }}</style>"
DARK_CHOSEN_CSS = f"<style>{_DARK_RULES}</style>"


def access_style() -> None:
    """Apply the rules for this run (the phone rules do nothing on wider screens)."""
    theme = getattr(st.context.theme, "type", None)
    st.html(ACCESS_CSS + {"dark": DARK_CHOSEN_CSS, "light": ""}.get(theme, DARK_CSS))
